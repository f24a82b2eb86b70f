/**
 * messaging's per-request DataLoaders: threads by student (for this request's viewer), and
 * everything else by thread id, each batch one SQL statement however many children or threads.
 */
import DataLoader from 'dataloader'
import { and, desc, eq, getTableColumns, gt, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { byKey, groupBy, uuidIn, type Caller } from '../kit/index.ts'
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
 */
async function selectThreads(db: Db, scope: SQL, where: (people: { participantIds: SQL.Aliased<string[]> }) => SQL | undefined, limit?: number): Promise<ThreadRow[]> {
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
  const query = db
    .select({ thread: threads, participantIds: people.participantIds, lastMessageAt })
    .from(threads)
    .innerJoin(people, eq(people.threadId, threads.id))
    .leftJoin(activity, eq(activity.threadId, threads.id))
    .where(and(scope, where(people)))
    .orderBy(desc(lastMessageAt), threads.id)
  const rows = await (limit === undefined ? query : query.limit(limit))
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
      const rows = await selectThreads(db, uuidIn(threads.studentId, studentIds), (people) =>
        viewer.allStudents ? undefined : sql`${viewer.id} = any(${people.participantIds})`,
      )
      return groupBy(studentIds, rows, (r) => r.studentId)
    }),

    /** Threads by id, whoever asks: what is read from them is checked by the rules on their fields. */
    thread: new DataLoader<string, ThreadRow | null>(async (threadIds) => byKey(threadIds, await selectThreads(db, uuidIn(threads.id, threadIds), () => undefined), (r) => r.id)),

    /**
     * The staff viewer's inbox (keyed by the list's length): threads they take part in whose
     * newest message someone else sent, about students whose messaging they may read.
     */
    inbox: new DataLoader<number, ThreadRow[]>(async (limits) => {
      if (!viewer) return limits.map(() => [])
      const own = db.select({ threadId: participants.threadId }).from(participants).where(eq(participants.personId, viewer.id))
      const newest = db
        .selectDistinctOn([messages.threadId], { threadId: messages.threadId, senderId: messages.senderId })
        .from(messages)
        .where(inArray(messages.threadId, own))
        .orderBy(messages.threadId, desc(messages.sentAt), desc(messages.id))
        .as('newest')
      const awaiting = db.select({ threadId: newest.threadId }).from(newest).where(ne(newest.senderId, viewer.id))
      const readable = viewer.allStudents ? undefined : uuidIn(threads.studentId, Object.keys(viewer.students).filter((id) => canRead(viewer, id, 'messaging')))
      const rows = await selectThreads(db, and(inArray(threads.id, awaiting), readable) ?? sql`true`, () => undefined, Math.max(...limits))
      return limits.map((limit) => rows.slice(0, limit))
    }),

    /** Each thread's participants: guardians, then staff, then the student. */
    participants: new DataLoader<string, ParticipantRow[]>(async (threadIds) => {
      const rows = await db
        .select()
        .from(participants)
        .where(uuidIn(participants.threadId, threadIds))
        // By role, then id: an order that needs no collation, the same on every database.
        .orderBy(participants.threadId, participants.personType, participants.personId)
      return groupBy(threadIds, rows, (r) => r.threadId)
    }),

    /** Per thread, how many messages others sent after the viewer last read it. */
    unreadCount: new DataLoader<string, number>(async (threadIds) => {
      if (!viewer) return threadIds.map(() => 0)
      const rows = await db
        .select({ threadId: messages.threadId, unread: sql<number>`count(*)::int` })
        .from(messages)
        .innerJoin(participants, and(eq(participants.threadId, messages.threadId), eq(participants.personId, viewer.id)))
        .where(
          and(
            uuidIn(messages.threadId, threadIds),
            ne(messages.senderId, viewer.id),
            or(isNull(participants.lastReadAt), gt(messages.sentAt, participants.lastReadAt)),
          ),
        )
        .groupBy(messages.threadId)
      return byKey(threadIds, rows, (r) => r.threadId).map((r) => r?.unread ?? 0)
    }),

    /** Each thread's newest message, with its sender. */
    latestMessage: new DataLoader<string, SentMessage | null>(async (threadIds) => {
      const rows = await db
        .selectDistinctOn([messages.threadId], { message: messages, sender: participants })
        .from(messages)
        .innerJoin(participants, and(eq(participants.threadId, messages.threadId), eq(participants.personId, messages.senderId)))
        .where(uuidIn(messages.threadId, threadIds))
        .orderBy(messages.threadId, desc(messages.sentAt), desc(messages.id))
      return byKey(threadIds, rows, (r) => r.message.threadId)
    }),

    /** Each thread's `limit` newest messages, oldest of them first, with their senders. */
    messages: new DataLoader<MessagesKey, SentMessage[], string>(
      async (keys) => {
        const ranked = db
          .select({
            ...getTableColumns(messages),
            rank: sql<number>`row_number() over (partition by ${messages.threadId} order by ${messages.sentAt} desc, ${messages.id} desc)`.as('rank'),
          })
          .from(messages)
          .where(uuidIn(messages.threadId, keys.map((k) => k.threadId)))
          .as('ranked')
        const rows = await db
          .select()
          .from(ranked)
          .innerJoin(participants, and(eq(participants.threadId, ranked.threadId), eq(participants.personId, ranked.senderId)))
          .where(lte(ranked.rank, Math.max(0, ...keys.map((k) => k.limit))))
          .orderBy(ranked.threadId, ranked.sentAt, ranked.id)
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
        const rows = await db
          .select()
          .from(t.announcements)
          .where(
            and(
              uuidIn(t.announcements.schoolId, [...new Set(keys.map((k) => k.schoolId))]),
              or(isNull(t.announcements.sectionId), uuidIn(t.announcements.sectionId, [...new Set(keys.flatMap((k) => k.sectionIds))])),
            ),
          )
          .orderBy(desc(t.announcements.publishedAt), t.announcements.id)
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
