import type { MutationResolvers } from '../generated/resolvers.ts'
import { recordDisclosures } from '../access-log.ts'

export const Mutation: MutationResolvers = {
  recordDisclosures: (_parent, { records }, ctx) => recordDisclosures(ctx.db, records),
}
