import { FEE_CATEGORY, PAYMENT_METHOD } from '../enums.ts'
import type { FeeResolvers, PaymentResolvers } from '../generated/resolvers.ts'
import { dueOf } from './StudentFinance.ts'

export const Fee: FeeResolvers = {
  category: (f) => FEE_CATEGORY[f.category],
  // academics answers for the school; finance hands on a reference.
  school: (f) => ({ id: f.schoolId }),
  dueCents: (f) => dueOf(f),
}

export const Payment: PaymentResolvers = {
  method: (p) => PAYMENT_METHOD[p.method],
}
