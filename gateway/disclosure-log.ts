/**
 * The record of disclosures (FERPA, 34 CFR 99.32), as the gateway writes it: when an operation
 * finishes, what the subgraphs report it read becomes one record per student, queued in memory
 * and written to academics in batches, off the request's path. A failed write never fails a read:
 * it is logged and counted, and the batch is tried again on the next flush.
 *
 * No record is ever dropped. With a spool directory (the gateway always has one): past
 * `maxQueued` waiting records the oldest go to the durable spool instead of growing memory, and
 * `stop()` writes what academics cannot take at shutdown (academics may well be stopping too) to
 * the spool; the next start replays the spool to academics in the background, retrying until
 * academics takes it, and replays this run's own spooled overflow once academics takes writes
 * again. academics takes a record it already has as a no-op, so a retry never doubles one.
 */
import { getOperationAST, type DocumentNode } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import type { Disclosure, Role, Viewer } from '../lib/contract/index.ts'
import { callAcademics, type AcademicsTarget } from './academics-client.ts'
import type { GatewayContext } from './context.ts'
import { recordDisclosureWriteFailure } from './metrics.ts'
import { createSpool, replaySpool, type Spool } from './spool.ts'

/** One operation's read of one student's records. */
export interface DisclosureRecord {
  viewerId: string
  viewerRole: Role
  studentId: string
  areas: string[]
  fields: string[]
  operationName: string | null
  requestId: string
  occurredAt: string
}

/** academics, which keeps the record, reached as the gateway (the write is never a viewer's). */
export interface DisclosureLogOptions extends AcademicsTarget {
  /** @default 1000 */
  flushIntervalMs?: number
  /** A batch is written as soon as this many records wait. @default 500 */
  batchSize?: number
  /**
   * Past this many waiting records (academics down for long), the oldest go to the spool. Without
   * a spool they stay in memory (never dropped), with a warning. @default 100000
   */
  maxQueued?: number
  /** The durable spool's directory (the gateway's `config.spoolDir`). Unset: no spool (tests of the queue alone). */
  spoolDir?: string
  /** The first wait before a failed replay of the spool is tried again; it doubles up to a minute. @default 5000 */
  replayRetryMs?: number
  /** How long `stop()` keeps writing to academics before it spools the rest. @default twice the call timeout */
  stopFlushMs?: number
}

export interface DisclosureLog {
  record(records: readonly DisclosureRecord[]): void
  /** Writes every queued record (stops at the first failure, which stays queued). */
  flush(): Promise<void>
  /** Records waiting in memory to be written (a batch being written is not counted; one that fails is again). */
  queued(): number
  /** When the oldest record waiting in memory was made (its `occurredAt`), if any waits: the log's lag. */
  oldestQueuedAt(): Date | undefined
  /** Delivers the spool's files to academics now (the log also does so by itself); true when none is left. */
  replay(): Promise<boolean>
  /**
   * Stops the timers, writes what is queued and spools what academics does not take in time:
   * once it resolves, every record is in academics or on disk.
   */
  stop(): Promise<void>
}

const MUTATION = /* GraphQL */ `
  mutation RecordDisclosures($records: [DisclosureInput!]!, $fieldSets: [[String!]!]) {
    recordDisclosures(records: $records, fieldSets: $fieldSets)
  }
`

/**
 * A batch as academics takes it: each distinct list of fields once, in `fieldSets`, and each
 * record naming its list by position. One dashboard's children share their list, and so do the
 * many requests of one app: a batch of 500 records carries a few lists of ~150 names, not 500.
 */
export function batchVariables(batch: readonly DisclosureRecord[]): { records: Array<Omit<DisclosureRecord, 'fields'> & { fieldSet: number }>; fieldSets: string[][] } {
  const fieldSets: string[][] = []
  const positions = new Map<string, number>()
  const records = batch.map(({ fields, ...record }) => {
    const key = fields.join(',')
    let fieldSet = positions.get(key)
    if (fieldSet === undefined) {
      fieldSet = fieldSets.push(fields) - 1
      positions.set(key, fieldSet)
    }
    return { ...record, fieldSet }
  })
  return { records, fieldSets }
}

