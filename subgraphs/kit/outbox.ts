/**
 * Writing to a subgraph's outbox: call inside the transaction that makes the change, so the
 * event exists exactly when the change does.
 */
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
