/**
 * Writing to conversations: what a message must be (checked before anything is stored), who may
 * write where (a participant replies; a guardian or a teacher starts a conversation only with
 * someone their correspondence names, which academics works out and the gateway signs), and the
 * one transaction that stores a message with its thread and read state.
 */
import { randomUUID } from 'node:crypto'
import { and, eq, max, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { badUserInput, forbidden, idArgument, recordEvents, type Viewer } from '../kit/index.ts'
import type { SendMessageInput } from './generated/resolvers.ts'
import type { ThreadRow } from './loaders.ts'
import type { MessageMapper, MessageThreadMapper } from './mappers.ts'

/** The longest body and subject, in characters (Unicode code points). */
export const BODY_MAX = 5000
export const SUBJECT_MAX = 200

type PersonType = (typeof t.personType.enumValues)[number]

/** How each role takes part in a conversation. */
const PERSON_TYPE: Record<Viewer['role'], PersonType | undefined> = { GUARDIAN: 'Contact', STUDENT: 'Student', TEACHER: 'Staff', ADMIN: undefined }

/** Control characters other than tab and line breaks, and UTF-16 halves without their pair: neither is text. */
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const LINE_BREAK = /[\r\n]/

/** Characters as Postgres counts them (`char_length`): code points, not UTF-16 units. */
const length = (text: string) => Array.from(text).length

/** The body as stored: as written, less blanks at either end. */
export function messageBody(value: string): string {
  const body = value.trim()
  if (body === '') throw badUserInput('body must not be empty.')
  if (NOT_TEXT.test(body)) throw badUserInput('body may hold text, tabs and line breaks only.')
  if (length(body) > BODY_MAX) throw badUserInput(`body must be at most ${BODY_MAX} characters.`)
  return body
}

export function messageSubject(value: string): string {
  const subject = value.trim()
  if (subject === '') throw badUserInput('subject must not be empty: leave it out to use the first line of the body.')
  if (NOT_TEXT.test(subject) || LINE_BREAK.test(subject)) throw badUserInput('subject must be text on one line.')
  if (length(subject) > SUBJECT_MAX) throw badUserInput(`subject must be at most ${SUBJECT_MAX} characters.`)
  return subject
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** A subject for a conversation started without one: the body's first line, shortened (never inside a character) to fit. */
export function subjectOf(body: string): string {
  const line = (body.split(LINE_BREAK)[0] ?? '').trim()
  if (length(line) <= SUBJECT_MAX) return line
  let subject = ''
  for (const { segment } of graphemes.segment(line)) {
    if (length(subject) + length(segment) > SUBJECT_MAX - 1) break
    subject += segment
  }
  return `${subject.trimEnd()}…`
}

/** The canonical form of a well-formed BCP 47 tag ('es-mx' → 'es-MX'); undefined for anything else. */
function canonicalTag(value: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(value)[0]
  } catch {
    // A RangeError: not a well-formed tag.
    return undefined
  }
}

/** The language a message is stored with: the one declared, canonical, or `fallback` when none is. */
export function messageLanguage(value: string | null | undefined, fallback: string): string {
  if (value === null || value === undefined) return fallback
  // RFC 5646 asks that tags of up to 35 characters be taken; longer ones are not stored.
  const tag = value.length <= 35 ? canonicalTag(value) : undefined
  if (!tag) throw badUserInput("language must be a BCP 47 tag, such as 'en', 'es' or 'es-MX'.")
  return tag
}

/** A message just stored, with everything the sender's screen shows of it. */
export interface Sent {
  thread: MessageThreadMapper
  message: MessageMapper
}

/** Stores a reply or a new conversation; the rule has checked the viewer may write about `studentId`. */
export function sendMessage(db: Db, viewer: Viewer, input: SendMessageInput): Promise<Sent> {
  const body = messageBody(input.body)
  const language = messageLanguage(input.language, viewer.correspondence?.language ?? 'en')
  const threadId = idArgument('threadId', input.threadId)
  const staffId = idArgument('staffId', input.staffId)
  const guardianId = idArgument('guardianId', input.guardianId)
  if (threadId !== undefined) {
    if (staffId !== undefined || guardianId !== undefined || (input.subject !== null && input.subject !== undefined)) {
      throw badUserInput('A reply names its thread only: leave out staffId, guardianId and subject.')
    }
    return reply(db, viewer, { studentId: input.studentId, threadId, body, language })
  }
  const subject = input.subject === null || input.subject === undefined ? subjectOf(body) : messageSubject(input.subject)
  return startConversation(db, viewer, { studentId: input.studentId, staffId, guardianId, subject, body, language })
}

/** A message checked and ready to store. */
interface Draft {
  studentId: string
  body: string
  language: string
}

function reply(db: Db, viewer: Viewer, input: Draft & { threadId: string }): Promise<Sent> {
  return db.transaction(async (tx) => {
    const [thread] = await tx.select().from(t.threads).where(eq(t.threads.id, input.threadId))
    if (!thread) throw badUserInput('threadId names no conversation.')
    const people = await tx.select().from(t.threadParticipants).where(eq(t.threadParticipants.threadId, thread.id))
    const sender = people.find((p) => p.personId === viewer.id)
    if (!sender) throw forbidden('You may reply only in a conversation you take part in.')
    if (thread.studentId !== input.studentId) throw badUserInput('studentId must name the student the thread is about.')
    const sentAt = new Date()
    const [message] = await tx
      .insert(t.messages)
      .values({ id: randomUUID(), threadId: thread.id, senderId: viewer.id, senderType: sender.personType, body: input.body, language: input.language, sentAt })
      .returning()
    // Writing in a thread means having read it up to one's own message.
    const [reader] = await tx
      .update(t.threadParticipants)
      .set({ lastReadAt: sentAt, updatedAt: sentAt })
      .where(and(eq(t.threadParticipants.threadId, thread.id), eq(t.threadParticipants.personId, viewer.id)))
      .returning()
    const [touched] = await tx.update(t.threads).set({ updatedAt: sentAt }).where(eq(t.threads.id, thread.id)).returning()
    if (!message || !reader || !touched) throw new Error(`The reply to thread ${thread.id} was not stored whole.`)
    await recordNewMessage(tx, thread, message, sender.displayName)
    return sent(touched, people.map((p) => p.personId), message, reader)
  })
}

interface Opening extends Draft {
  staffId: string | undefined
  guardianId: string | undefined
  subject: string
}

/** Who the other side of a new conversation is: a guardian names staff, a teacher a guardian. */
function recipientOf(viewer: Viewer, input: Opening): { id: string; type: PersonType } {
  switch (viewer.role) {
    case 'GUARDIAN':
      if (input.staffId === undefined) throw badUserInput('A new conversation from a guardian names staffId: someone who teaches the student.')
      if (input.guardianId !== undefined && input.guardianId !== viewer.id) throw badUserInput('A guardian writes as themself: leave out guardianId.')
      return { id: input.staffId, type: 'Staff' }
    case 'TEACHER':
      if (input.guardianId === undefined) throw badUserInput('A new conversation from a teacher names guardianId: a guardian of the student.')
      if (input.staffId !== undefined && input.staffId !== viewer.id) throw badUserInput('A teacher writes as themself: leave out staffId.')
      return { id: input.guardianId, type: 'Contact' }
    case 'STUDENT':
      throw forbidden('Students reply in their own conversations; a guardian or a teacher starts one.')
    case 'ADMIN':
      throw forbidden('Admins read conversations; they do not write in them.')
  }
}

function startConversation(db: Db, viewer: Viewer, input: Opening): Promise<Sent> {
  const recipient = recipientOf(viewer, input)
  const viewerType = PERSON_TYPE[viewer.role]
  const correspondence = viewer.correspondence
  const student = correspondence?.students[input.studentId]
  const person = student?.people.find((p) => p.id === recipient.id)
  if (!correspondence || !student || !person || !viewerType) {
    throw forbidden(
      recipient.type === 'Staff'
        ? 'You may start a conversation only with staff who teach the student now.'
        : "You may start a conversation only with a guardian of the student to whom the student's records are open.",
    )
  }
  return db.transaction(async (tx) => {
    const sentAt = new Date()
    const [thread] = await tx
      .insert(t.threads)
      .values({ id: randomUUID(), studentId: input.studentId, schoolId: student.schoolId, sectionId: null, subject: input.subject, createdAt: sentAt, updatedAt: sentAt })
      .returning()
    if (!thread) throw new Error('The new thread was not stored.')
    const people = await tx
      .insert(t.threadParticipants)
      .values([
        { threadId: thread.id, personId: viewer.id, personType: viewerType, displayName: correspondence.displayName, lastReadAt: sentAt, createdAt: sentAt, updatedAt: sentAt },
        { threadId: thread.id, personId: person.id, personType: recipient.type, displayName: person.displayName, lastReadAt: null, createdAt: sentAt, updatedAt: sentAt },
      ])
      .returning()
    const [message] = await tx
      .insert(t.messages)
      .values({ id: randomUUID(), threadId: thread.id, senderId: viewer.id, senderType: viewerType, body: input.body, language: input.language, sentAt })
      .returning()
    const sender = people.find((p) => p.personId === viewer.id)
    if (!message || !sender) throw new Error(`Thread ${thread.id} was not stored whole.`)
    await recordNewMessage(tx, thread, message, sender.displayName)
    return sent(thread, people.map((p) => p.personId), message, sender)
  })
}

/** The other participants may be alerted (messaging's own outbox, so a message alerts as every other event does). */
function recordNewMessage(db: Db, thread: typeof t.threads.$inferSelect, message: typeof t.messages.$inferSelect, senderName: string): Promise<void> {
  return recordEvents(db, t.outbox, [
    { kind: 'new-message', studentId: thread.studentId, payload: { threadId: thread.id, messageId: message.id, senderId: message.senderId, senderName, subject: thread.subject } },
  ])
}

/** What the sender's screen shows of a message just stored, each part with its thread's scope for the rules. */
function sent(
  thread: typeof t.threads.$inferSelect,
  participantIds: string[],
  message: typeof t.messages.$inferSelect,
  sender: typeof t.threadParticipants.$inferSelect,
): Sent {
  const scope = { studentId: thread.studentId, participantIds: [...participantIds].sort() }
  const row: ThreadRow = { ...thread, participantIds: scope.participantIds, lastMessageAt: message.sentAt }
  return { thread: row, message: { ...message, ...scope, sender: { ...sender, ...scope } } }
}

/**
 * Marks the thread read for the viewer up to its newest message (or now, if later). The rule has
 * checked that the viewer takes part in it and may read the student's messaging.
 */
export async function markThreadRead(db: Db, viewer: Viewer, threadId: string): Promise<void> {
  const now = new Date()
  const newest = db.select({ sentAt: max(t.messages.sentAt) }).from(t.messages).where(eq(t.messages.threadId, threadId))
  await db
    .update(t.threadParticipants)
    .set({ lastReadAt: sql`greatest(${now.toISOString()}::timestamptz, (${newest}))`, updatedAt: now })
    .where(and(eq(t.threadParticipants.threadId, threadId), eq(t.threadParticipants.personId, viewer.id)))
}
