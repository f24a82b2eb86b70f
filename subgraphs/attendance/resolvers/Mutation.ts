import { requireViewer } from '../../kit/index.ts'
import { reviewAbsenceNotice, submitAbsenceNotice } from '../absence-notices.ts'
import type { MutationResolvers } from '../generated/resolvers.ts'

// The permission map has checked the viewer's role and, for a notice submitted about a student,
// that they may read that student's attendance; a review's notice is checked against the data.
export const Mutation: MutationResolvers = {
  submitAbsenceNotice: (_parent, { input }, ctx) => submitAbsenceNotice(ctx.db, requireViewer(ctx), input),
  reviewAbsenceNotice: (_parent, { input }, ctx) => reviewAbsenceNotice(ctx.db, requireViewer(ctx), ctx.disclosures, input),
}
