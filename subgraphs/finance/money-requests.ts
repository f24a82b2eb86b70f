/**
 * Every write that moves money runs here, under the idempotency key its viewer chose. The
 * database decides, not a process (finance runs as several replicas): the first request to insert
 * (viewer, key) owns it and holds a lease while it moves the money; concurrent retries wait for its
 * answer; a retry that finds the lease lapsed (its owner crashed, or lost the provider's answer)
 * takes over and asks the provider what already happened under the request's provider key before
 * moving anything. The ledger rows and the serialized answer are written in one transaction, and
 * every retry is answered from those stored bytes. A different request under a used key is refused.
 */
import { createHash, randomUUID } from 'node:crypto'
import { and, eq, getTableColumns, isNull, lt, or, sql } from 'drizzle-orm'
import { GraphQLError } from 'graphql'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { badUserInput, contractError, isErrorCode } from '../../lib/contract/index.ts'
import { PaymentRefused, ProviderUnreachable } from './payment-provider.ts'

/** How long an owner may work on a request before a retry may take over: well past a provider's slowest answer. */
const LEASE_SECONDS = 30
/**
 * How long a retry waits for the owner's answer (which takes tens of milliseconds): well under the
 * gateway's subgraph timeout (4 s by default), which also counts the time the request queued.
 */
const WAIT_MS = 2000

type MoneyRequest = typeof t.moneyRequests.$inferSelect

export interface MoneyWrite<Moved, Result> {
  operation: t.MoneyOperation
  viewerId: string
  studentId: string
  idempotencyKey: string
  /** The request as its digest sees it: what must match for a retry to be the same request. */
  request: unknown
  /** Checks against the ledger before any money moves; throws BAD_USER_INPUT with a sentence. */
  check(): Promise<void>
  /**
   * Moves the money at the provider under `providerKey`. `resumed`: an earlier attempt may have
   * moved it already, so ask the provider first (and check again before moving it anew).
   */
  move(providerKey: string, resumed: boolean): Promise<Moved>
  /** Writes the ledger rows in `tx`, the transaction that also stores the answer, and returns the payload. */
  record(tx: Db, moved: Moved, request: MoneyRequest): Promise<Result>
}

/**
 * A retryable failure of this one write. INTERNAL_SERVER_ERROR would make the whole response an
 * HTTP 500, which the gateway takes for finance being down; this is a field's error in a 200, so
 * the client gets the sentence and knows to retry with the same key.
 */
const retryable = (message: string) => contractError('INTERNAL_SERVER_ERROR', message, {}, { status: 200 })
const stillProcessing = () => retryable('This payment is still being processed: send the same request again shortly, with the same idempotencyKey.')
const unconfirmed = () =>
  retryable('The payment provider did not confirm the payment: send the same request again with the same idempotencyKey, and it will not be charged twice.')
const keyReused = () => badUserInput('This idempotencyKey was already used for a different request: use a new key for a new payment.')

function digestOf(operation: string, request: unknown): string {
  return createHash('sha256').update(JSON.stringify([operation, request])).digest('hex')
}

/**
 * The request's answer: its stored error, thrown, or its stored payload. The payload is our own
 * serialization of a `Result`, written in the transaction that wrote the ledger rows it describes.
 */
function answerOf(request: MoneyRequest): unknown {
  if (request.status === 'failed') {
    const code = isErrorCode(request.errorCode) ? request.errorCode : 'INTERNAL_SERVER_ERROR'
    throw contractError(code, request.errorMessage ?? 'The payment failed.')
  }
  return JSON.parse(request.response ?? 'null')
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The viewer's request under the key, and whether its lease has lapsed (by the database's clock, which every replica shares). */
async function find(db: Db, viewerId: string, idempotencyKey: string): Promise<(MoneyRequest & { lapsed: boolean }) | undefined> {
  const [row] = await db
    .select({ ...getTableColumns(t.moneyRequests), lapsed: sql<boolean>`coalesce(${t.moneyRequests.leaseUntil} < now(), true)` })
    .from(t.moneyRequests)
    .where(and(eq(t.moneyRequests.viewerId, viewerId), eq(t.moneyRequests.idempotencyKey, idempotencyKey)))
  return row
}

/** Inserts the request with a lease; undefined when another request holds the key already. */
async function claim(db: Db, write: MoneyWrite<unknown, unknown>, digest: string): Promise<MoneyRequest | undefined> {
  const id = randomUUID()
  const [row] = await db
    .insert(t.moneyRequests)
    .values({
      id,
      viewerId: write.viewerId,
      idempotencyKey: write.idempotencyKey,
      operation: write.operation,
      requestDigest: digest,
      studentId: write.studentId,
      providerKey: `dg_${id}`,
      status: 'pending',
      leaseUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
    })
    .onConflictDoNothing({ target: [t.moneyRequests.viewerId, t.moneyRequests.idempotencyKey] })
    .returning()
  return row
}

