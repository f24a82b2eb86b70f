import type { Db } from '../../../db/client.ts'
import { internalError } from '../../../lib/contract/index.ts'
import { requireViewer } from '../../kit/index.ts'
import { depositMealFunds } from '../deposit-meal-funds.ts'
import { createDevelopmentProvider } from '../development-provider.ts'
import type { MutationResolvers } from '../generated/resolvers.ts'
import { payFees } from '../pay-fees.ts'
import type { PaymentProvider } from '../payment-provider.ts'
import { refundPayment } from '../refund-payment.ts'
import { voidFee } from '../void-fee.ts'

/**
 * The provider money moves through. Only the development provider exists so far, and it accepts
 * made-up tokens: production refuses to move money until a real provider's adapter is configured.
 */
const providerFor = (ctx: { db: Db; production: boolean }): PaymentProvider => {
  if (ctx.production) throw internalError('Payments are not available: no payment provider is configured for production.')
  return createDevelopmentProvider(ctx.db)
}

// The permission map has already checked the viewer's role and, for a student's writes, that
// they may read that student; what the write names (the fees, the payment) is checked here.
export const Mutation: MutationResolvers = {
  payFees: (_parent, { input }, ctx) => payFees(ctx.db, providerFor(ctx), requireViewer(ctx), input),
  depositMealFunds: (_parent, { input }, ctx) => depositMealFunds(ctx.db, providerFor(ctx), requireViewer(ctx), input),
  voidFee: (_parent, { input }, ctx) => voidFee(ctx.db, requireViewer(ctx), ctx.disclosures, input),
  refundPayment: (_parent, { input }, ctx) => refundPayment(ctx.db, providerFor(ctx), requireViewer(ctx), ctx.disclosures, input),
}
