import type { MutationResolvers } from '../generated/resolvers.ts'
import { recordDisclosures } from '../access-log.ts'
import { recordSignIn } from '../portal-usage.ts'

export const Mutation: MutationResolvers = {
  recordDisclosures: (_parent, { records }, ctx) => recordDisclosures(ctx.db, records),
  recordSignIn: (_parent, { contactId }, ctx) => recordSignIn(ctx.db, contactId),
}
