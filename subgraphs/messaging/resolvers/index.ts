import type { Resolvers } from '../generated/resolvers.ts'
import { Announcement } from './Announcement.ts'
import { Message, MessageThread, ThreadParticipant } from './MessageThread.ts'
import { Student } from './Student.ts'

export const resolvers: Resolvers = {
  Student,
  MessageThread,
  ThreadParticipant,
  Message,
  Announcement,
}
