import { FEE_CATEGORY, PAYMENT_METHOD } from '../enums.ts'
import type { FeeResolvers, PaymentResolvers } from '../generated/resolvers.ts'
import { dueOf } from '../ledger.ts'

export const Fee: FeeResolvers = {
  category: (f) => FEE_CATEGORY[f.category],
  // academics answers for the school; finance hands on a reference.
  school: (f) => ({ id: f.schoolId }),
  dueCents: (f) => dueOf(f),
}

export const Payment: PaymentResolvers = {
  kind: (p) => (p.refundOf === null ? 'PAYMENT' : 'REFUND'),
  method: (p) => PAYMENT_METHOD[p.method],
  refundedPaymentId: (p) => p.refundOf,
  // A write's payload carries the receipt as it stood then; a read asks the ledger.
  allocations: (p, _args, ctx) => p.allocations ?? ctx.loaders.allocations.load(p.id),
}
