import { recordDisclosure } from '../../../lib/contract/index.ts'
import { requireViewer } from '../../kit/index.ts'
import type { MutationResolvers } from '../generated/resolvers.ts'
import { recordDisclosures } from '../access-log.ts'
import { recordSignIn } from '../portal-usage.ts'
import { setPreferredLanguage } from '../preferred-language.ts'
import { setRecordSharing } from '../record-sharing.ts'

export const Mutation: MutationResolvers = {
  recordDisclosures: (_parent, { records, fieldSets }, ctx) => recordDisclosures(ctx.db, records, fieldSets ?? []),
  recordSignIn: (_parent, { contactId }, ctx) => recordSignIn(ctx.db, contactId),
  setRecordSharing: async (_parent, { input }, ctx) => {
    const viewer = requireViewer(ctx)
    const recordSharing = await setRecordSharing(ctx.db, viewer, input)
    // Who opened or closed the student's records to whom, and when, belongs in their record of disclosures.
    recordDisclosure(ctx.disclosures, { studentId: viewer.id, area: 'academics', field: 'Mutation.setRecordSharing' })
    return { studentId: viewer.id, recordSharing }
  },
  setPreferredLanguage: async (_parent, { input }, ctx) => ({ viewer: await setPreferredLanguage(ctx.db, requireViewer(ctx), input) }),
}
