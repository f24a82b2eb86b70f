/**
 * The one database client factory. Without a URL: the embedded PGlite database kept on disk
 * under the data directory, shared by every subgraph of this process (one owner per directory,
 * held by a lock file), on a thread of its own (db/pglite-thread.ts). With a URL: postgres.js,
 * one pool per distinct URL, so a subgraph whose `<NAME>_DATABASE_URL` points elsewhere gets its own.
 */
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { PGlite } from '@electric-sql/pglite'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type { MigrationConfig } from 'drizzle-orm/migrator'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import { DEFAULT_DATABASE_POOL_SIZE, plannerParameters, type PlannerSettings } from '../lib/config.ts'
import { endWithError, startSqlSpan, tracingEnabled } from '../lib/telemetry.ts'
import { acquireDataDirLock } from './lock.ts'
import { openPgliteThread, type PgliteThread } from './pglite-thread.ts'
import { recordSqlStatement } from './sql-counter.ts'

/** A drizzle database, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT>

export type DatabaseTarget =
  | { kind: 'embedded'; dataDir: string }
  /** An embedded database that lives only in memory, optionally loaded from a dump (tests). */
  | { kind: 'memory'; loadDataDir?: Blob | File }
  /**
   * `max`: the pool's connections at most. @default DEFAULT_DATABASE_POOL_SIZE
   * `planner`: set on each connection as it opens; unset, the server's own settings.
   */
  | { kind: 'server'; url: string; max?: number; planner?: PlannerSettings }

export interface Database {
  readonly target: DatabaseTarget
  /** A drizzle handle whose statements are counted under `source` (a subgraph's name). */
  drizzle(source: string): Db
  /** Applies a folder of migrations with the driver's own migrator (statements uncounted). */
  migrate(config: MigrationConfig): Promise<void>
  /** The embedded database's whole data directory as a tarball (tests load it again); undefined on a server. */
  readonly dumpDataDir: (() => Promise<Blob>) | undefined
  /**
   * Raw SQL for libraries that bring their own (the job queue): with parameters, one statement;
   * without, any number of them, the last one's rows returned. Uncounted.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>
  /**
   * Bulk load: `COPY <target> FROM` the text-format `data` (tab-separated, `\N` for null, one row a
   * line), where `target` is a quoted table and its column list. Uncounted.
   */
  copyFrom(target: string, data: ReadonlyArray<Uint8Array<ArrayBuffer>>): Promise<void>
  close(): Promise<void>
}

export { EMBEDDED_POSTGRES_SETTINGS } from './pglite-thread.ts'

function counted(source: string) {
  return { logQuery: () => recordSqlStatement(source) }
}

/**
 * Runs one statement in a span of its own (see `startSqlSpan`). postgres.js and PGlite come with no
 * tracing of their own, and drizzle's logger is told of a statement only before it runs.
 */
function inSqlSpan<Q extends PromiseLike<unknown>>(source: string, text: string, run: () => Q): Q {
  const span = startSqlSpan(source, text)
  const query = run()
  // postgres.js sends a query once something awaits it, a microtask later: after drizzle has asked for `.values()`.
  if (span) query.then(() => span.end(), (error: unknown) => endWithError(span, error))
  return query
}

type AnyFunction = (...args: unknown[]) => unknown

/**
 * A postgres.js client whose statements (a transaction's and a savepoint's too) are traced while
 * tracing is on; while it is off, each call goes straight through.
 */
function tracedPostgres(client: postgres.Sql, source: string): postgres.Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver)
      if (typeof value !== 'function' || !tracingEnabled()) return value
      const call = value as AnyFunction
      if (property === 'unsafe') return (text: string, ...rest: unknown[]) => inSqlSpan(source, text, () => call(text, ...rest) as PromiseLike<unknown>)
      if (property === 'begin' || property === 'savepoint') {
        // The transaction's own client is the callback's argument (after optional options or a name).
        return (...args: unknown[]) => call(...args.map((arg) => (typeof arg === 'function' ? (tx: postgres.Sql) => (arg as AnyFunction)(tracedPostgres(tx, source)) : arg)))
      }
      return value
    },
  })
}

/** The same for the embedded database's client (whose methods need their own instance as `this`). */
function tracedPglite<Client extends object>(client: Client, source: string): Client {
  const bound = new Map<PropertyKey, AnyFunction>()
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target)
      if (typeof value !== 'function') return value
      const call = value as AnyFunction
      if (tracingEnabled()) {
        if (property === 'query') return (text: string, ...rest: unknown[]) => inSqlSpan(source, text, () => call.call(target, text, ...rest) as PromiseLike<unknown>)
        if (property === 'transaction') return (fn: AnyFunction) => call.call(target, (tx: object) => fn(tracedPglite(tx, source)))
      }
      let method = bound.get(property)
      if (!method) bound.set(property, (method = call.bind(target)))
      return method
    },
  })
}

