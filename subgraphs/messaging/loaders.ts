/**
 * messaging's per-request DataLoaders: threads by student (for this request's viewer), and
 * everything else by thread id, each batch one SQL statement however many children or threads.
 */
import DataLoader from 'dataloader'
import { and, desc, eq, getTableColumns, gt, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { byKey, groupBy, preparedOnce, uuidInPlaceholder, type Caller } from '../kit/index.ts'
import { canRead, DEFAULT_LANGUAGE, isViewer } from '../../lib/contract/index.ts'

export type ThreadRow = typeof t.threads.$inferSelect & { participantIds: string[]; lastMessageAt: Date }
type ParticipantRow = typeof t.threadParticipants.$inferSelect
type MessageRow = typeof t.messages.$inferSelect
type AnnouncementRow = typeof t.announcements.$inferSelect

/** A message with the participant who sent it. */
export interface SentMessage {
  message: MessageRow
  sender: ParticipantRow
}

export interface MessagesKey {
  threadId: string
  limit: number
}

export interface AnnouncementsKey {
  studentId: string
  schoolId: string
  sectionIds: readonly string[]
  limit: number
}

const threads = t.threads
const participants = t.threadParticipants
const messages = t.messages

/**
 * Threads with who takes part and when each was last active, for `where` (a condition on
 * `threads`, and on `people.participantIds`): one statement, the most recently active first.
 * `scope` narrows the subqueries to the threads that can match, so they never aggregate the table.
 * Built to be prepared once: every per-request value in `scope` and `where` is a placeholder.
 */
function selectThreads(db: Db, scope: SQL, where: (people: { participantIds: SQL.Aliased<string[]> }) => SQL | undefined) {
  const people = db
    .select({
      threadId: participants.threadId,
      // As text, so both drivers hand back plain strings.
      participantIds: sql<string[]>`array_agg(${participants.personId}::text order by ${participants.personId})`.as('participant_ids'),
    })
    .from(participants)
    .innerJoin(threads, eq(threads.id, participants.threadId))
    .where(scope)
    .groupBy(participants.threadId)
    .as('people')
  const activity = db
    .select({ threadId: messages.threadId, lastSentAt: sql`max(${messages.sentAt})`.mapWith(messages.sentAt).as('last_sent_at') })
    .from(messages)
    .innerJoin(threads, eq(threads.id, messages.threadId))
    .where(scope)
    .groupBy(messages.threadId)
    .as('activity')
  const lastMessageAt = sql`coalesce(${activity.lastSentAt}, ${threads.createdAt})`.mapWith(messages.sentAt)
  return db
    .select({ thread: threads, participantIds: people.participantIds, lastMessageAt })
    .from(threads)
    .innerJoin(people, eq(people.threadId, threads.id))
    .leftJoin(activity, eq(activity.threadId, threads.id))
    .where(and(scope, where(people)))
    .orderBy(desc(lastMessageAt), threads.id)
}

/** The rows of `selectThreads` as threads. */
function threadRows(rows: ReadonlyArray<{ thread: typeof t.threads.$inferSelect; participantIds: string[]; lastMessageAt: Date }>): ThreadRow[] {
  return rows.map((r) => ({ ...r.thread, participantIds: r.participantIds, lastMessageAt: r.lastMessageAt }))
}

export function createLoaders(db: Db, caller: Caller) {
  const viewer = isViewer(caller) ? caller : undefined
  /** Announcements are shown in it where a copy exists. */
  const language = viewer?.language ?? DEFAULT_LANGUAGE

  return {
    /**
     * Each student's threads visible to the viewer (admins: all of them), the most recently
     * active first, with who takes part: the rules on the thread's fields check it.
     */
    threadsOfStudent: new DataLoader<string, ThreadRow[]>(async (studentIds) => {
      if (!viewer) return studentIds.map(() => [])
      // Prepared statements are shared by every request: the viewer is a placeholder, and admins' statement (no participant condition) is one of its own.
      const statement = viewer.allStudents
        ? preparedOnce(db, 'messaging.threadsOfStudentAll', () => selectThreads(db, uuidInPlaceholder(threads.studentId), () => undefined).prepare('messaging_threads_of_student_all'))
        : preparedOnce(db, 'messaging.threadsOfStudent', () =>
            selectThreads(db, uuidInPlaceholder(threads.studentId), (people) => sql`${sql.placeholder('viewerId')}::text = any(${people.participantIds})`).prepare('messaging_threads_of_student'),
          )
      const rows = await statement.execute({ ids: [...studentIds], viewerId: viewer.id })
      return groupBy(studentIds, threadRows(rows), (r) => r.studentId)
    }),

    /** Threads by id, whoever asks: what is read from them is checked by the rules on their fields. */
    thread: new DataLoader<string, ThreadRow | null>(async (threadIds) => {
      const rows = await preparedOnce(db, 'messaging.thread', () => selectThreads(db, uuidInPlaceholder(threads.id), () => undefined).prepare('messaging_thread')).execute({ ids: [...threadIds] })
      return byKey(threadIds, threadRows(rows), (r) => r.id)
    }),

    /**
     * The staff viewer's inbox (keyed by the list's length): threads they take part in whose
     * newest message someone else sent, about students whose messaging they may read.
     */
    inbox: new DataLoader<number, ThreadRow[]>(async (limits) => {
      if (!viewer) return limits.map(() => [])
      // Prepared statements are shared by every request: the viewer, their students and the limit are placeholders; admins' statement (every student readable) is one of its own.
      const build = (allStudents: boolean) => {
        const own = db
          .select({ threadId: participants.threadId })
          .from(participants)
          .where(eq(participants.personId, sql`${sql.placeholder('viewerId')}::uuid`))
        const newest = db
          .selectDistinctOn([messages.threadId], { threadId: messages.threadId, senderId: messages.senderId })
          .from(messages)
          .where(inArray(messages.threadId, own))
          .orderBy(messages.threadId, desc(messages.sentAt), desc(messages.id))
          .as('newest')
        const awaiting = db
          .select({ threadId: newest.threadId })
          .from(newest)
          .where(ne(newest.senderId, sql`${sql.placeholder('viewerId')}::uuid`))
        const readable = allStudents ? undefined : uuidInPlaceholder(threads.studentId, 'studentIds')
        return selectThreads(db, and(inArray(threads.id, awaiting), readable) ?? sql`true`, () => undefined).limit(sql.placeholder('limit'))
      }
      const statement = viewer.allStudents
        ? preparedOnce(db, 'messaging.inboxAll', () => build(true).prepare('messaging_inbox_all'))
        : preparedOnce(db, 'messaging.inbox', () => build(false).prepare('messaging_inbox'))
      const rows = threadRows(
        await statement.execute({
          viewerId: viewer.id,
          studentIds: viewer.allStudents ? [] : Object.keys(viewer.students).filter((id) => canRead(viewer, id, 'messaging')),
          limit: Math.max(...limits),
        }),
      )
      return limits.map((limit) => rows.slice(0, limit))
    }),

    /** Each thread's participants: guardians, then staff, then the student. */
    participants: new DataLoader<string, ParticipantRow[]>(async (threadIds) => {
      const rows = await preparedOnce(db, 'messaging.participants', () =>
        db
          .select()
          .from(participants)
          .where(uuidInPlaceholder(participants.threadId))
          // By role, then id: an order that needs no collation, the same on every database.
          .orderBy(participants.threadId, participants.personType, participants.personId)
          .prepare('messaging_participants'),
      ).execute({ ids: [...threadIds] })
      return groupBy(threadIds, rows, (r) => r.threadId)
    }),

    /** Per thread, how many messages others sent after the viewer last read it. */
    unreadCount: new DataLoader<string, number>(async (threadIds) => {
      if (!viewer) return threadIds.map(() => 0)
      // The viewer is a placeholder: the prepared statement is shared by every request.
      const rows = await preparedOnce(db, 'messaging.unreadCount', () => {
        const viewerId = sql`${sql.placeholder('viewerId')}::uuid`
        return db
          .select({ threadId: messages.threadId, unread: sql<number>`count(*)::int` })
          .from(messages)
          .innerJoin(participants, and(eq(participants.threadId, messages.threadId), eq(participants.personId, viewerId)))
          .where(and(uuidInPlaceholder(messages.threadId), ne(messages.senderId, viewerId), or(isNull(participants.lastReadAt), gt(messages.sentAt, participants.lastReadAt))))
          .groupBy(messages.threadId)
          .prepare('messaging_unread_count')
      }).execute({ ids: [...threadIds], viewerId: viewer.id })
      return byKey(threadIds, rows, (r) => r.threadId).map((r) => r?.unread ?? 0)
    }),

    /** Each thread's newest message, with its sender. */
    latestMessage: new DataLoader<string, SentMessage | null>(async (threadIds) => {
      const rows = await preparedOnce(db, 'messaging.latestMessage', () =>
        db
          .selectDistinctOn([messages.threadId], { message: messages, sender: participants })
          .from(messages)
          .innerJoin(participants, and(eq(participants.threadId, messages.threadId), eq(participants.personId, messages.senderId)))
          .where(uuidInPlaceholder(messages.threadId))
          .orderBy(messages.threadId, desc(messages.sentAt), desc(messages.id))
          .prepare('messaging_latest_message'),
      ).execute({ ids: [...threadIds] })
      return byKey(threadIds, rows, (r) => r.message.threadId)
    }),

    /** Each thread's `limit` newest messages, oldest of them first, with their senders. */
    messages: new DataLoader<MessagesKey, SentMessage[], string>(
      async (keys) => {
        const rows = await preparedOnce(db, 'messaging.messages', () => {
          const ranked = db
            .select({
              ...getTableColumns(messages),
              rank: sql<number>`row_number() over (partition by ${messages.threadId} order by ${messages.sentAt} desc, ${messages.id} desc)`.as('rank'),
            })
            .from(messages)
            .where(uuidInPlaceholder(messages.threadId))
            .as('ranked')
          return db
            .select()
            .from(ranked)
            .innerJoin(participants, and(eq(participants.threadId, ranked.threadId), eq(participants.personId, ranked.senderId)))
            .where(lte(ranked.rank, sql.placeholder('limit')))
            .orderBy(ranked.threadId, ranked.sentAt, ranked.id)
            .prepare('messaging_messages')
        }).execute({ ids: keys.map((k) => k.threadId), limit: Math.max(0, ...keys.map((k) => k.limit)) })
        const byThread = groupBy(
          keys.map((k) => k.threadId),
          rows,
          (r) => r.ranked.threadId,
        )
        return keys.map((key, i) =>
          (byThread[i] ?? [])
            .filter((r) => r.ranked.rank <= key.limit)
            .map(({ ranked: { rank: _rank, ...message }, thread_participants: sender }) => ({ message, sender })),
        )
      },
      { cacheKeyFn: (k) => `${k.threadId}:${k.limit}` },
    ),

    /**
     * Each student's announcements: their school's and their sections', newest first. One
     * statement for every school and section asked about; each student keeps their own.
     */
    announcements: new DataLoader<AnnouncementsKey, AnnouncementRow[], string>(
      async (keys) => {
        const rows = await preparedOnce(db, 'messaging.announcements', () =>
          db
            .select()
            .from(t.announcements)
            .where(and(uuidInPlaceholder(t.announcements.schoolId, 'schoolIds'), or(isNull(t.announcements.sectionId), uuidInPlaceholder(t.announcements.sectionId, 'sectionIds'))))
            .orderBy(desc(t.announcements.publishedAt), t.announcements.id)
            .prepare('messaging_announcements'),
        ).execute({ schoolIds: [...new Set(keys.map((k) => k.schoolId))], sectionIds: [...new Set(keys.flatMap((k) => k.sectionIds))] })
        // Each notice once: the copy in the viewer's language where the school published one, else the original.
        const copies = new Map(rows.filter((a) => a.translationOf !== null && a.language === language).map((a) => [a.translationOf, a]))
        return keys.map((key) => {
          const sections = new Set(key.sectionIds)
          return rows
            .filter((a) => a.translationOf === null && a.schoolId === key.schoolId && (a.sectionId === null || sections.has(a.sectionId)))
            .slice(0, key.limit)
            .map((a) => (a.language === language ? a : (copies.get(a.id) ?? a)))
        })
      },
      { cacheKeyFn: (k) => `${k.studentId}:${k.limit}` },
    ),
  }
}

export type MessagingLoaders = ReturnType<typeof createLoaders>