/** Takes a pending request whose lease has lapsed or was given up; undefined when someone holds it. */
async function takeOver(db: Db, id: string): Promise<MoneyRequest | undefined> {
  const [row] = await db
    .update(t.moneyRequests)
    .set({ leaseUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`, updatedAt: sql`now()` })
    .where(and(eq(t.moneyRequests.id, id), eq(t.moneyRequests.status, 'pending'), or(isNull(t.moneyRequests.leaseUntil), lt(t.moneyRequests.leaseUntil, sql`now()`))))
    .returning()
  return row
}

/** Gives the lease up at once, so the client's retry can take over without waiting for it to lapse. */
async function release(db: Db, id: string): Promise<void> {
  await db.update(t.moneyRequests).set({ leaseUntil: null, updatedAt: sql`now()` }).where(and(eq(t.moneyRequests.id, id), eq(t.moneyRequests.status, 'pending')))
}

/** Stores a refusal as the request's answer: the same key gets it again, and no money moved. */
async function fail(db: Db, id: string, message: string): Promise<void> {
  await db
    .update(t.moneyRequests)
    .set({ status: 'failed', errorCode: 'BAD_USER_INPUT', errorMessage: message, leaseUntil: null, completedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(t.moneyRequests.id, id), eq(t.moneyRequests.status, 'pending')))
}

/** Records the moved money and the answer together, unless another owner already did. */
async function finish<Moved, Result>(db: Db, write: MoneyWrite<Moved, Result>, id: string, moved: Moved): Promise<Result> {
  const stored = await db.transaction(async (tx) => {
    const [request] = await tx.select().from(t.moneyRequests).where(eq(t.moneyRequests.id, id)).for('update')
    if (!request) throw new Error('A money request vanished while its owner held it.')
    if (request.status !== 'pending') return request
    const response = JSON.stringify(await write.record(tx, moved, request))
    const [done] = await tx
      .update(t.moneyRequests)
      .set({ status: 'completed', response, leaseUntil: null, completedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(t.moneyRequests.id, id))
      .returning()
    if (!done) throw new Error('A money request vanished while its owner held it.')
    return done
  })
  return answerOf(stored) as Result
}

/** The viewer's request under its key, owned: either claimed now, or taken over from a lapsed owner. */
async function own(db: Db, write: MoneyWrite<unknown, unknown>, digest: string): Promise<{ request: MoneyRequest; resumed: boolean } | { answered: MoneyRequest }> {
  let existing = await find(db, write.viewerId, write.idempotencyKey)
  if (!existing) {
    await write.check()
    const claimed = await claim(db, write, digest)
    if (claimed) return { request: claimed, resumed: false }
  }
  const deadline = Date.now() + WAIT_MS
  for (let pause = 20; ; pause = Math.min(pause * 1.5, 250)) {
    existing ??= await find(db, write.viewerId, write.idempotencyKey)
    if (!existing) throw new Error('A money request claimed by another was not found.')
    if (existing.operation !== write.operation || existing.requestDigest !== digest) throw keyReused()
    if (existing.status !== 'pending') return { answered: existing }
    const taken = existing.lapsed ? await takeOver(db, existing.id) : undefined
    if (taken) return { request: taken, resumed: true }
    if (Date.now() > deadline) throw stillProcessing()
    await sleep(pause * (0.5 + Math.random()))
    existing = undefined
  }
}

/** Runs a money write once per (viewer, key), answering every retry with the first answer. */
export async function runMoneyWrite<Moved, Result>(db: Db, write: MoneyWrite<Moved, Result>): Promise<Result> {
  const digest = digestOf(write.operation, write.request)
  const owned = await own(db, write, digest)
  if ('answered' in owned) return answerOf(owned.answered) as Result
  const { request, resumed } = owned
  let moved: Moved
  try {
    moved = await write.move(request.providerKey, resumed)
  } catch (error) {
    if (error instanceof PaymentRefused) {
      await fail(db, request.id, error.message)
      throw badUserInput(error.message)
    }
    // A refusal found when a retry checked again before moving anything is the request's answer too.
    if (error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT') {
      await fail(db, request.id, error.message)
      throw error
    }
    await release(db, request.id)
    throw error instanceof ProviderUnreachable ? unconfirmed() : error
  }
  try {
    return await finish(db, write, request.id, moved)
  } catch (error) {
    // The money moved; a retry takes over and records it.
    await release(db, request.id)
    throw error
  }
}
