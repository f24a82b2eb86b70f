import { listLimit, type ListLimit } from '../../kit/index.ts'
import { MEAL_TRANSACTION_KIND } from '../enums.ts'
import type { MealAccountResolvers, MealTransactionResolvers } from '../generated/resolvers.ts'

/** `recentTransactions(limit:)`: 10 unless asked, at most 100. */
const RECENT_TRANSACTIONS: ListLimit = { default: 10, max: 100 }

export const MealAccount: MealAccountResolvers = {
  isLow: (a) => a.balanceCents < a.lowBalanceThresholdCents,
  recentTransactions: (a, { limit }, ctx) => ctx.loaders.mealTransactions.load({ studentId: a.studentId, limit: listLimit('limit', limit, RECENT_TRANSACTIONS) }),
}

export const MealTransaction: MealTransactionResolvers = {
  kind: (t) => MEAL_TRANSACTION_KIND[t.kind],
}
