/**
 * The rows behind messaging's GraphQL types. Everything read from a thread carries the thread's
 * `studentId` and `participantIds`, so the permission map checks, on every type, that the viewer
 * may read the student's messaging and takes part in the thread.
 */
import type * as t from './db/schema.ts'
import type { Correspondent } from '../../lib/contract/index.ts'

/**
 * A student named by academics, with what the gateway fetched from academics for `@requires`
 * (absent when a field that does not need it is asked).
 */
export interface StudentMapper {
  id: string
  school?: { id: string } | null
  sections?: ReadonlyArray<{ section: { id: string } }> | null
  correspondents?: readonly Correspondent[] | null
}
/** Schools and sections belong to academics; messaging knows only their ids. */
export interface SchoolMapper {
  id: string
}
export interface SectionMapper {
  id: string
}
export interface SectionEnrolmentMapper {
  section: SectionMapper
}

/** What the thread rules look at: whose thread it is and who takes part. */
export interface ThreadScope {
  studentId: string
  participantIds: readonly string[]
}

export type MessageThreadMapper = typeof t.threads.$inferSelect & ThreadScope & { lastMessageAt: Date }
export type ThreadParticipantMapper = typeof t.threadParticipants.$inferSelect & ThreadScope
export type MessageMapper = typeof t.messages.$inferSelect & ThreadScope & { sender: ThreadParticipantMapper }
/** An announcement as one student's family receives it. */
export type AnnouncementMapper = typeof t.announcements.$inferSelect & { studentId: string }

/** Someone the viewer may write to about a student (from the viewer's correspondence). */
export type MessageRecipientMapper = Correspondent & { personType: (typeof t.personType.enumValues)[number]; studentId: string }

/** The viewer, as academics names them: messaging knows only the id. */
export interface ViewerMapper {
  id: string
}

/** A write's answer carries its thread's scope, so the thread's own rule guards it. */
export type SendMessagePayloadMapper = ThreadScope & { thread: MessageThreadMapper; message: MessageMapper }
export type MarkThreadReadPayloadMapper = ThreadScope & { thread: MessageThreadMapper }

/** A guardian's preferences (see alerts/preferences.ts); every part carries the guardian's id for the rules. */
export type NotificationPreferencesMapper = import('./alerts/preferences.ts').Preferences
export type NotificationKindPreferenceMapper = import('./alerts/preferences.ts').KindPreference
export type AlertMapper = typeof t.alerts.$inferSelect
export interface AlertPageMapper {
  contactId: string
  alerts: AlertMapper[]
  unreadCount: number
  endCursor: string | null
  hasNextPage: boolean
}
export interface UpdateNotificationPreferencesPayloadMapper {
  contactId: string
  notificationPreferences: NotificationPreferencesMapper
}
export interface MarkAlertsReadPayloadMapper {
  contactId: string
  unreadCount: number
  alerts: AlertMapper[]
}
