/**
 * The embedded database on a thread of its own. PGlite runs Postgres in WebAssembly on the thread
 * that calls it: in one process with the gateway and six subgraphs, every statement's execution
 * and the parsing of its answer waited for GraphQL and HTTP work, and GraphQL for them, on one
 * core. Here PGlite lives in a worker thread (db/pglite-worker.ts) and this is its caller's side:
 * the part of PGlite's API the project uses (`query`, `exec`, `transaction`, a COPY, a dump and
 * `close`), each call a message, each answer rows already parsed.
 */
import { Worker } from 'node:worker_threads'
import type { ParserOptions, QueryOptions, Results } from '@electric-sql/pglite'
import { PLANNED_ONCE, plannerParameters } from '../lib/config.ts'

/**
 * Settings the embedded database starts with (written to its postgresql.conf on every open).
 * shared_buffers: PGlite's 128 MB default is WebAssembly memory the process holds for good; the
 * demo district's working set fits in far less, and its pages live in the process's memory
 * anyway. The planner's: PLANNED_ONCE, as the subgraphs' pools on a server.
 */
export const EMBEDDED_POSTGRES_SETTINGS: readonly string[] = [
  'shared_buffers = 16MB',
  ...Object.entries(plannerParameters(PLANNED_ONCE)).map(([name, value]) => `${name} = ${value}`),
]

/** Where the worker's PGlite keeps its data: a directory, or memory (loaded from a dump). */
export interface PgliteOpen {
  dataDir?: string
  loadDataDir?: ArrayBuffer
}

/**
 * Query options as they can cross: functions cannot, so parsers are only the ones that keep a
 * type's text as it is (drizzle's for dates, intervals and numeric arrays), sent as their types.
 */
export interface SentQueryOptions {
  rowMode?: 'array' | 'object'
  paramTypes?: number[]
  keepText?: number[]
}

export interface SentError {
  message: string
  name: string
  fields: Record<string, unknown>
}

export type PgliteRequest = { id: number } & (
  | { op: 'query'; text: string; params: unknown[]; options?: SentQueryOptions; tx?: number }
  | { op: 'exec'; text: string; tx?: number }
  | { op: 'begin' }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'copy'; text: string; data: Uint8Array[] }
  | { op: 'dump'; compression: 'gzip' | 'none' | 'auto' }
  | { op: 'close' }
)

/** Id 0 answers the opening. */
export type PgliteReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SentError }

/** A transaction's handle: its statements run inside it, on the database's thread. */
export interface ThreadTransaction {
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>
  exec(text: string): Promise<Array<Results>>
  /** Ends the transaction with ROLLBACK now; the callback's later statements fail. */
  rollback(): Promise<void>
  readonly closed: boolean
}

export interface PgliteThread {
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>
  exec(text: string): Promise<Array<Results>>
  /** BEGIN, the callback, then COMMIT, or ROLLBACK when it throws; other statements wait, as in PGlite. */
  transaction<T>(callback: (tx: ThreadTransaction) => Promise<T>): Promise<T>
  /** `COPY <target> FROM` the given text-format data. */
  copyFrom(target: string, data: ReadonlyArray<Uint8Array>): Promise<void>
  dumpDataDir(compression?: 'gzip' | 'none' | 'auto'): Promise<Blob>
  close(): Promise<void>
}

const BOOT = new URL('./pglite-worker-boot.mjs', import.meta.url)
const ENTRY = new URL('./pglite-worker.ts', import.meta.url).href

/** Answers a parser that keeps its text gives for a probe: a parser that is not such one gives something else. */
const PROBE = '1'
const keptTypes = new WeakMap<object, number[]>()

/** The types whose parsers keep their text; any other parser cannot be sent and is refused. */
function keepTextOf(parsers: ParserOptions): number[] {
  let types = keptTypes.get(parsers)
  if (types) return types
  types = Object.entries(parsers).map(([type, parser]: [string, (value: string, type: number) => unknown]) => {
    let kept = false
    try {
      kept = parser(PROBE, Number(type)) === PROBE
    } catch {
      kept = false
    }
    if (!kept) throw new Error(`The embedded database's thread takes only parsers that keep a value's text (type ${type} has another).`)
    return Number(type)
  })
  keptTypes.set(parsers, types)
  return types
}

