/**
 * messaging: conversations between families and staff, school and section announcements, and
 * guardians' notification preferences. Every thread is about one child. People, schools and
 * sections belong to academics and appear here as plain ids (no foreign keys across schemas,
 * so the team can move these tables to a database of its own).
 */
import { sql } from 'drizzle-orm'
import { bigint, boolean, index, integer, pgSchema, primaryKey, text, time, timestamp, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { outboxTable, timestamps } from '../../../db/schema/common.ts'

export const messaging = pgSchema('messaging')

/** Who a participant or a sender is, in Ed-Fi's words (a guardian is a Contact). */
export const personType = messaging.enum('person_type', ['Contact', 'Staff', 'Student'])

/** What a guardian can be notified about. */
export const notificationKind = messaging.enum('notification_kind', [
  'attendance',
  'grades',
  'missing work',
  'low meal balance',
  'behaviour',
  'messages',
  'announcements',
])

export const notificationChannel = messaging.enum('notification_channel', ['email', 'SMS', 'push'])

/** A conversation about one student; `createdAt` is when its first message was sent. */
export const threads = messaging.table(
  'threads',
  {
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id').notNull(),
    schoolId: uuid('school_id').notNull(),
    /** The class the conversation is about, when it is about one. */
    sectionId: uuid('section_id'),
    subject: text('subject').notNull(),
    ...timestamps,
  },
  (t) => [index('threads_student_idx').on(t.studentId)],
)

export const threadParticipants = messaging.table(
  'thread_participants',
  {
    threadId: uuid('thread_id')
      .notNull()
      .references(() => threads.id),
    personId: uuid('person_id').notNull(),
    personType: personType('person_type').notNull(),
    /**
     * The name the thread shows for this person, kept with the thread so messaging can show
     * a conversation without asking academics for every participant.
     */
    displayName: text('display_name').notNull(),
    /** Null until the participant first opens the thread: everything others sent is unread. */
    lastReadAt: timestamp('last_read_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.threadId, t.personId] }), index('thread_participants_person_idx').on(t.personId)],
)

export const messages = messaging.table(
  'messages',
  {
    id: uuid('id').primaryKey(),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => threads.id),
    senderId: uuid('sender_id').notNull(),
    senderType: personType('sender_type').notNull(),
    /** The text as its sender wrote it; translations are made on reading, never stored over it. */
    body: text('body').notNull(),
    /** BCP 47 tag of the original text ('en', 'es', 'vi', …). */
    language: text('language').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }).notNull(),
    ...timestamps,
  },
  (t) => [index('messages_thread_sent_idx').on(t.threadId, t.sentAt)],
)

/** From a school to all its families, or from a section's teacher to that section's families. */
export const announcements = messaging.table(
  'announcements',
  {
    id: uuid('id').primaryKey(),
    schoolId: uuid('school_id').notNull(),
    /** Null for a school-wide announcement. */
    sectionId: uuid('section_id'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** BCP 47 tag of the text. */
    language: text('language').notNull(),
    /** For a copy in another language: the announcement it translates (a family sees one of them, in its language when there is one). */
    translationOf: uuid('translation_of').references((): AnyPgColumn => announcements.id),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }).notNull(),
    ...timestamps,
  },
  (t) => [index('announcements_school_published_idx').on(t.schoolId, t.publishedAt), index('announcements_translation_of_idx').on(t.translationOf)],
)

type NotificationKind = (typeof notificationKind.enumValues)[number]
type NotificationChannel = (typeof notificationChannel.enumValues)[number]

/**
 * The district's defaults, for guardians who have never saved their settings (and so have no
 * rows): email for everything, a text for what cannot wait, a push for what changes daily.
 */
export const DEFAULT_NOTIFICATION_PREFERENCES: Readonly<Record<NotificationKind, Readonly<Record<NotificationChannel, boolean>>>> = {
  attendance: { email: true, SMS: true, push: true },
  grades: { email: true, SMS: false, push: true },
  'missing work': { email: true, SMS: false, push: true },
  'low meal balance': { email: true, SMS: true, push: false },
  behaviour: { email: true, SMS: true, push: true },
  messages: { email: true, SMS: false, push: true },
  announcements: { email: true, SMS: false, push: false },
}

