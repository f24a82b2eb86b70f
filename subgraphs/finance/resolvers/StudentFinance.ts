import type { StudentFinanceResolvers } from '../generated/resolvers.ts'
import type { FeeMapper } from '../mappers.ts'

/** What is still owed on a fee: nothing on an exempt one. */
export function dueOf(fee: FeeMapper): number {
  return fee.exempt ? 0 : Math.max(0, fee.amountCents - fee.paidCents)
}

/** A list's length as asked, kept within what one response should carry. */
export function clampLimit(limit: number | null | undefined, fallback: number): number {
  return Math.max(0, Math.min(limit ?? fallback, 100))
}

export const StudentFinance: StudentFinanceResolvers = {
  balanceDueCents: async (f, _args, ctx) => (await ctx.loaders.openFees.load(f.studentId)).reduce((sum, fee) => sum + dueOf(fee), 0),
  surplusCents: (f, _args, ctx) => ctx.loaders.surplus.load(f.studentId),
  openFees: (f, _args, ctx) => ctx.loaders.openFees.load(f.studentId),
  recentPayments: (f, { limit }, ctx) => ctx.loaders.payments.load({ studentId: f.studentId, limit: clampLimit(limit, 10) }),
  mealAccount: (f, _args, ctx) => ctx.loaders.mealAccount.load(f.studentId),
}
