import { requireViewer } from '../../kit/index.ts'
import { markAlertsRead, updatePreferences } from '../alerts/feed.ts'
import { markThreadRead, sendMessage } from '../conversations.ts'
import type { MutationResolvers } from '../generated/resolvers.ts'

export const Mutation: MutationResolvers = {
  sendMessage: async (_parent, { input }, ctx) => {
    const { thread, message } = await sendMessage(ctx.db, requireViewer(ctx), input)
    return { studentId: thread.studentId, participantIds: thread.participantIds, thread, message }
  },
  markThreadRead: async (_parent, { input }, ctx) => {
    await markThreadRead(ctx.db, requireViewer(ctx), input.threadId)
    // The rule loaded the thread to check the viewer takes part in it; marking it read changes neither.
    const thread = await ctx.loaders.thread.load(input.threadId)
    if (!thread) throw new Error(`Thread ${input.threadId} vanished while it was marked read.`)
    return { studentId: thread.studentId, participantIds: thread.participantIds, thread }
  },
  updateNotificationPreferences: async (_parent, { input }, ctx) => {
    const viewer = requireViewer(ctx)
    return { contactId: viewer.id, notificationPreferences: await updatePreferences(ctx.db, viewer, input) }
  },
  markAlertsRead: async (_parent, { input }, ctx) => {
    const viewer = requireViewer(ctx)
    return { contactId: viewer.id, ...(await markAlertsRead(ctx.db, viewer, input)) }
  },
}
