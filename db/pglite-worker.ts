/**
 * The embedded database's own thread (started by db/pglite-thread.ts through
 * pglite-worker-boot.mjs): one PGlite instance, and the messages that reach it. Statements with
 * parameters run as named prepared statements (db/pglite-prepared.ts); results are parsed here and
 * cross to the caller as plain rows, so the graph's thread neither runs Postgres nor parses its
 * answers.
 */
import fs from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite, type ParserOptions, type QueryOptions, type Transaction } from '@electric-sql/pglite'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { preparedQuery } from './pglite-prepared.ts'
import { EMBEDDED_POSTGRES_SETTINGS, type PgliteOpen, type PgliteReply, type PgliteRequest, type SentError, type SentQueryOptions } from './pglite-thread.ts'

/**
 * Extensions the migrations create (academics' student search uses unaccent): PGlite must load
 * their files each time it opens, or a database that has them cannot call them.
 */
const PGLITE_OPTIONS = { extensions: { unaccent }, postgresqlconf: EMBEDDED_POSTGRES_SETTINGS.join('\n') }

/** The parsers that keep these types' text as it is (drizzle's, for dates, intervals and numeric arrays). */
const keepers = new Map<string, ParserOptions>()
function keepingText(types: readonly number[]): ParserOptions {
  const key = types.join(',')
  let parsers = keepers.get(key)
  if (!parsers) keepers.set(key, (parsers = Object.fromEntries(types.map((type) => [type, (value: string) => value]))))
  return parsers
}

function queryOptions(sent: SentQueryOptions | undefined): QueryOptions | undefined {
  if (!sent) return undefined
  return {
    ...(sent.rowMode ? { rowMode: sent.rowMode } : {}),
    ...(sent.paramTypes ? { paramTypes: sent.paramTypes } : {}),
    ...(sent.keepText && sent.keepText.length > 0 ? { parsers: keepingText(sent.keepText) } : {}),
  }
}

/** An error as it can cross: its message, name and every own field (PGlite's DatabaseError: code, detail, constraint…). */
function sendable(error: unknown): SentError {
  if (!(error instanceof Error)) return { message: String(error), name: 'Error', fields: {} }
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === 'function' || key === 'message' || key === 'name' || key === 'stack') continue
    // Only what structured clone carries as it is.
    if (value === null || ['string', 'number', 'boolean', 'bigint'].includes(typeof value)) fields[key] = value
  }
  return { message: error.message, name: error.name, fields }
}

/** Thrown inside a transaction's callback to end it with ROLLBACK. */
class RollBack extends Error {}

async function open(options: PgliteOpen): Promise<PGlite> {
  if (options.dataDir !== undefined) {
    fs.mkdirSync(options.dataDir, { recursive: true })
    return PGlite.create(options.dataDir, PGLITE_OPTIONS)
  }
  return PGlite.create({ ...PGLITE_OPTIONS, ...(options.loadDataDir ? { loadDataDir: new Blob([options.loadDataDir]) } : {}) })
}

function serve(port: NonNullable<typeof parentPort>, pglite: PGlite): void {
  const query = preparedQuery(pglite)
  /** Open transactions by id, each with how to end it. */
  const transactions = new Map<number, { tx: Transaction; end: (commit: boolean) => void }>()
  /** Transactions begun, settled when PGlite has committed or rolled back. */
  const ends = new Map<number, Promise<void>>()

  function reply(message: PgliteReply, transfer?: ArrayBuffer[]): void {
    port.postMessage(message, transfer)
  }

  function transactionFor(id: number | undefined): Transaction | undefined {
    if (id === undefined) return undefined
    const open = transactions.get(id)
    if (!open) throw Object.assign(new Error('This transaction has already ended.'), { code: 'TRANSACTION_ENDED' })
    return open.tx
  }

  async function handle(request: PgliteRequest): Promise<void> {
    switch (request.op) {
      case 'query': {
        const tx = transactionFor(request.tx)
        const options = queryOptions(request.options)
        const result = tx ? await tx.query(request.text, request.params, options) : await query(request.text, request.params, options)
        reply({ id: request.id, ok: true, value: { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows } })
        return
      }
      case 'exec': {
        const tx = transactionFor(request.tx)
        const results = tx ? await tx.exec(request.text) : await pglite.exec(request.text)
        reply({ id: request.id, ok: true, value: results.map((r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows })) })
        return
      }
      case 'begin': {
        // Answered once PGlite holds its transaction lock and has begun; ended by an 'end' message.
        let begun = false
        const ended = pglite.transaction(async (tx) => {
          begun = true
          const commit = await new Promise<boolean>((end) => {
            transactions.set(request.id, { tx, end })
            reply({ id: request.id, ok: true, value: request.id })
          })
          if (!commit) throw new RollBack('rolled back by its caller')
        })
        ends.set(request.id, ended)
        ended.then(
          () => transactions.delete(request.id),
          (error: unknown) => {
            transactions.delete(request.id)
            // BEGIN itself failed: the caller still waits for its answer.
            if (!begun) {
              ends.delete(request.id)
              reply({ id: request.id, ok: false, error: sendable(error) })
            }
          },
        )
        return
      }
      case 'end': {
        const open = transactions.get(request.tx)
        const ended = ends.get(request.tx)
        ends.delete(request.tx)
        if (!open || !ended) throw Object.assign(new Error('This transaction has already ended.'), { code: 'TRANSACTION_ENDED' })
        open.end(request.commit)
        try {
          await ended
        } catch (error) {
          if (!(error instanceof RollBack)) throw error
        }
        reply({ id: request.id, ok: true, value: null })
        return
      }
      case 'copy': {
        await pglite.query(request.text, [], { blob: new Blob(request.data as Uint8Array<ArrayBuffer>[]) })
        reply({ id: request.id, ok: true, value: null })
        return
      }
      case 'dump': {
        const file = await pglite.dumpDataDir(request.compression)
        const bytes = await file.arrayBuffer()
        reply({ id: request.id, ok: true, value: bytes }, [bytes])
        return
      }
      case 'close': {
        await pglite.close()
        reply({ id: request.id, ok: true, value: null })
        return
      }
    }
  }

  port.on('message', (request: PgliteRequest) => {
    handle(request).catch((error: unknown) => {
      // A 'begin' that failed must not leave a waiter: its reply is this error.
      reply({ id: request.id, ok: false, error: sendable(error) })
    })
  })
}

const port = parentPort
if (!port) throw new Error('db/pglite-worker.ts runs as a worker thread (db/pglite-thread.ts starts it).')
try {
  const pglite = await open((workerData as { open: PgliteOpen }).open)
  serve(port, pglite)
  port.postMessage({ id: 0, ok: true, value: null } satisfies PgliteReply)
} catch (error) {
  port.postMessage({ id: 0, ok: false, error: sendable(error) } satisfies PgliteReply)
}