/** drizzle's PGlite driver calls `query` and `transaction` only, which the thread's client has. */
function asPglite(client: PgliteThread): PGlite {
  return client as unknown as PGlite
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'server') {
    const client = postgres(target.url, {
      max: target.max ?? DEFAULT_DATABASE_POOL_SIZE,
      onnotice: () => {},
      // Fail fast with the driver's own error rather than hang on a wrong URL.
      connect_timeout: 10,
      // Startup parameters: behind PgBouncer, list them in ignore_startup_parameters and set them
      // per database or role instead (README: Sizing the database pool).
      connection: plannerParameters(target.planner),
    })
    return {
      target,
      dumpDataDir: undefined,
      drizzle: (source) => drizzlePostgres({ client: tracedPostgres(client, source), logger: counted(source) }),
      executeSql: async (text, values) => {
        // postgres.js sends a parameterless text by the simple protocol, so several statements may run.
        if (values && values.length > 0) {
          // As node-postgres does (the queue is written for it): undefined goes as null, a plain object as JSON text.
          const params = values.map((v) => (v === undefined ? null : v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v) && !Buffer.isBuffer(v) ? JSON.stringify(v) : v))
          const rows = await client.unsafe(text, params as postgres.ParameterOrJSON<never>[])
          return { rows: [...rows] }
        }
        // Several statements may open and close a transaction: on one reserved connection, as postgres.js requires.
        const reserved = await client.reserve()
        let result
        try {
          result = await reserved.unsafe(text).simple()
        } catch (error) {
          // A statement that failed inside the text's own BEGIN leaves the connection in an aborted transaction: end it.
          await reserved.unsafe('ROLLBACK').catch(() => undefined)
          throw error
        } finally {
          reserved.release()
        }
        const last: unknown = Array.isArray(result[0]) ? result.at(-1) : result
        return { rows: Array.isArray(last) ? [...(last as unknown[])] : [] }
      },
      migrate: (config) => migratePostgres(drizzlePostgres({ client }), config),
      copyFrom: async (copyTarget, data) => {
        // A connection of its own: postgres.js would otherwise pipeline other queries onto it mid-COPY.
        const reserved = await client.reserve()
        try {
          const query = reserved.unsafe(`copy ${copyTarget} from stdin`)
          const stream = await query.writable()
          // postgres.js 3.4 never settles the stream when the server rejects the data after the last
          // write (porsager/postgres#1173): the error reaches only the query's own reject. Take it there.
          let rejected: (error: unknown) => void = () => {}
          const failed = new Promise<never>((_, reject) => (rejected = reject))
          if ('reject' in query && typeof query.reject === 'function') {
            const reject = query.reject
            query.reject = (error: unknown) => {
              rejected(error)
              reject.call(query, error)
            }
          }
          await Promise.race([pipeline(Readable.from(data), stream), failed])
        } finally {
          reserved.release()
        }
      },
      close: () => client.end({ timeout: 5 }),
    }
  }

  let release = () => {}
  let pglite: PgliteThread
  if (target.kind === 'embedded') {
    release = acquireDataDirLock(target.dataDir)
    try {
      pglite = await openPgliteThread({ dataDir: path.join(target.dataDir, 'pgdata') })
    } catch (error) {
      release()
      throw error
    }
  } else {
    pglite = await openPgliteThread(target.loadDataDir ? { loadDataDir: await target.loadDataDir.arrayBuffer() } : {})
  }
  return {
    target,
    dumpDataDir: () => pglite.dumpDataDir('gzip'),
    drizzle: (source) => drizzlePglite({ client: asPglite(tracedPglite(pglite, source)), logger: counted(source) }),
    executeSql: async (text, values) => {
      if (values && values.length > 0) return { rows: (await pglite.query(text, values)).rows }
      try {
        const results = await pglite.exec(text)
        return { rows: results.at(-1)?.rows ?? [] }
      } catch (error) {
        // As on a server: a failure inside the text's own BEGIN must not leave the shared connection in an aborted transaction.
        await pglite.exec('ROLLBACK').catch(() => undefined)
        throw error
      }
    },
    migrate: (config) => migratePglite(drizzlePglite({ client: asPglite(pglite) }), config),
    copyFrom: (copyTarget, data) => pglite.copyFrom(copyTarget, data),
    close: async () => {
      try {
        await pglite.close()
      } finally {
        release()
      }
    },
  }
}

/** Where a subgraph's data lives: its own URL, else the shared one, else the embedded default. */
export function targetFor(databaseUrl: string | undefined, dataDir: string, poolSize?: number, planner?: PlannerSettings): DatabaseTarget {
  return databaseUrl
    ? { kind: 'server', url: databaseUrl, ...(poolSize === undefined ? {} : { max: poolSize }), ...(planner === undefined ? {} : { planner }) }
    : { kind: 'embedded', dataDir }
}

/**
 * SQLSTATEs of a server that takes no more connections: 53300 is "sorry, too many clients already",
 * "remaining connection slots are reserved…" and a database's or role's CONNECTION LIMIT; 57P03 is
 * a server starting up or shutting down.
 */
const REFUSED_CONNECTION_CODES: ReadonlySet<string> = new Set(['53300', '57P03'])

/** PgBouncer's own words when its pools are full; its code (08P01) also covers real protocol errors. */
const PGBOUNCER_FULL = /^(no more connections allowed|query_wait_timeout)/

/**
 * Why the database could not give a connection, when that is what `error` (or its cause: drizzle
 * wraps the driver's error, graphql-js the resolver's) says: the server (or PgBouncer) refused one,
 * or postgres.js gave up waiting for one (CONNECT_TIMEOUT). Undefined for any other failure.
 */
export function connectionRefusal(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && (REFUSED_CONNECTION_CODES.has(code) || (code === '08P01' && PGBOUNCER_FULL.test(e.message)))) return `${code} ${e.message}`
    // postgres.js's own message: "write CONNECT_TIMEOUT <host>:<port>".
    if (code === 'CONNECT_TIMEOUT') return e.message
    e = (e as { originalError?: unknown }).originalError ?? e.cause
  }
  return undefined
}

/** The rows of `db.execute(sql…)`: postgres.js returns them as the result, PGlite under `rows`. */
export function rowsOf<Row>(result: unknown): Row[] {
  if (Array.isArray(result)) return result as Row[]
  const rows = (result as { rows?: unknown }).rows
  return Array.isArray(rows) ? (rows as Row[]) : []
}
