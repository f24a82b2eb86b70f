/** Columns every table shares, and the outbox table every subgraph that tells others of changes keeps. */
import { getTableColumns, sql, type Table } from 'drizzle-orm'
import { bigserial, index, jsonb, text, timestamp, uuid, type PgSchema } from 'drizzle-orm/pg-core'

export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
}

/** A row as the read path selects it: without the bookkeeping timestamps no resolver reads. */
export type Unstamped<Row> = Omit<Row, keyof typeof timestamps>

/**
 * A table's columns for a select, less `createdAt` and `updatedAt`: on lists of many rows (a
 * student's scores) the two timestamps were a large share of the bytes read and parsed.
 */
export function unstampedColumns<T extends Table>(table: T): Unstamped<T['_']['columns']> {
  const { createdAt: _created, updatedAt: _updated, ...columns } = getTableColumns(table) as T['_']['columns'] & Record<keyof typeof timestamps, unknown>
  return columns
}

/**
 * A subgraph's outbox: the events of its own data (a missing assignment, an unexcused absence, a
 * low meal balance, a new message), written in the same transaction as the change, so an event
 * exists exactly when the change does. A relay in the subgraph's own process hands unpublished
 * rows to the district's job queue and stamps `published_at`; the consumer (messaging) drops
 * repeats by (source, id), so delivery is at least once and alerting exactly once.
 */
export function outboxTable(schema: PgSchema) {
  return schema.table(
    'outbox',
    {
      id: bigserial('id', { mode: 'number' }).primaryKey(),
      /** What happened, in the words of `lib/contract/events.ts` ('missing-work', 'unexcused-absence', …). */
      kind: text('kind').notNull(),
      /** The student the event is about (every event the district alerts on is about one). */
      studentId: uuid('student_id').notNull(),
      /** What the consumer needs to say what happened, without reading this subgraph's tables. */
      payload: jsonb('payload').notNull(),
      occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
      publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
    },
    (t) => [index('outbox_unpublished_idx').on(t.id).where(sql`${t.publishedAt} is null`)],
  )
}
