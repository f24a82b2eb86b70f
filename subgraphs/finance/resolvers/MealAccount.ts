import { listLimit, type ListLimit } from '../../kit/index.ts'
import { label } from '../catalogue.ts'
import { MEAL_TRANSACTION_KIND } from '../enums.ts'
import { mealExplanation } from '../explanations.ts'
import type { MealAccountResolvers, MealTransactionResolvers } from '../generated/resolvers.ts'
import type { MealTransactionMapper } from '../mappers.ts'

/** `recentTransactions(limit:)`: 10 unless asked, at most 100. */
const RECENT_TRANSACTIONS: ListLimit = { default: 10, max: 100 }

export const MealAccount: MealAccountResolvers = {
  isLow: (a) => a.balanceCents < a.lowBalanceThresholdCents,
  explanation: (a, _args, ctx) => mealExplanation(ctx.language, a),
  recentTransactions: (a, { limit }, ctx) => ctx.loaders.mealTransactions.load({ studentId: a.studentId, limit: listLimit('limit', limit, RECENT_TRANSACTIONS) }),
}

const kind = (t: MealTransactionMapper) => MEAL_TRANSACTION_KIND[t.kind]

export const MealTransaction: MealTransactionResolvers = {
  kind,
  kindLabel: label('MealTransactionKind', kind),
}
