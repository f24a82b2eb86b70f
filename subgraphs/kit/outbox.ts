/**
 * Writing to a subgraph's outbox: call inside the transaction that makes the change, so the
 * event exists exactly when the change does.
 */
import { count, isNull, min } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import type { outboxTable } from '../../db/schema/common.ts'
import type { EventKind, EventPayloads } from '../../lib/contract/index.ts'

export type Outbox = ReturnType<typeof outboxTable>

export interface OutboxEvent<K extends EventKind> {
  kind: K
  studentId: string
  payload: EventPayloads[K]
}

export async function recordEvents<K extends EventKind>(db: Db, outbox: Outbox, events: ReadonlyArray<OutboxEvent<K>>): Promise<void> {
  if (events.length === 0) return
  await db.insert(outbox).values(events.map((e) => ({ kind: e.kind, studentId: e.studentId, payload: e.payload })))
}

export interface OutboxBacklog {
  /** Events not yet handed to the job queue. */
  rows: number
  /** When the oldest of them happened, if any waits. */
  oldest: Date | undefined
}

/** What waits in the outbox for the relay: one statement over its index of unpublished rows. */
export async function outboxBacklog(db: Db, outbox: Outbox): Promise<OutboxBacklog> {
  const [row] = await db.select({ rows: count(), oldest: min(outbox.occurredAt) }).from(outbox).where(isNull(outbox.publishedAt))
  return { rows: row?.rows ?? 0, oldest: row?.oldest ?? undefined }
}