function sendableOptions(options: QueryOptions | undefined): SentQueryOptions | undefined {
  if (!options) return undefined
  if (options.serializers || options.blob || options.onNotice) throw new Error("The embedded database's thread takes no serializers, blob or notice callback in a query's options.")
  return {
    ...(options.rowMode ? { rowMode: options.rowMode } : {}),
    ...(options.paramTypes ? { paramTypes: options.paramTypes } : {}),
    ...(options.parsers ? { keepText: keepTextOf(options.parsers) } : {}),
  }
}

function received(error: SentError): Error {
  const restored = Object.assign(new Error(error.message), error.fields)
  restored.name = error.name
  return restored
}

export async function openPgliteThread(open: PgliteOpen): Promise<PgliteThread> {
  // None of the caller's Node options (an --input-type or --eval would stop the thread's own start; V8's flags are the process's anyway).
  const worker = new Worker(BOOT, { execArgv: [], workerData: { entry: ENTRY, open }, transferList: open.loadDataDir ? [open.loadDataDir] : [] })
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  let nextId = 1
  let stopped: Error | undefined

  worker.on('message', (reply: PgliteReply) => {
    const waiter = waiting.get(reply.id)
    if (!waiter) return
    waiting.delete(reply.id)
    // Idle, the thread keeps no one waiting: a process that forgot to close its database still ends.
    if (waiting.size === 0) worker.unref()
    if (reply.ok) waiter.resolve(reply.value)
    else waiter.reject(received(reply.error))
  })
  const fail = (error: Error) => {
    stopped ??= Object.assign(new Error(`The embedded database's thread stopped: ${error.message}`), { code: 'EMBEDDED_DATABASE_STOPPED', cause: error })
    for (const waiter of waiting.values()) waiter.reject(stopped)
    waiting.clear()
  }
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`exit ${code}`)))

  function call<T>(request: PgliteRequest, transfer: ArrayBuffer[] = []): Promise<T> {
    if (stopped) return Promise.reject(stopped)
    return new Promise<T>((resolve, reject) => {
      if (waiting.size === 0) worker.ref()
      waiting.set(request.id, { resolve: resolve as (value: unknown) => void, reject })
      worker.postMessage(request, transfer)
    })
  }

  // The worker answers id 0 once PGlite is open (or failed to open).
  const opened = new Promise<void>((resolve, reject) => waiting.set(0, { resolve: () => resolve(), reject }))
  try {
    await opened
  } catch (error) {
    await worker.terminate()
    throw error
  }
  worker.unref()

  const query = <T>(text: string, params: unknown[] = [], options?: QueryOptions, tx?: number) => {
    let sent: SentQueryOptions | undefined
    try {
      sent = sendableOptions(options)
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
    return call<Results<T>>({ id: nextId++, op: 'query', text, params, ...(sent ? { options: sent } : {}), ...(tx === undefined ? {} : { tx }) })
  }
  const exec = (text: string, tx?: number) => call<Array<Results>>({ id: nextId++, op: 'exec', text, ...(tx === undefined ? {} : { tx }) })

  return {
    query: (text, params, options) => query(text, params, options),
    exec: (text) => exec(text),
    async transaction<T>(callback: (tx: ThreadTransaction) => Promise<T>): Promise<T> {
      const id = await call<number>({ id: nextId++, op: 'begin' })
      let closed = false
      const end = async (commit: boolean) => {
        if (closed) return
        closed = true
        await call<null>({ id: nextId++, op: 'end', tx: id, commit })
      }
      const tx: ThreadTransaction = {
        query: (text, params, options) => query(text, params, options, id),
        exec: (text) => exec(text, id),
        rollback: () => end(false),
        get closed() {
          return closed
        },
      }
      let result: T
      try {
        result = await callback(tx)
      } catch (error) {
        await end(false)
        throw error
      }
      await end(true)
      return result
    },
    async copyFrom(target, data) {
      // Copies, so the caller's buffers stay usable; each goes across as it is, not cloned again.
      const chunks = data.map((chunk) => new Uint8Array(chunk))
      await call<null>({ id: nextId++, op: 'copy', text: `copy ${target} from '/dev/blob'`, data: chunks }, chunks.map((c) => c.buffer))
    },
    async dumpDataDir(compression = 'gzip') {
      const bytes = await call<ArrayBuffer>({ id: nextId++, op: 'dump', compression })
      return new Blob([bytes])
    },
    async close() {
      if (stopped) return
      try {
        await call<null>({ id: nextId++, op: 'close' })
      } finally {
        await worker.terminate()
      }
    },
  }
}
