/**
 * How the seed's rows reach the database: each batch is written as COPY text here, in Node, and
 * loaded by `COPY … FROM`, with no parameters to build and no casts to run (the `insert … select
 * from unnest(…)` it replaced spent more of Node's time serialising its arrays than making rows).
 * Loads run in the background, several at once on a server's pool, while the seeders make the
 * next batches: generation is Node's CPU, loading is Postgres's, and on two cores they overlap.
 * A bounded queue keeps memory flat. Batches may land in any order: the seed sets the keys and
 * triggers aside while it loads (indexes.ts).
 */
import { getTableColumns } from 'drizzle-orm'
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core'
import { drizzle as drizzleProxy } from 'drizzle-orm/pg-proxy'
import type { Database, Db } from '../client.ts'

/** Encoded bytes waiting to load (or loading), at most: a few jobs. */
const QUEUED_BYTES = 16 << 20
/** Bytes of one COPY, about: a batch larger than this loads as several. */
const JOB_BYTES = 4 << 20
/**
 * The encoded text lives in buffers of up to this size, outside V8's heap: as strings, each
 * batch's text was a large object in the old generation, and garbage collection took a quarter
 * of the seed.
 */
const PIECE_BYTES = 1 << 20
/** Rows encoded into one short-lived string before it is copied into the current buffer. */
const BLOCK_ROWS = 200

export interface SeedLoader {
  /** For the odd single statement: it runs at once, beside the queued loads. */
  readonly db: Db
  /**
   * Takes `rows` (the table's camelCase keys; every row with the first row's keys) for `table`:
   * encodes them now, gathers them with the table's other rows, and loads them in the background
   * once they make a COPY's worth. Waits while too much is queued; throws once a load has failed.
   */
  load<T extends PgTable>(table: T, rows: ReadonlyArray<T['$inferInsert']>): Promise<void>
  /** Queues what is gathered (an area's last rows of each table), so it need not wait for `finish`. */
  flush(): Promise<void>
  /** Loads what is gathered and waits for every load; throws the first failure. */
  finish(): Promise<void>
  /** Rows loaded so far. */
  readonly loaded: number
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }
const SPECIAL = /[\\\t\n\r]/
const SPECIALS = /[\\\t\n\r]/g

/** An array element in Postgres's array literal: quoted, so commas, braces and spaces stay inside. */
function element(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  return `"${scalar(value).replace(/["\\]/g, '\\$&')}"`
}

/** A value as its type's input function reads it (what `::text::<type>` read before COPY). */
function scalar(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value === 'boolean') return value ? 't' : 'f'
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return `{${value.map(element).join(',')}}`
  throw new Error(`The seed's bulk load cannot store ${typeof value} values.`)
}

/** Columns whose values never hold a tab, a newline or a backslash, so need no escaping: most of them (ids, dates, numbers). */
const PLAIN_COLUMNS = new Set(['PgUUID', 'PgInteger', 'PgBigInt53', 'PgBigSerial53', 'PgBoolean', 'PgDateString', 'PgNumericNumber', 'PgTime', 'PgTimestamp'])

/** How one column's values are written in COPY's text format. */
function fieldOf(column: PgColumn): (value: unknown) => string {
  const plain = PLAIN_COLUMNS.has(column.columnType) || (column.columnType === 'PgEnumColumn' && !(column.enumValues ?? []).some((v) => SPECIAL.test(v)))
  if (plain) return (value) => (value === null || value === undefined ? '\\N' : scalar(value))
  return (value) => {
    if (value === null || value === undefined) return '\\N'
    const text = scalar(value)
    return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c] ?? c) : text
  }
}

interface Job {
  /** The quoted table and its column list. */
  target: string
  pieces: Array<Buffer<ArrayBuffer>>
  bytes: number
  rows: number
}

/**
 * Where rows are encoded before they are copied out into a job's pieces, one at a time: every
 * use fills it and copies it out without yielding in between.
 */
const scratch = Buffer.allocUnsafe(PIECE_BYTES)

/**
 * Appends `rows` in COPY's text format to the job gathering for their table (and column list) in
 * `gathering`, yielding each job that reaches `JOB_BYTES` (and starting the next): the seeders
 * hand over small batches, so that their rows die young in V8's heap, and the text of many batches
 * loads as one COPY. A large batch (the enrolments, the sign-ins) yields several jobs, each
 * encoded once the queue has room for it.
 */
