/**
 * refundPayment: an administrator gives money back from a payment taken through the provider.
 * The refund is a new ledger row with a negative amount: it comes out of what the payment left
 * unapplied first (its credit, and what it put on fees voided since), then out of the fees it
 * paid, latest due first, whose allocations it takes back with negative ones, so those fees owe it
 * again. It lands once per idempotency key, like every write that moves money.
 */
import { randomUUID } from 'node:crypto'
import { eq, or, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { recordDisclosure, type Disclosures } from '../../lib/contract/index.ts'
import { badUserInput, idArgument, notFound, type Viewer } from '../kit/index.ts'
import type { RefundPaymentInput } from './generated/resolvers.ts'
import { centsArgument, idempotencyKeyArgument } from './inputs.ts'
import { balancesOf, feesById } from './ledger.ts'
import type { RefundPaymentPayloadMapper } from './mappers.ts'
import { runMoneyWrite } from './money-requests.ts'
import { feeSnapshot, paymentSnapshot, referenceOf } from './payloads.ts'
import type { PaymentProvider, ProviderRefund } from './payment-provider.ts'

type Payment = typeof t.payments.$inferSelect

/** What is left of a payment: its amount less the refunds already given from it. */
async function leftOf(db: Db, payment: Payment): Promise<number> {
  const [refunded] = await db
    .select({ cents: sql<number>`coalesce(sum(${t.payments.amountCents}), 0)::int` })
    .from(t.payments)
    .where(eq(t.payments.refundOf, payment.id))
  return payment.amountCents + (refunded?.cents ?? 0)
}

/** What the payment and its refunds so far put on each fee, net. */
async function netAllocations(db: Db, paymentId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ feeId: t.paymentAllocations.feeId, cents: sql<number>`sum(${t.paymentAllocations.amountCents})::int` })
    .from(t.paymentAllocations)
    .innerJoin(t.payments, eq(t.payments.id, t.paymentAllocations.paymentId))
    .where(or(eq(t.payments.id, paymentId), eq(t.payments.refundOf, paymentId)))
    .groupBy(t.paymentAllocations.feeId)
  return new Map(rows.map((r) => [r.feeId, r.cents]))
}

export async function refundPayment(db: Db, provider: PaymentProvider, viewer: Viewer, disclosures: Disclosures, input: RefundPaymentInput): Promise<RefundPaymentPayloadMapper> {
  const paymentId = idArgument('paymentId', input.paymentId)
  const asked = input.amountCents === null || input.amountCents === undefined ? undefined : centsArgument('amountCents', input.amountCents)
  const idempotencyKey = idempotencyKeyArgument(input.idempotencyKey)
  const [payment] = await db.select().from(t.payments).where(eq(t.payments.id, paymentId))
  if (!payment) throw notFound('No payment has this paymentId.')
  recordDisclosure(disclosures, { studentId: payment.studentId, area: 'fees', field: 'Mutation.refundPayment' })
  const { providerChargeId } = payment

  let amountCents = 0
  const check = async () => {
    if (payment.refundOf !== null) throw badUserInput('This is a refund: refund the payment it gave money back from.')
    if (providerChargeId === null) throw badUserInput('This payment was not taken through the payment provider: give it back at the school office.')
    const left = await leftOf(db, payment)
    if (left <= 0) throw badUserInput('Nothing is left of this payment to refund.')
    if (asked !== undefined && asked > left) throw badUserInput(`amountCents is more than the ${left} cents left of this payment.`)
    amountCents = asked ?? left
  }
  return runMoneyWrite<ProviderRefund, RefundPaymentPayloadMapper>(db, {
    operation: 'refundPayment',
    viewerId: viewer.id,
    studentId: payment.studentId,
    idempotencyKey,
    request: { paymentId, amountCents: asked ?? null },
    check,
    move: async (providerKey, resumed) => {
      // The provider keeps one refund per key: asked again, it answers the one it made.
      if (resumed) await check()
      if (providerChargeId === null) throw badUserInput('This payment was not taken through the payment provider: give it back at the school office.')
      return provider.refund({ chargeId: providerChargeId, amountCents, idempotencyKey: providerKey })
    },
    record: async (tx, refund, request) => {
      await tx.select({ id: t.payments.id }).from(t.payments).where(eq(t.payments.id, payment.id)).for('update')
      const net = await netAllocations(tx, payment.id)
      const fees = await feesById(tx, [...net.keys()])
      const standing = fees.filter((fee) => fee.voidedAt === null)
      const unapplied = (await leftOf(tx, payment)) - standing.reduce((sum, fee) => sum + (net.get(fee.id) ?? 0), 0)
      // The provider's amount is what moved: the ledger follows it.
      let rest = refund.amountCents - Math.min(refund.amountCents, Math.max(0, unapplied))
      const lines: Array<{ feeId: string; amountCents: number }> = []
      for (const fee of [...standing].reverse()) {
        const back = Math.min(rest, net.get(fee.id) ?? 0)
        if (back > 0) lines.push({ feeId: fee.id, amountCents: -back })
        rest -= back
      }
      const id = randomUUID()
      const [row] = await tx
        .insert(t.payments)
        .values({
          id,
          studentId: payment.studentId,
          contactId: payment.contactId,
          amountCents: -refund.amountCents,
          method: payment.method,
          receivedAt: sql`now()`,
          idempotencyKey: request.providerKey,
          reference: referenceOf('RFD', id),
          providerChargeId: refund.id,
          refundOf: payment.id,
          recordedBy: viewer.id,
        })
        .returning()
      if (!row) throw new Error('The refund was not stored.')
      if (lines.length > 0) await tx.insert(t.paymentAllocations).values(lines.map((line) => ({ paymentId: id, ...line })))
      const touched = (await feesById(tx, lines.map((line) => line.feeId))).map(feeSnapshot)
      const backOn = new Map(lines.map((line) => [line.feeId, line.amountCents]))
      const allocations = touched.map((fee) => ({ studentId: payment.studentId, amountCents: backOn.get(fee.id) ?? 0, fee }))
      return { studentId: payment.studentId, refund: paymentSnapshot(row, allocations), fees: touched, ...(await balancesOf(tx, payment.studentId)) }
    },
  })
}