/** The grade threshold (percent) a guardian gets until they choose their own. */
export const DEFAULT_GRADE_THRESHOLD = 70

/**
 * Per guardian, per kind, per channel: whether to notify. Saving the settings page writes every
 * kind and channel, so a later change of the district's defaults leaves explicit choices alone.
 * The language is the contact's own (academics).
 */
export const notificationPreferences = messaging.table(
  'notification_preferences',
  {
    contactId: uuid('contact_id').notNull(),
    kind: notificationKind('kind').notNull(),
    channel: notificationChannel('channel').notNull(),
    enabled: boolean('enabled').notNull(),
    /** For 'grades': notify when a section grade falls below this percent. Null for other kinds. */
    threshold: integer('threshold'),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.contactId, t.kind, t.channel] })],
)

/**
 * Per guardian, what is not per kind: quiet hours (no SMS or push between start and end, in the
 * district's time zone; email waits for no one), and the SMS opt-in the law asks for before any
 * text is sent (a STOP reply clears it). No row: no quiet hours, SMS not opted in.
 */
export const notificationSettings = messaging.table('notification_settings', {
  contactId: uuid('contact_id').primaryKey(),
  quietHoursStart: time('quiet_hours_start'),
  quietHoursEnd: time('quiet_hours_end'),
  smsOptedInAt: timestamp('sms_opted_in_at', { withTimezone: true, mode: 'date' }),
  ...timestamps,
})

/**
 * Messaging's copy of whom it may alert about a student and how to reach them, kept in step by
 * academics' 'student-contacts' events (messaging never reads academics' tables): only contacts
 * whose access to the student's records is open.
 */
export const alertRecipients = messaging.table(
  'alert_recipients',
  {
    studentId: uuid('student_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    studentName: text('student_name').notNull(),
    schoolId: uuid('school_id').notNull(),
    displayName: text('display_name').notNull(),
    email: text('email').notNull(),
    phone: text('phone').notNull(),
    /** BCP 47 tag of the contact's preferred language. */
    language: text('language').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.studentId, t.contactId] }), index('alert_recipients_contact_idx').on(t.contactId)],
)

/** The district's events messaging has acted on, by where they were recorded: each is acted on once. */
export const processedEvents = messaging.table(
  'processed_events',
  {
    source: text('source').notNull(),
    outboxId: bigint('outbox_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.source, t.outboxId] })],
)

/** A family's alert: made once per event and recipient, in the recipient's language, naming the child. */
export const alerts = messaging.table(
  'alerts',
  {
    id: uuid('id').primaryKey(),
    contactId: uuid('contact_id').notNull(),
    studentId: uuid('student_id').notNull(),
    /** The event kind it comes from ('missing-work', 'payment-receipt', …). */
    eventKind: text('event_kind').notNull(),
    /** The preference kind that governs it; null for what is always sent (a receipt). */
    kind: notificationKind('kind'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    language: text('language').notNull(),
    source: text('source').notNull(),
    outboxId: bigint('outbox_id', { mode: 'number' }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [unique('alerts_once').on(t.contactId, t.source, t.outboxId), index('alerts_contact_created_idx').on(t.contactId, t.createdAt)],
)

export const deliveryStatus = messaging.enum('delivery_status', ['pending', 'sent', 'failed'])

/** Each alert on each channel it goes out on: tried until sent (at least once) or out of retries. */
export const alertDeliveries = messaging.table(
  'alert_deliveries',
  {
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id),
    channel: notificationChannel('channel').notNull(),
    /** The email address or phone number it went to (a push goes to the contact's devices). */
    address: text('address').notNull(),
    status: deliveryStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Not before this (the end of quiet hours). */
    notBefore: timestamp('not_before', { withTimezone: true, mode: 'date' }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    /** When it was handed to the job queue; null until then (a sweep hands over what a stop left behind). */
    queuedAt: timestamp('queued_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.alertId, t.channel] }), index('alert_deliveries_unqueued_idx').on(t.createdAt).where(sql`${t.queuedAt} is null`)],
)

/** Events of this subgraph's data, for the district's job queue (see `outboxTable`). */
export const outbox = outboxTable(messaging)
