import { listLimit, type ListLimit } from '../../kit/index.ts'
import { balanceExplanation } from '../explanations.ts'
import type { StudentFinanceResolvers } from '../generated/resolvers.ts'
import { dueOf } from '../ledger.ts'

/** `recentPayments(limit:)`: 10 unless asked, at most 100. */
const RECENT_PAYMENTS: ListLimit = { default: 10, max: 100 }

export const StudentFinance: StudentFinanceResolvers = {
  balanceDueCents: async (f, _args, ctx) => (await ctx.loaders.openFees.load(f.studentId)).reduce((sum, fee) => sum + dueOf(fee), 0),
  surplusCents: (f, _args, ctx) => ctx.loaders.surplus.load(f.studentId),
  // The same loaders as the balance and surplus: no statement of its own.
  explanation: async (f, _args, ctx) => {
    const [openFees, surplusCents] = await Promise.all([ctx.loaders.openFees.load(f.studentId), ctx.loaders.surplus.load(f.studentId)])
    return balanceExplanation(ctx.language, openFees, surplusCents)
  },
  openFees: (f, _args, ctx) => ctx.loaders.openFees.load(f.studentId),
  recentPayments: (f, { limit }, ctx) => ctx.loaders.payments.load({ studentId: f.studentId, limit: listLimit('limit', limit, RECENT_PAYMENTS) }),
  mealAccount: (f, _args, ctx) => ctx.loaders.mealAccount.load(f.studentId),
}
