/**
 * The district's job queue (pg-boss, on Postgres: the embedded database or the server, so it
 * needs nothing a bare machine lacks) and each subgraph's outbox relay, which hands the outbox's
 * unpublished rows to the queue. Delivery is at least once: a relay that stops between
 * publishing and stamping publishes the row again, and the consumer drops repeats by
 * (source, outbox id).
 */
import { asc, inArray, isNull } from 'drizzle-orm'
import PgBoss from 'pg-boss'
import type { Database, Db } from '../../db/client.ts'
import { EVENTS_QUEUE, type DistrictEvent } from '../../lib/contract/index.ts'
import type { Outbox } from './outbox.ts'

export type Queue = PgBoss

export interface QueueOptions {
  schema: string
  log?: (message: string) => void
}

/** Starts pg-boss on the database's own connections (no pool of its own), creating its tables on first use. */
export async function openQueue(database: Database, options: QueueOptions): Promise<Queue> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) },
    schema: options.schema,
    // The queue's own housekeeping (archiving, expiring) runs in each process; one at a time is pg-boss's own concern.
    supervise: true,
    migrate: true,
  })
  boss.on('error', (error: Error) => {
    ;(options.log ?? console.error)(`[queue] ${error.message}`)
  })
  await whileContended(() => boss.start())
  await createQueueOnce(boss, EVENTS_QUEUE, { name: EVENTS_QUEUE, retryLimit: 10, retryDelay: 5, retryBackoff: true })
  return boss
}

/**
 * Runs `step` again (up to five times, waiting a little longer each time) when it lost a race with
 * another process setting up the same queue tables: a deadlock the server broke, or a table made
 * meanwhile. Six processes starting at once on one database do race.
 */
async function whileContended<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step()
    } catch (error) {
      const code = (error as { code?: unknown }).code
      const contended = code === '40P01' || code === '42P07' || code === '23505' || /deadlock|already exists/i.test(error instanceof Error ? error.message : '')
      if (!contended || attempt >= 5) throw error
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.floor(Math.random() * 100)))
    }
  }
}

/** Creates a queue unless it exists (several processes may start at once). */
export async function createQueueOnce(boss: Queue, name: string, options: PgBoss.Queue): Promise<void> {
  await whileContended(async () => {
    if (await boss.getQueue(name)) return
    try {
      await boss.createQueue(name, options)
    } catch (error) {
      if (!(await boss.getQueue(name))) throw error
    }
  })
}

export interface Stoppable {
  stop(): Promise<void>
}

export interface RelayOptions {
  db: Db
  outbox: Outbox
  /** The subgraph whose outbox it is: with the row's id, the event's identity. */
  source: string
  queue: Queue
  pollMs: number
  /** Rows handed over per round. @default 200 */
  batchSize?: number
  log?: (message: string) => void
}

/** Publishes one round of unpublished rows, oldest first; returns how many. */
export async function relayOnce(options: RelayOptions): Promise<number> {
  const { db, outbox, source, queue, batchSize = 200 } = options
  const rows = await db.select().from(outbox).where(isNull(outbox.publishedAt)).orderBy(asc(outbox.id)).limit(batchSize)
  if (rows.length === 0) return 0
  await queue.insert(
    rows.map((row) => ({
      name: EVENTS_QUEUE,
      data: {
        source,
        outboxId: row.id,
        kind: row.kind,
        studentId: row.studentId,
        occurredAt: row.occurredAt.toISOString(),
        payload: row.payload,
      } as DistrictEvent,
    })),
  )
  await db
    .update(outbox)
    .set({ publishedAt: new Date() })
    .where(inArray(outbox.id, rows.map((row) => row.id)))
  return rows.length
}

/** Relays every `pollMs` (at once again while rows keep coming) until stopped; a failed round is logged and retried. */
export function startOutboxRelay(options: RelayOptions): Stoppable {
  const log = options.log ?? ((message: string) => { console.error(message) })
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const round = async () => {
    try {
      const published = await relayOnce(options)
      if (!stopped) timer = setTimeout(tick, published > 0 ? 0 : options.pollMs)
    } catch (error) {
      log(`[${options.source} outbox] ${error instanceof Error ? error.message : String(error)}`)
      if (!stopped) timer = setTimeout(tick, options.pollMs)
    }
  }
  const tick = () => {
    running = round()
  }
  timer = setTimeout(tick, 0)
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
