/**
 * payFees: a guardian pays some of a child's fees through the payment provider. The amount goes
 * to the named fees oldest due first, none getting more than it still owes; the charge, the
 * payment and its allocations land once per idempotency key (see money-requests.ts).
 */
import { randomUUID } from 'node:crypto'
import { asc, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { badUserInput, idArgument, recordEvents, uuidIn, type Viewer } from '../kit/index.ts'
import type { PayFeesInput } from './generated/resolvers.ts'
import { centsArgument, feeIdsArgument, idempotencyKeyArgument, paymentTokenArgument } from './inputs.ts'
import { balancesOf, dueOf, feesById } from './ledger.ts'
import type { FeeMapper, PayFeesPayloadMapper } from './mappers.ts'
import { runMoneyWrite } from './money-requests.ts'
import { feeSnapshot, paymentSnapshot, referenceOf } from './payloads.ts'
import { captureOnce, type PaymentProvider, type ProviderCharge } from './payment-provider.ts'

/** The named fees, each checked to be the student's and still owing; oldest due first. */
async function payableFees(db: Db, studentId: string, feeIds: readonly string[]): Promise<FeeMapper[]> {
  const fees = await feesById(db, feeIds)
  // An unknown fee and another student's read alike: the answer says nothing of other families.
  if (fees.length !== feeIds.length || fees.some((fee) => fee.studentId !== studentId)) throw badUserInput("Each of feeIds must be one of this student's fees.")
  if (fees.some((fee) => fee.voidedAt !== null)) throw badUserInput('A fee in feeIds was voided: it owes nothing.')
  if (fees.some((fee) => dueOf(fee) === 0)) throw badUserInput('A fee in feeIds owes nothing (paid in full or waived).')
  return fees
}

/** Splits `amountCents` over the fees (oldest due first), each getting at most what it owes. */
function allocate(fees: readonly FeeMapper[], amountCents: number): Array<{ feeId: string; amountCents: number }> {
  let left = amountCents
  const lines: Array<{ feeId: string; amountCents: number }> = []
  for (const fee of fees) {
    const share = Math.min(left, dueOf(fee))
    if (share > 0) lines.push({ feeId: fee.id, amountCents: share })
    left -= share
  }
  return lines
}

export function payFees(db: Db, provider: PaymentProvider, viewer: Viewer, input: PayFeesInput): Promise<PayFeesPayloadMapper> {
  const studentId = idArgument('studentId', input.studentId)
  const feeIds = feeIdsArgument(input.feeIds)
  const amountCents = centsArgument('amountCents', input.amountCents)
  const token = paymentTokenArgument(input.paymentToken)
  const idempotencyKey = idempotencyKeyArgument(input.idempotencyKey)

  const check = async () => {
    const owed = (await payableFees(db, studentId, feeIds)).reduce((sum, fee) => sum + dueOf(fee), 0)
    if (amountCents > owed) throw badUserInput(`amountCents is more than the ${owed} cents these fees still owe.`)
  }
  return runMoneyWrite<ProviderCharge, PayFeesPayloadMapper>(db, {
    operation: 'payFees',
    viewerId: viewer.id,
    studentId,
    idempotencyKey,
    request: { studentId, feeIds: [...feeIds].sort(), amountCents, token: token ?? null },
    check,
    move: async (providerKey, resumed) => {
      const held = resumed ? await provider.findCharge(providerKey) : undefined
      if (resumed && !held) await check()
      return captureOnce(provider, { token, amountCents, description: 'School fees', idempotencyKey: providerKey }, held)
    },
    record: async (tx, charge, request) => {
      // Locks the fees (in id order, as every writer does) so no other payment lands on them meanwhile.
      await tx.select({ id: t.fees.id }).from(t.fees).where(uuidIn(t.fees.id, feeIds)).orderBy(asc(t.fees.id)).for('update')
      // The fees as they stand now: a payment that landed since the check leaves the rest as credit, never an over-paid fee.
      const lines = allocate(await feesById(tx, feeIds), amountCents)
      const id = randomUUID()
      const [payment] = await tx
        .insert(t.payments)
        .values({
          id,
          studentId,
          contactId: viewer.id,
          amountCents,
          method: 'Online',
          receivedAt: sql`now()`,
          idempotencyKey: request.providerKey,
          reference: referenceOf('WEB', id),
          providerChargeId: charge.id,
        })
        .returning()
      if (!payment) throw new Error('The payment was not stored.')
      if (lines.length > 0) await tx.insert(t.paymentAllocations).values(lines.map((line) => ({ paymentId: id, ...line })))
      const fees = (await feesById(tx, feeIds)).map(feeSnapshot)
      const paidOn = new Map(lines.map((line) => [line.feeId, line.amountCents]))
      const allocations = fees.flatMap((fee) => {
        const share = paidOn.get(fee.id)
        return share === undefined ? [] : [{ studentId, amountCents: share, fee }]
      })
      await recordEvents(tx, t.outbox, [
        {
          kind: 'payment-receipt',
          studentId,
          payload: {
            paymentId: id,
            payerId: viewer.id,
            amountCents,
            paidAt: payment.receivedAt.toISOString(),
            lines: allocations.map((a) => ({ description: a.fee.description, amountCents: a.amountCents })),
          },
        },
      ])
      return { studentId, payment: paymentSnapshot(payment, allocations), fees, ...(await balancesOf(tx, studentId)) }
    },
  })
}
