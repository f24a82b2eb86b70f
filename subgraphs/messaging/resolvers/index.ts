import type { Resolvers } from '../generated/resolvers.ts'
import { Alert, NotificationKindPreference, NotificationPreferences } from './Alert.ts'
import { Announcement } from './Announcement.ts'
import { Message, MessageRecipient, MessageThread, ThreadParticipant } from './MessageThread.ts'
import { Mutation } from './Mutation.ts'
import { Student } from './Student.ts'
import { Viewer } from './Viewer.ts'

export const resolvers: Resolvers = {
  Mutation,
  Student,
  Viewer,
  MessageRecipient,
  MessageThread,
  ThreadParticipant,
  Message,
  Announcement,
  Alert,
  NotificationPreferences,
  NotificationKindPreference,
}
