import { toGraphQLEnum } from '../../kit/index.ts'
import type { FeeCategory, FeeResolvers, PaymentMethod, PaymentResolvers } from '../generated/resolvers.ts'
import { dueOf } from './StudentFinance.ts'

export const Fee: FeeResolvers = {
  category: (f) => toGraphQLEnum<FeeCategory>(f.category),
  // academics answers for the school; finance hands on a reference.
  school: (f) => ({ id: f.schoolId }),
  dueCents: (f) => dueOf(f),
}

export const Payment: PaymentResolvers = {
  method: (p) => toGraphQLEnum<PaymentMethod>(p.method),
}
