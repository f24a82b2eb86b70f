import { label } from '../catalogue.ts'
import { FEE_CATEGORY, PAYMENT_METHOD } from '../enums.ts'
import type { FeeResolvers, PaymentKind, PaymentResolvers } from '../generated/resolvers.ts'
import { dueOf } from '../ledger.ts'
import type { FeeMapper, PaymentMapper } from '../mappers.ts'

const category = (f: FeeMapper) => FEE_CATEGORY[f.category]

export const Fee: FeeResolvers = {
  category,
  categoryLabel: label('FeeCategory', category),
  // academics answers for the school; finance hands on a reference.
  school: (f) => ({ id: f.schoolId }),
  dueCents: (f) => dueOf(f),
}

const kind = (p: PaymentMapper): PaymentKind => (p.refundOf === null ? 'PAYMENT' : 'REFUND')
const method = (p: PaymentMapper) => PAYMENT_METHOD[p.method]

export const Payment: PaymentResolvers = {
  kind,
  kindLabel: label('PaymentKind', kind),
  method,
  methodLabel: label('PaymentMethod', method),
  refundedPaymentId: (p) => p.refundOf,
  // A write's payload carries the receipt as it stood then; a read asks the ledger.
  allocations: (p, _args, ctx) => p.allocations ?? ctx.loaders.allocations.load(p.id),
}