function* encode<T extends PgTable>(table: T, rows: ReadonlyArray<T['$inferInsert']>, gathering: Map<string, Job>): Generator<Job> {
  const first = rows[0] as Record<string, unknown>
  const columns = getTableColumns(table) as Record<string, PgColumn>
  const keys = Object.keys(first).filter((key) => columns[key])
  const fields = keys.map((key) => fieldOf(columns[key] as PgColumn))
  const { name, schema } = getTableConfig(table)
  const target = `${schema ? `"${schema}".` : ''}"${name}" (${keys.map((key) => `"${columns[key]?.name}"`).join(', ')})`
  let job = gathering.get(target) ?? { target, pieces: [], bytes: 0, rows: 0 }
  gathering.set(target, job)
  let used = 0
  const cut = () => {
    if (used > 0) job.pieces.push(Buffer.from(scratch.subarray(0, used)))
    used = 0
  }
  for (let start = 0; start < rows.length; start += BLOCK_ROWS) {
    const end = Math.min(start + BLOCK_ROWS, rows.length)
    let block = ''
    for (let r = start; r < end; r++) {
      const row = rows[r] as Record<string, unknown>
      let line = ''
      for (let c = 0; c < keys.length; c++) line += (c ? '\t' : '') + (fields[c] as (value: unknown) => string)(row[keys[c] as string])
      block += `${line}\n`
    }
    const length = Buffer.byteLength(block)
    if (used + length > scratch.length) cut()
    if (length > scratch.length) job.pieces.push(Buffer.from(block))
    else used += scratch.write(block, used)
    job.bytes += length
    job.rows += end - start
    if (job.bytes + used >= JOB_BYTES) {
      cut()
      const full = job
      job = { target, pieces: [], bytes: 0, rows: 0 }
      gathering.set(target, job)
      yield full
    }
  }
  cut()
}

/** A loader over `database`, running up to `parallel` COPYs at once (1 for the embedded database: it has one connection). */
export function createSeedLoader(database: Database, db: Db, parallel: number): SeedLoader {
  const gathering = new Map<string, Job>()
  const queue: Job[] = []
  let running = 0
  let queuedBytes = 0
  let loaded = 0
  let failure: { error: unknown } | undefined
  let waiting: Array<() => void> = []
  const settled = () => {
    const woken = waiting
    waiting = []
    for (const wake of woken) wake()
  }
  const waitForSettled = () => new Promise<void>((resolve) => waiting.push(resolve))

  /** Throws the first failure (a function, so each call reads `failure` afresh). */
  const rethrow = () => {
    if (failure) throw failure.error
  }

  /** Queues `job` and waits while too much is queued. */
  const send = async (job: Job) => {
    rethrow()
    queue.push(job)
    queuedBytes += job.bytes
    pump()
    await new Promise((resolve) => setImmediate(resolve))
    while (queuedBytes > QUEUED_BYTES && !failure) await waitForSettled()
    rethrow()
  }

  const flush = async () => {
    const jobs = [...gathering.values()].filter((job) => job.rows > 0)
    gathering.clear()
    for (const job of jobs) await send(job)
  }

  const pump = () => {
    while (running < parallel && queue.length > 0 && !failure) {
      const job = queue.shift()
      if (!job) break
      running++
      database
        .copyFrom(job.target, job.pieces)
        .then(
          () => (loaded += job.rows),
          (error: unknown) => (failure ??= { error: new Error(`Loading ${job.target.split(' (')[0]} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error }) }),
        )
        .finally(() => {
          running--
          queuedBytes -= job.bytes
          pump()
          settled()
        })
    }
  }

  return {
    db,
    get loaded() {
      return loaded
    },
    async load(table, rows) {
      rethrow()
      if (rows.length === 0) return
      for (const job of encode(table, rows, gathering)) await send(job)
      // A turn of the event loop per batch: the running COPYs' sockets take more text while the
      // seeders make the next batch (generation is synchronous and would starve them).
      await new Promise((resolve) => setImmediate(resolve))
    },
    flush,
    async finish() {
      await flush()
      while (running > 0 || (queue.length > 0 && !failure)) await waitForSettled()
      rethrow()
    },
  }
}

/**
 * A loader that stores nothing: a seeder run into it only fills `plan.facts`, for a later seeder
 * seeded without it (one subgraph's database alone, `seedSubgraph`). Its `db` runs no statement.
 */
export function createDiscardingLoader(): SeedLoader {
  const db: Db = drizzleProxy(() => Promise.resolve({ rows: [] }))
  return { db, load: () => Promise.resolve(), flush: () => Promise.resolve(), finish: () => Promise.resolve(), loaded: 0 }
}