/** Groups one operation's disclosures by student. */
export function disclosureRecords(
  viewer: Viewer,
  disclosures: readonly Disclosure[],
  operationName: string | null,
  occurredAt = new Date(),
): DisclosureRecord[] {
  const byStudent = new Map<string, { areas: Set<string>; fields: Set<string> }>()
  for (const d of disclosures) {
    let entry = byStudent.get(d.studentId)
    if (!entry) byStudent.set(d.studentId, (entry = { areas: new Set(), fields: new Set() }))
    entry.areas.add(d.area)
    entry.fields.add(d.field)
  }
  return [...byStudent].map(([studentId, { areas, fields }]) => ({
    viewerId: viewer.id,
    viewerRole: viewer.role,
    studentId,
    areas: [...areas].sort(),
    fields: [...fields].sort(),
    operationName,
    requestId: viewer.requestId,
    occurredAt: occurredAt.toISOString(),
  }))
}

function isDisclosureRecord(value: unknown): value is DisclosureRecord {
  if (typeof value !== 'object' || value === null) return false
  const r = value as Record<string, unknown>
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string')
  return (
    typeof r.viewerId === 'string' &&
    typeof r.viewerRole === 'string' &&
    typeof r.studentId === 'string' &&
    typeof r.requestId === 'string' &&
    typeof r.occurredAt === 'string' &&
    (typeof r.operationName === 'string' || r.operationName === null) &&
    strings(r.areas) &&
    strings(r.fields)
  )
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

export function createDisclosureLog(options: DisclosureLogOptions): DisclosureLog {
  const { flushIntervalMs = 1000, batchSize = 500, maxQueued = 100_000, spoolDir, replayRetryMs = 5000, stopFlushMs, ...academics } = options
  const queue: DisclosureRecord[] = []
  const spool: Spool<DisclosureRecord> | undefined = spoolDir ? createSpool({ dir: spoolDir, prefix: 'disclosures', isRecord: isDisclosureRecord }) : undefined
  let flushing: Promise<void> | undefined
  let stopped = false
  /** Once stopping, writes to academics end here (every flush, the one under way included); the rest is spooled. */
  let stopDeadline = Infinity

  async function write(batch: DisclosureRecord[]): Promise<void> {
    const data = await callAcademics<{ recordDisclosures: number }>(academics, { query: MUTATION, operationName: 'RecordDisclosures', variables: batchVariables(batch) })
    if (data.recordDisclosures !== batch.length) {
      throw new Error(`academics wrote ${data.recordDisclosures} of ${batch.length} records`)
    }
  }

  // The spool's overflow: the oldest records past `maxQueued` go to disk, one append at a time.
  let spooling: Promise<void> | undefined
  let warnedUnbounded = false
  function overflow(): void {
    if (queue.length <= maxQueued || spooling) return
    if (!spool) {
      if (!warnedUnbounded) console.warn(`[gateway] disclosure log: more than ${maxQueued} records wait for academics and there is no spool: they stay in memory`)
      warnedUnbounded = true
      return
    }
    const batch = queue.splice(0, queue.length - maxQueued)
    spooling = spool
      .append(batch)
      .then(
        () => console.warn(`[gateway] disclosure log: academics has not taken writes for too long: ${batch.length} records spooled to ${spool.dir}`),
        (error: unknown) => {
          // Never dropped: back into memory, tried again with the next overflow.
          queue.unshift(...batch)
          console.error(`[gateway] disclosure log: could not spool ${batch.length} records (kept in memory): ${message(error)}`)
        },
      )
      .finally(() => {
        spooling = undefined
        // Records that came while it was written.
        if (!stopped) overflow()
      })
  }

  async function drain(): Promise<void> {
    while (queue.length > 0 && Date.now() < stopDeadline) {
      const batch = queue.splice(0, batchSize)
      try {
        await write(batch)
      } catch (error) {
        queue.unshift(...batch)
        overflow()
        recordDisclosureWriteFailure()
        console.warn(`[gateway] disclosure log: could not write ${batch.length} records (kept for the next flush): ${message(error)}`)
        return
      }
    }
    // academics takes writes again: what this run spooled meanwhile can go now.
    if (queue.length === 0 && spool?.hasOpenFile() && !stopped) void spool.seal().then(() => scheduleReplay(0), () => {})
  }

  /** One flush at a time; a flush asked for during another follows it. */
  function flush(): Promise<void> {
    const next: Promise<void> = (flushing ?? Promise.resolve()).then(drain).finally(() => {
      if (flushing === next) flushing = undefined
    })
    flushing = next
    return next
  }

  // Replays of the spool: at start, then after each failure with a growing wait, and whenever this run seals a file.
  const progress = new Map<string, number>()
  let replaying: Promise<boolean> | undefined
  let replayTimer: NodeJS.Timeout | undefined
  let retryMs = replayRetryMs
  function replay(): Promise<boolean> {
    if (!spool) return Promise.resolve(true)
    replaying ??= replaySpool(spool, write, { batchSize, progress, shouldStop: () => stopped })
      .then(
        (result) => {
          if (result.delivered > 0) console.log(`[gateway] disclosure log: ${result.delivered} spooled records delivered to academics (${result.files} files)`)
          return result.complete
        },
        (error: unknown) => {
          console.warn(`[gateway] disclosure log: could not read the spool in ${spool.dir}: ${message(error)}`)
          return false
        },
      )
      .then((complete) => {
        replaying = undefined
        if (complete) retryMs = replayRetryMs
        else {
          scheduleReplay(retryMs)
          retryMs = Math.min(60_000, retryMs * 2)
        }
        return complete
      })
    return replaying
  }
  function scheduleReplay(delayMs: number): void {
    if (!spool || stopped) return
    clearTimeout(replayTimer)
    replayTimer = setTimeout(() => void replay(), delayMs)
    replayTimer.unref()
  }
  // Never blocks start-up: the first replay runs once the gateway is up.
  scheduleReplay(0)

  const timer = setInterval(() => {
    if (queue.length > 0 && !flushing) void flush()
  }, flushIntervalMs)
  timer.unref()

  return {
    record(records) {
      if (stopped) {
        // An operation that outlived the server's drain: straight to the spool (best effort, the process is ending).
        if (spool) void spool.append(records).catch((error: unknown) => console.error(`[gateway] disclosure log: ${records.length} records after shutdown could not be spooled: ${message(error)}`))
        else console.warn(`[gateway] disclosure log: ${records.length} records after shutdown not written`)
        return
      }
      queue.push(...records)
      overflow()
      if (queue.length >= batchSize && !flushing) void flush()
    },
    flush,
    queued: () => queue.length,
    oldestQueuedAt: () => (queue[0] ? new Date(queue[0].occurredAt) : undefined),
    replay,
    async stop() {
      stopped = true
      stopDeadline = Date.now() + (stopFlushMs ?? 2 * (academics.timeoutMs ?? 4000))
      clearInterval(timer)
      clearTimeout(replayTimer)
      // A replay stops after its batch in flight; an overflow finishes its append.
      await replaying
      await spooling
      await flush()
      if (queue.length === 0) {
        await spool?.close()
        return
      }
      if (!spool) {
        console.warn(`[gateway] disclosure log: ${queue.length} records not written at shutdown`)
        return
      }
      const rest = queue.splice(0)
      try {
        await spool.append(rest)
        console.warn(`[gateway] disclosure log: academics did not take ${rest.length} records at shutdown: spooled to ${spool.dir}, the next start delivers them`)
      } catch (error) {
        queue.unshift(...rest)
        console.error(`[gateway] disclosure log: ${rest.length} records could not be written nor spooled at shutdown: ${message(error)}`)
      } finally {
        await spool.close()
      }
    },
  }
}

/** The request id each executed request's answer carries (`x-request-id`), to match it with its records. */
const requestIds = new WeakMap<Request, string>()

/**
 * When an operation is done, hands what it read to the log, per student; and gives the answer
 * the request's id (`x-request-id`, the id its records and the subgraphs' logs carry).
 */
export function useDisclosureLog(log: DisclosureLog): Plugin<GatewayContext> {
  return {
    onExecute({ args }) {
      const context = args.contextValue as Partial<GatewayContext> & { request?: Request }
      if (context.request && context.requestId) requestIds.set(context.request, context.requestId)
      return {
        onExecuteDone() {
          if (!context.viewer || !context.disclosures?.length) return
          // envelop types the execution arguments loosely; these are graphql-js's.
          const operationName = getOperationAST(args.document as DocumentNode, args.operationName as string | undefined)?.name?.value ?? null
          log.record(disclosureRecords(context.viewer, context.disclosures, operationName))
        },
      }
    },
    onResponse({ request, response }) {
      const requestId = requestIds.get(request)
      if (requestId) response.headers.set('x-request-id', requestId)
    },
  }
}
