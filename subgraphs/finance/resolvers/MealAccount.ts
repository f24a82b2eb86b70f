import { toGraphQLEnum } from '../../kit/index.ts'
import type { MealAccountResolvers, MealTransactionKind, MealTransactionResolvers } from '../generated/resolvers.ts'
import { clampLimit } from './StudentFinance.ts'

export const MealAccount: MealAccountResolvers = {
  isLow: (a) => a.balanceCents < a.lowBalanceThresholdCents,
  recentTransactions: (a, { limit }, ctx) => ctx.loaders.mealTransactions.load({ studentId: a.studentId, limit: clampLimit(limit, 10) }),
}

export const MealTransaction: MealTransactionResolvers = {
  kind: (t) => toGraphQLEnum<MealTransactionKind>(t.kind),
}
