import { listLimit, type ListLimit } from '../../kit/index.ts'
import { PARTICIPANT_ROLE } from '../enums.ts'
import type { MessageRecipientResolvers, MessageResolvers, MessageThreadResolvers, ThreadParticipantResolvers } from '../generated/resolvers.ts'
import type { SentMessage } from '../loaders.ts'
import type { MessageMapper, ThreadScope } from '../mappers.ts'

/** `messages(limit:)`: the latest 50 unless asked, at most 200. */
const MESSAGES: ListLimit = { default: 50, max: 200 }

/** What is read from a thread carries the thread's scope, for the rules on its own type. */
function scopeOf(thread: ThreadScope): ThreadScope {
  return { studentId: thread.studentId, participantIds: thread.participantIds }
}

function messageOf({ message, sender }: SentMessage, scope: ThreadScope): MessageMapper {
  return { ...message, ...scope, sender: { ...sender, ...scope } }
}

export const MessageThread: MessageThreadResolvers = {
  student: (thread) => ({ id: thread.studentId }),
  participants: async (thread, _args, ctx) => (await ctx.loaders.participants.load(thread.id)).map((p) => ({ ...p, ...scopeOf(thread) })),
  unreadCount: (thread, _args, ctx) => ctx.loaders.unreadCount.load(thread.id),
  latestMessage: async (thread, _args, ctx) => {
    const latest = await ctx.loaders.latestMessage.load(thread.id)
    return latest ? messageOf(latest, scopeOf(thread)) : null
  },
  messages: async (thread, { limit }, ctx) =>
    (await ctx.loaders.messages.load({ threadId: thread.id, limit: listLimit('limit', limit, MESSAGES) })).map((m) => messageOf(m, scopeOf(thread))),
}

export const ThreadParticipant: ThreadParticipantResolvers = {
  role: (p) => PARTICIPANT_ROLE[p.personType],
  isViewer: (p, _args, ctx) => p.personId === ctx.viewer?.id,
}

export const Message: MessageResolvers = {}

export const MessageRecipient: MessageRecipientResolvers = {
  role: (r) => PARTICIPANT_ROLE[r.personType],
}
