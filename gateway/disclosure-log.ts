/**
 * The record of disclosures (FERPA, 34 CFR 99.32), as the gateway writes it: when an operation
 * finishes, what the subgraphs report it read becomes one record per student, queued in memory
 * and written to academics in batches, off the request's path. A failed write never fails a read:
 * it is logged and counted, and the batch is tried again on the next flush. `stop()` writes
 * whatever is queued, so a clean shutdown loses nothing.
 */
import { getOperationAST, type DocumentNode } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import type { Disclosure, Role, Viewer } from '../lib/contract/index.ts'
import { callAcademics, type AcademicsTarget } from './academics-client.ts'
import type { GatewayContext } from './context.ts'
import { recordDisclosureWriteFailure } from './metrics.ts'

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
  /** Past this many waiting records (academics down for long), the oldest are dropped, with a warning. @default 100000 */
  maxQueued?: number
}

export interface DisclosureLog {
  record(records: readonly DisclosureRecord[]): void
  /** Writes every queued record (stops at the first failure, which stays queued). */
  flush(): Promise<void>
  /** Records waiting to be written (a batch being written is not counted; one that fails is again). */
  queued(): number
  /** Stops the timer and writes what is queued. */
  stop(): Promise<void>
}

const MUTATION = /* GraphQL */ `
  mutation RecordDisclosures($records: [DisclosureInput!]!) {
    recordDisclosures(records: $records)
  }
`

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

export function createDisclosureLog(options: DisclosureLogOptions): DisclosureLog {
  const { flushIntervalMs = 1000, batchSize = 500, maxQueued = 100_000, ...academics } = options
  const queue: DisclosureRecord[] = []
  let flushing: Promise<void> | undefined

  async function write(batch: DisclosureRecord[]): Promise<void> {
    const data = await callAcademics<{ recordDisclosures: number }>(academics, { query: MUTATION, operationName: 'RecordDisclosures', variables: { records: batch } })
    if (data.recordDisclosures !== batch.length) {
      throw new Error(`academics wrote ${data.recordDisclosures} of ${batch.length} records`)
    }
  }

  function trim(): void {
    if (queue.length <= maxQueued) return
    const dropped = queue.length - maxQueued
    queue.splice(0, dropped)
    console.warn(`[gateway] disclosure log: ${dropped} records dropped, academics has not taken writes for too long`)
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, batchSize)
      try {
        await write(batch)
      } catch (error) {
        queue.unshift(...batch)
        trim()
        recordDisclosureWriteFailure()
        console.warn(`[gateway] disclosure log: could not write ${batch.length} records (kept for the next flush): ${error instanceof Error ? error.message : String(error)}`)
        return
      }
    }
  }

  /** One flush at a time; a flush asked for during another follows it. */
  function flush(): Promise<void> {
    const next: Promise<void> = (flushing ?? Promise.resolve()).then(drain).finally(() => {
      if (flushing === next) flushing = undefined
    })
    flushing = next
    return next
  }

  const timer = setInterval(() => {
    if (queue.length > 0 && !flushing) void flush()
  }, flushIntervalMs)
  timer.unref()

  return {
    record(records) {
      queue.push(...records)
      trim()
      if (queue.length >= batchSize && !flushing) void flush()
    },
    flush,
    queued: () => queue.length,
    async stop() {
      clearInterval(timer)
      await flush()
      if (queue.length > 0) console.warn(`[gateway] disclosure log: ${queue.length} records not written at shutdown`)
    },
  }
}

/** When an operation is done, hands what it read to the log, per student. */
export function useDisclosureLog(log: DisclosureLog): Plugin<GatewayContext> {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone() {
          const context = args.contextValue as Partial<GatewayContext>
          if (!context.viewer || !context.disclosures?.length) return
          // envelop types the execution arguments loosely; these are graphql-js's.
          const operationName = getOperationAST(args.document as DocumentNode, args.operationName as string | undefined)?.name?.value ?? null
          log.record(disclosureRecords(context.viewer, context.disclosures, operationName))
        },
      }
    },
  }
}
