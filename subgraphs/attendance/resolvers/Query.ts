import { listLimit, requireViewer } from '../../kit/index.ts'
import { PENDING_NOTICES, pendingAbsenceNotices } from '../absence-notices.ts'
import type { QueryResolvers } from '../generated/resolvers.ts'

export const Query: QueryResolvers = {
  pendingAbsenceNotices: (_parent, { first }, ctx) => pendingAbsenceNotices(ctx.db, requireViewer(ctx), listLimit('first', first, PENDING_NOTICES)),
}
