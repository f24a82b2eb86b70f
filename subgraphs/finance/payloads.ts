/**
 * What a write's payload keeps of the rows it shows. A payload is stored as JSON and every retry is
 * answered from it, so it holds the fields the graph serves and nothing of the rows' bookkeeping.
 */
import type * as t from './db/schema.ts'
import type { FeeMapper, PaymentAllocationMapper, PaymentMapper } from './mappers.ts'

/** The fields of a fee a payload keeps (its row's bookkeeping columns left out). */
export function feeSnapshot(fee: FeeMapper): FeeMapper {
  const { id, studentId, schoolId, schoolYear, category, description, amountCents, dueDate, exempt, voidedAt, voidReason, paidCents } = fee
  return { id, studentId, schoolId, schoolYear, category, description, amountCents, dueDate, exempt, voidedAt, voidReason, paidCents }
}

/** A payment or refund row with its receipt lines, as a payload keeps it. */
export function paymentSnapshot(row: typeof t.payments.$inferSelect, allocations: PaymentAllocationMapper[]): PaymentMapper {
  const standing = allocations.filter((a) => a.fee.voidedAt === null)
  return {
    id: row.id,
    studentId: row.studentId,
    amountCents: row.amountCents,
    method: row.method,
    reference: row.reference,
    refundOf: row.refundOf,
    receivedAt: row.receivedAt,
    appliedCents: standing.reduce((sum, a) => sum + a.amountCents, 0),
    allocations,
  }
}

/** A receipt number in the style of the portal's online payments: a prefix (WEB-, RFD-) and ten characters. */
export const referenceOf = (prefix: string, id: string) => `${prefix}-${id.replaceAll('-', '').slice(0, 10).toUpperCase()}`
