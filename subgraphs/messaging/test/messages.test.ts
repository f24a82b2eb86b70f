/**
 * Families and teachers write to each other through the gateway, with the committed operations:
 * a guardian starts a conversation with Leo's teacher and replies, the teacher finds it in their
 * inbox and answers, unread counts follow and the guardian marks the thread read; each write is
 * stored whole, exactly as the rows show. Everyone the contract does not allow is refused with
 * FORBIDDEN, and input that cannot be stored with BAD_USER_INPUT, and neither writes anything.
 * The messaging subgraph refuses a request that does not come through the gateway.
 */
import fs from 'node:fs'
import { randomUUID } from 'node:crypto'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { decodeJwt, generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../../db/client.ts'
import * as academics from '../../academics/db/schema.ts'
import * as messaging from '../db/schema.ts'
import { AREAS, signCallerToken, type Viewer } from '../../../lib/contract/index.ts'
import { KEY_ALG } from '../../../lib/keys.ts'
import { childrenOf, linkedStudents, one, studentsOfTeacher } from '../../../test/support/people.ts'
import { createTestSubgraph, type TestSubgraph } from '../../../test/support/subgraph.ts'
import { startTestSystem, type GraphQLResponse, type TestSystem } from '../../../test/support/system.ts'

const operation = (name: string) => fs.readFileSync(`schema/operations/${name}.graphql`, 'utf8')
const SEND = operation('SendMessage')
const MARK_READ = operation('MarkThreadRead')
const INBOX = operation('StaffInbox')
const RECIPIENTS = operation('MessageRecipients')
const THREADS = `query ($id: ID!) { student(id: $id) { messageThreads { id subject unreadCount } } }`

interface Participant {
  displayName: string
  role: string
  isViewer: boolean
}
interface Sent {
  sendMessage: {
    thread: { id: string; subject: string; createdAt: string; unreadCount: number; participants: Participant[] }
    message: { id: string; sender: Participant; body: string; language: string; sentAt: string }
  } | null
}
interface InboxThread {
  id: string
  subject: string
  unreadCount: number
  student: { id: string; displayName: string } | null
  participants: Participant[]
  latestMessage: { id: string; sender: { displayName: string; role: string }; body: string; language: string; sentAt: string } | null
}

let t: TestSystem
/** The people of the demo district these tests write as, and about. */
let p: {
  alex: string
  sam: string
  leo: string
  maya: string
  teacher: string
  noah: string
  dana: string
  chris: string
  noahsTeacher: string
  jordan: string
  lucia: string
  jordansTeacher: string
  /** Teaches Maya and not Leo. */
  mayasTeacher: string
  /** A student of demo.teacher's who is not Alex's child. */
  otherStudent: string
}

/** The login of a teacher of `studentId` (every teacher has one), or one who teaches them and not `not`. */
async function teacherLoginOf(studentId: string, not?: string): Promise<string> {
  const rows = rowsOf<{ login: string }>(
    await t.db('academics').execute(sql`
      select a.login from academics.accounts a
      join academics.staff_section_associations ss on ss.staff_id = a.person_id
      join academics.student_section_associations e on e.section_id = ss.section_id and e.end_date is null
      where e.student_id = ${studentId} and a.role = 'TEACHER'
        and not exists (select 1 from academics.staff_section_associations o
          join academics.student_section_associations oe on oe.section_id = o.section_id and oe.end_date is null
          where o.staff_id = a.person_id and oe.student_id = ${not ?? studentId} and ${not ?? null}::uuid is not null)
      order by a.login limit 1`),
  )
  const login = rows[0]?.login
  if (!login) throw new Error(`No teacher with a login teaches ${studentId}.`)
  return login
}

beforeAll(async () => {
  t = await startTestSystem({ writable: 'messages' })
  const children = await childrenOf(t, 'demo.guardian')
  const leo = await t.personId('demo.student')
  const maya = one(children.filter((c) => c.firstName === 'Maya'), 'Maya').id
  const noah = one(await linkedStudents(t, 'restricted.guardian'), 'restricted child').id
  const jordan = await t.personId('adult.student')
  const guardianOf = async (studentId: string, firstName: string) =>
    one(
      await t
        .db('academics')
        .select({ id: academics.contacts.id })
        .from(academics.studentContactAssociations)
        .innerJoin(academics.contacts, eq(academics.contacts.id, academics.studentContactAssociations.contactId))
        .where(and(eq(academics.studentContactAssociations.studentId, studentId), eq(academics.contacts.firstName, firstName))),
      `${firstName}, a guardian of ${studentId}`,
    ).id
  const teacher = await t.personId('demo.teacher')
  const taught = (await studentsOfTeacher(t, 'demo.teacher')).map((s) => s.id)
  const alexsChildren = new Set(children.map((c) => c.id))
  const otherStudent = taught.find((id) => !alexsChildren.has(id))
  if (!otherStudent) throw new Error('demo.teacher teaches no one but the demo children.')
  p = {
    alex: await t.personId('demo.guardian'),
    sam: await guardianOf(leo, 'Sam'),
    leo,
    maya,
    teacher,
    noah,
    dana: await guardianOf(noah, 'Dana'),
    chris: await t.personId('restricted.guardian'),
    noahsTeacher: await teacherLoginOf(noah),
    jordan,
    lucia: await t.personId('adult.guardian'),
    jordansTeacher: await teacherLoginOf(jordan),
    mayasTeacher: await t.personId(await teacherLoginOf(maya, leo)),
    otherStudent,
  }
  expect(taught.includes(leo)).toBe(true)
})
afterAll(() => t.close())

const send = (login: string, input: Record<string, unknown>) => t.query<Sent>({ login }, SEND, { input })
const markRead = (login: string, threadId: unknown) => t.query<{ markThreadRead: { thread: { id: string; unreadCount: number } } | null }>({ login }, MARK_READ, { input: { threadId } })
const inbox = (login: string) => t.query<{ me: { id: string; inbox: InboxThread[] | null } }>({ login }, INBOX)

/** What the shield answers for any field a rule refuses. */
const NOT_ALLOWED = 'You may not read this.'

/** The answer with each error as message, path and code. */
const shape = <Data,>({ body }: GraphQLResponse<Data>) => ({
  data: body.data,
  errors: body.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })),
})

/** Everything a write would change in messaging: a refused write must leave all of it as it was. */
async function messagingState() {
  return rowsOf<Record<string, unknown>>(
    await t.db('messaging').execute(sql`select
      (select count(*) from messaging.threads)::int as threads,
      (select count(*) from messaging.thread_participants)::int as participants,
      (select count(*) from messaging.messages)::int as messages,
      (select max(updated_at)::text from messaging.threads) as threads_touched,
      (select max(updated_at)::text from messaging.thread_participants) as participants_touched,
      (select max(last_read_at)::text from messaging.thread_participants) as last_read`),
  )[0]
}

/** A thread as its rows hold it. */
async function threadRows(threadId: string) {
  const db = t.db('messaging')
  const [thread] = await db.select().from(messaging.threads).where(eq(messaging.threads.id, threadId))
  const participants = await db
    .select()
    .from(messaging.threadParticipants)
    .where(eq(messaging.threadParticipants.threadId, threadId))
    .orderBy(messaging.threadParticipants.personType, messaging.threadParticipants.personId)
  const messages = await db.select().from(messaging.messages).where(eq(messaging.messages.threadId, threadId)).orderBy(messaging.messages.sentAt, messaging.messages.id)
  return { thread, participants, messages }
}

async function schoolOf(studentId: string): Promise<string> {
  return one(await t.db('academics').select().from(academics.students).where(eq(academics.students.id, studentId)), 'student').schoolId
}

/** Unread counts of a student's threads for a viewer, as the gateway answers them. */
async function unreadCounts(login: string, studentId: string): Promise<Record<string, number>> {
  const response = await t.query<{ student: { messageThreads: Array<{ id: string; unreadCount: number }> } }>({ login }, THREADS, { id: studentId })
  expect(response.body.errors).toBeUndefined()
  return Object.fromEntries((response.body.data?.student.messageThreads ?? []).map((th) => [th.id, th.unreadCount]))
}

describe('a guardian and a teacher write to each other about Leo', () => {
  let threadId = ''
  const sentAt: string[] = []

  it("starts a conversation with Leo's teacher, stored whole: thread, both participants and the message in the guardian's language", async () => {
    const response = await send('demo.guardian', {
      studentId: p.leo,
      staffId: p.teacher,
      subject: '  Field trip form ',
      body: '  Leo left the field trip form at school.\nCould he bring it on Monday?\n ',
    })
    expect(response.body.errors).toBeUndefined()
    const answer = response.body.data?.sendMessage
    threadId = answer?.thread.id ?? ''
    const rows = await threadRows(threadId)
    const message = one(rows.messages, 'message')
    sentAt.push(message.sentAt.toISOString())
    const at = message.sentAt
    expect(rows).toStrictEqual({
      thread: { id: threadId, studentId: p.leo, schoolId: await schoolOf(p.leo), sectionId: null, subject: 'Field trip form', createdAt: at, updatedAt: at },
      participants: [
        { threadId, personId: p.alex, personType: 'Contact', displayName: 'Alex Rivera', lastReadAt: at, createdAt: at, updatedAt: at },
        { threadId, personId: p.teacher, personType: 'Staff', displayName: 'Morgan Lee', lastReadAt: null, createdAt: at, updatedAt: at },
      ],
      messages: [
        {
          id: answer?.message.id,
          threadId,
          senderId: p.alex,
          senderType: 'Contact',
          body: 'Leo left the field trip form at school.\nCould he bring it on Monday?',
          language: 'en',
          sentAt: at,
          createdAt: expect.any(Date),
          updatedAt: expect.any(Date),
        },
      ],
    })
    const alex = { displayName: 'Alex Rivera', role: 'CONTACT', isViewer: true }
    expect(response.body).toStrictEqual({
      data: {
        sendMessage: {
          thread: { id: threadId, subject: 'Field trip form', createdAt: at.toISOString(), unreadCount: 0, participants: [alex, { displayName: 'Morgan Lee', role: 'STAFF', isViewer: false }] },
          message: { id: message.id, sender: alex, body: message.body, language: 'en', sentAt: at.toISOString() },
        },
      },
    })
  })

  it('notes the write in the record of disclosures: who wrote about Leo, and when', async () => {
    await t.system.gateway.disclosures.flush()
    const records = await t
      .db('academics')
      .select({ viewerRole: academics.disclosures.viewerRole, areas: academics.disclosures.areas, fields: academics.disclosures.fields, operationName: academics.disclosures.operationName })
      .from(academics.disclosures)
      .where(and(eq(academics.disclosures.viewerId, p.alex), eq(academics.disclosures.studentId, p.leo), eq(academics.disclosures.operationName, 'SendMessage')))
    expect(records).toStrictEqual([
      {
        viewerRole: 'GUARDIAN',
        areas: ['messaging'],
        fields: ['Message.body', 'Message.id', 'Message.language', 'Message.sender', 'Message.sentAt', 'MessageThread.createdAt', 'MessageThread.id', 'MessageThread.participants', 'MessageThread.subject', 'MessageThread.unreadCount', 'Mutation.sendMessage', 'SendMessagePayload.message', 'SendMessagePayload.thread', 'ThreadParticipant.displayName', 'ThreadParticipant.isViewer', 'ThreadParticipant.role'],
        operationName: 'SendMessage',
      },
    ])
  })

  it('replies in the thread; the teacher has both messages unread and finds the thread first in their inbox', async () => {
    const response = await send('demo.guardian', { studentId: p.leo, threadId, body: 'Also, is the trip still on Thursday?' })
    expect(response.body.errors).toBeUndefined()
    const rows = await threadRows(threadId)
    expect(rows.messages.map((m) => [m.senderId, m.body])).toStrictEqual([
      [p.alex, 'Leo left the field trip form at school.\nCould he bring it on Monday?'],
      [p.alex, 'Also, is the trip still on Thursday?'],
    ])
    const reply = rows.messages[1]
    sentAt.push(reply?.sentAt.toISOString() ?? '')
    expect(response.body.data?.sendMessage?.thread).toStrictEqual({
      id: threadId,
      subject: 'Field trip form',
      createdAt: sentAt[0],
      unreadCount: 0,
      participants: [
        { displayName: 'Alex Rivera', role: 'CONTACT', isViewer: true },
        { displayName: 'Morgan Lee', role: 'STAFF', isViewer: false },
      ],
    })
    expect(rows.participants.map((r) => [r.personId, r.lastReadAt?.toISOString() ?? null])).toStrictEqual([
      [p.alex, sentAt[1]],
      [p.teacher, null],
    ])
    expect((await unreadCounts('demo.teacher', p.leo))[threadId]).toBe(2)

    const box = await inbox('demo.teacher')
    expect(box.body.errors).toBeUndefined()
    expect(box.body.data?.me.inbox?.[0]).toStrictEqual({
      id: threadId,
      subject: 'Field trip form',
      unreadCount: 2,
      student: { id: p.leo, displayName: 'Leo Rivera' },
      participants: [
        { displayName: 'Alex Rivera', role: 'CONTACT', isViewer: false },
        { displayName: 'Morgan Lee', role: 'STAFF', isViewer: true },
      ],
      latestMessage: { id: reply?.id, sender: { displayName: 'Alex Rivera', role: 'CONTACT' }, body: 'Also, is the trip still on Thursday?', language: 'en', sentAt: sentAt[1] },
    })
  })

  it("lists in the teacher's inbox exactly the threads awaiting their reply about students they teach, the most recently active first", async () => {
    const box = await inbox('demo.teacher')
    const db = t.db('messaging')
    const mine = await db.select({ threadId: messaging.threadParticipants.threadId }).from(messaging.threadParticipants).where(eq(messaging.threadParticipants.personId, p.teacher))
    const threads = await db.select().from(messaging.threads).where(inArray(messaging.threads.id, mine.map((m) => m.threadId)))
    const sent = await db.select().from(messaging.messages).where(inArray(messaging.messages.threadId, mine.map((m) => m.threadId)))
    const taught = new Set((await studentsOfTeacher(t, 'demo.teacher')).map((s) => s.id))
    const newest = (id: string) => sent.filter((m) => m.threadId === id).sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime() || (a.id < b.id ? 1 : -1))[0]
    const expected = threads
      .filter((th) => taught.has(th.studentId) && newest(th.id) !== undefined && newest(th.id)?.senderId !== p.teacher)
      .sort((a, b) => (newest(b.id)?.sentAt.getTime() ?? 0) - (newest(a.id)?.sentAt.getTime() ?? 0) || (a.id < b.id ? -1 : 1))
      .map((th) => [th.id, newest(th.id)?.id])
    expect(expected.length).toBeGreaterThan(1)
    expect(box.body.data?.me.inbox?.map((th) => [th.id, th.latestMessage?.id])).toStrictEqual(expected)
  })

  it('the teacher answers: nothing left unread for them, the thread leaves their inbox, and the guardian has one unread', async () => {
    const response = await send('demo.teacher', { studentId: p.leo, threadId, body: 'Yes, Monday is fine, and the trip is on Thursday.' })
    expect(response.body.errors).toBeUndefined()
    const answer = response.body.data?.sendMessage
    expect(answer?.thread.unreadCount).toBe(0)
    expect(answer?.message.sender).toStrictEqual({ displayName: 'Morgan Lee', role: 'STAFF', isViewer: true })
    expect((await unreadCounts('demo.teacher', p.leo))[threadId]).toBe(0)
    expect((await unreadCounts('demo.guardian', p.leo))[threadId]).toBe(1)
    expect((await inbox('demo.teacher')).body.data?.me.inbox?.some((th) => th.id === threadId)).toBe(false)
  })

  it('the guardian opens the thread and marks it read: its unread count becomes 0', async () => {
    const response = await markRead('demo.guardian', threadId)
    expect(response.body).toStrictEqual({ data: { markThreadRead: { thread: { id: threadId, unreadCount: 0 } } } })
    expect((await unreadCounts('demo.guardian', p.leo))[threadId]).toBe(0)
    const rows = await threadRows(threadId)
    const newest = rows.messages.at(-1)?.sentAt.getTime() ?? Infinity
    expect(rows.participants.every((r) => r.lastReadAt !== null && r.lastReadAt.getTime() >= newest)).toBe(true)
  })

  it("the teacher starts a conversation with Leo's other guardian, whom messageRecipients lists", async () => {
    const recipients = await t.query({ login: 'demo.teacher' }, RECIPIENTS, { studentId: p.leo })
    expect(recipients.body).toStrictEqual({
      data: {
        student: {
          id: p.leo,
          messageRecipients: [
            { id: p.alex, displayName: 'Alex Rivera', role: 'CONTACT' },
            { id: p.sam, displayName: 'Sam Rivera', role: 'CONTACT' },
          ],
        },
      },
    })
    const response = await send('demo.teacher', { studentId: p.leo, guardianId: p.sam, body: 'Leo did very well in the quiz today.' })
    expect(response.body.errors).toBeUndefined()
    const rows = await threadRows(response.body.data?.sendMessage?.thread.id ?? '')
    expect({
      subject: rows.thread?.subject,
      participants: rows.participants.map((r) => [r.personId, r.personType, r.displayName, r.lastReadAt !== null]),
      messages: rows.messages.map((m) => [m.senderId, m.senderType, m.language]),
    }).toStrictEqual({
      // No subject given: the body's first line.
      subject: 'Leo did very well in the quiz today.',
      participants: [
        [p.sam, 'Contact', 'Sam Rivera', false],
        [p.teacher, 'Staff', 'Morgan Lee', true],
      ],
      messages: [[p.teacher, 'Staff', 'en']],
    })
  })

  it('Leo replies in his own thread with his teacher', async () => {
    const [own] = await t
      .db('messaging')
      .select({ id: messaging.threads.id })
      .from(messaging.threads)
      .innerJoin(messaging.threadParticipants, eq(messaging.threadParticipants.threadId, messaging.threads.id))
      .where(eq(messaging.threadParticipants.personId, p.leo))
    if (!own) throw new Error('Leo takes part in no thread.')
    const response = await send('demo.student', { studentId: p.leo, threadId: own.id, body: 'See you at lunch on Wednesday!' })
    expect(response.body.errors).toBeUndefined()
    expect(response.body.data?.sendMessage?.message.sender).toStrictEqual({ displayName: 'Leo Rivera', role: 'STUDENT', isViewer: true })
    expect((await threadRows(own.id)).messages.at(-1)).toMatchObject({ senderId: p.leo, senderType: 'Student', body: 'See you at lunch on Wednesday!' })
  })

  it("stores a message in the language its sender declares, else in the guardian's preferred language", async () => {
    // A family of demo.teacher's whose guardian prefers another language and may read the child's records.
    const [family] = rowsOf<{ login: string; contact_id: string; student_id: string; preferred_language: string }>(
      await t.db('academics').execute(sql`
        select a.login, c.id as contact_id, l.student_id, c.preferred_language from academics.contacts c
        join academics.accounts a on a.person_id = c.id
        join academics.student_contact_associations l on l.contact_id = c.id and l.restriction_document is null
        join academics.students s on s.id = l.student_id and s.birth_date > (current_date - interval '18 years')
        where c.preferred_language <> 'en' and l.student_id = any(${sql.param((await studentsOfTeacher(t, 'demo.teacher')).map((s) => s.id))}::text[]::uuid[])
        order by a.login limit 1`),
    )
    if (!family) throw new Error("No guardian of demo.teacher's students prefers a language other than English.")
    const first = await send(family.login, { studentId: family.student_id, staffId: p.teacher, body: 'Una pregunta sobre la tarea.' })
    expect(first.body.errors).toBeUndefined()
    expect(first.body.data?.sendMessage?.message.language).toBe(family.preferred_language)
    const second = await send(family.login, { studentId: family.student_id, threadId: first.body.data?.sendMessage?.thread.id, body: 'Thank you!', language: 'en-gb' })
    expect(second.body.data?.sendMessage?.message.language).toBe('en-GB')
    const rows = await threadRows(first.body.data?.sendMessage?.thread.id ?? '')
    expect(rows.messages.map((m) => m.language)).toStrictEqual([family.preferred_language, 'en-GB'])
  })

  it('takes a body of exactly 5000 characters, counting each emoji as one', async () => {
    const body = `${'a'.repeat(4999)}😀`
    const response = await send('demo.guardian', { studentId: p.leo, threadId, body })
    expect(response.body.errors).toBeUndefined()
    expect((await threadRows(threadId)).messages.at(-1)?.body).toBe(body)
  })
})

describe('who may not write', () => {
  const refused = (field: string, message: string) => ({ data: { [field]: null }, errors: [{ message, path: [field], code: 'FORBIDDEN' }] })

  it.each([
    ['a guardian, about a child not theirs', 'demo.guardian', () => ({ studentId: p.noah, staffId: p.teacher, body: 'Hello' }), NOT_ALLOWED],
    ['a parent a court order bars, about that child', 'restricted.guardian', () => ({ studentId: p.noah, staffId: p.teacher, body: 'Hello' }), NOT_ALLOWED],
    ['a parent of an adult student who has not consented', 'adult.guardian', () => ({ studentId: p.jordan, staffId: p.teacher, body: 'Hello' }), NOT_ALLOWED],
    [
      'a guardian, to staff who do not teach the child',
      'demo.guardian',
      () => ({ studentId: p.leo, staffId: p.mayasTeacher, body: 'Hello' }),
      'You may start a conversation only with staff who teach the student now.',
    ],
    ['a student, starting a conversation', 'demo.student', () => ({ studentId: p.leo, staffId: p.teacher, body: 'Hello' }), 'Students reply in their own conversations; a guardian or a teacher starts one.'],
    ['a student, about a sibling', 'demo.student', () => ({ studentId: p.maya, staffId: p.mayasTeacher, body: 'Hello' }), NOT_ALLOWED],
    ['a teacher, to a guardian of a student outside their sections', 'demo.teacher', () => ({ studentId: p.maya, guardianId: p.alex, body: 'Hello' }), NOT_ALLOWED],
    [
      'a teacher, to a guardian not of the student named',
      'demo.teacher',
      () => ({ studentId: p.otherStudent, guardianId: p.alex, body: 'Hello' }),
      "You may start a conversation only with a guardian of the student to whom the student's records are open.",
    ],
    ['an admin', 'demo.admin', () => ({ studentId: p.leo, staffId: p.teacher, body: 'Hello' }), NOT_ALLOWED],
  ])('refuses %s with FORBIDDEN and writes nothing', async (_who, login, input, message) => {
    const before = await messagingState()
    expect(shape(await send(login, input()))).toStrictEqual(refused('sendMessage', message))
    expect(await messagingState()).toStrictEqual(before)
  })

  it.each([
    ["restricted.guardian, whom a court order bars from Noah's records", () => ({ login: p.noahsTeacher, studentId: p.noah, barred: p.chris, open: [p.dana] })],
    ['adult.guardian, with whom Jordan (18) has not shared the records', () => ({ login: p.jordansTeacher, studentId: p.jordan, barred: p.lucia, open: [] })],
  ])("refuses a teacher naming %s as guardianId, and lists only the student's other guardians", async (_who, situation) => {
    const { login, studentId, barred, open } = situation()
    const before = await messagingState()
    expect(shape(await send(login, { studentId, guardianId: barred, body: 'Hello' }))).toStrictEqual(
      refused('sendMessage', "You may start a conversation only with a guardian of the student to whom the student's records are open."),
    )
    expect(await messagingState()).toStrictEqual(before)
    const recipients = await t.query<{ student: { messageRecipients: Array<{ id: string }> } }>({ login }, RECIPIENTS, { studentId })
    expect(recipients.body.errors).toBeUndefined()
    expect(recipients.body.data?.student.messageRecipients.map((r) => r.id)).toStrictEqual(open)
  })

  /** A thread about one of `students` that `viewer` takes no part in. */
  async function threadWithout(viewer: string, students: string[]) {
    const threads = await t
      .db('messaging')
      .select({ id: messaging.threads.id, studentId: messaging.threads.studentId, people: sql<string[]>`array_agg(${messaging.threadParticipants.personId}::text)` })
      .from(messaging.threads)
      .innerJoin(messaging.threadParticipants, eq(messaging.threadParticipants.threadId, messaging.threads.id))
      .where(inArray(messaging.threads.studentId, students))
      .groupBy(messaging.threads.id)
      .orderBy(asc(messaging.threads.id))
    const found = threads.find((th) => !th.people.includes(viewer))
    if (!found) throw new Error(`No thread about ${students.join(', ')} leaves out ${viewer}.`)
    return found
  }

  /** A thread another of Leo's teachers starts with Sam, which demo.teacher takes no part in. */
  async function colleaguesThread() {
    const [colleague] = rowsOf<{ login: string }>(
      await t.db('academics').execute(sql`
        select a.login from academics.accounts a
        join academics.staff_section_associations ss on ss.staff_id = a.person_id
        join academics.student_section_associations e on e.section_id = ss.section_id and e.end_date is null
        where e.student_id = ${p.leo} and a.role = 'TEACHER' and a.person_id <> ${p.teacher}
        order by a.login limit 1`),
    )
    if (!colleague) throw new Error("demo.teacher is Leo's only teacher.")
    const response = await send(colleague.login, { studentId: p.leo, guardianId: p.sam, body: 'A note about Leo.' })
    const id = response.body.data?.sendMessage?.thread.id
    if (!id) throw new Error(`The colleague's thread was not started: ${response.text}`)
    return { id, studentId: p.leo }
  }

  it.each([
    ['a student, in a thread of their guardians about them', 'demo.student', () => threadWithout(p.leo, [p.leo])],
    ["a guardian, in their child's own thread with a teacher", 'demo.guardian', () => threadWithout(p.alex, [p.leo])],
    ['a teacher, in a thread of a colleague about a student they teach', 'demo.teacher', colleaguesThread],
  ])('refuses a reply or marking read by %s, and writes nothing', async (_who, login, threadFor) => {
    const thread = await threadFor()
    const before = await messagingState()
    expect(shape(await send(login, { studentId: thread.studentId, threadId: thread.id, body: 'Hello' }))).toStrictEqual(
      refused('sendMessage', 'You may reply only in a conversation you take part in.'),
    )
    expect(shape(await markRead(login, thread.id))).toStrictEqual(refused('markThreadRead', NOT_ALLOWED))
    expect(await messagingState()).toStrictEqual(before)
  })

  it("refuses staff inboxes to guardians and students, and an admin's marking a thread read", async () => {
    for (const login of ['demo.guardian', 'demo.student']) {
      expect(shape(await inbox(login))).toStrictEqual({
        data: { me: { id: await t.personId(login), inbox: null } },
        errors: [{ message: NOT_ALLOWED, path: ['me', 'inbox'], code: 'FORBIDDEN' }],
      })
    }
    const [any] = await t.db('messaging').select({ id: messaging.threads.id }).from(messaging.threads).limit(1)
    const before = await messagingState()
    expect(shape(await markRead('demo.admin', any?.id))).toStrictEqual(refused('markThreadRead', NOT_ALLOWED))
    expect(await messagingState()).toStrictEqual(before)
  })
})

describe('input that cannot be stored', () => {
  const bad = (field: string, message: string) => ({ data: { [field]: null }, errors: [{ message, path: [field], code: 'BAD_USER_INPUT' }] })
  let threadId = ''
  beforeAll(async () => {
    const [own] = await t
      .db('messaging')
      .select({ id: messaging.threadParticipants.threadId })
      .from(messaging.threadParticipants)
      .innerJoin(messaging.threads, eq(messaging.threads.id, messaging.threadParticipants.threadId))
      .where(and(eq(messaging.threadParticipants.personId, p.alex), eq(messaging.threads.studentId, p.leo)))
      .limit(1)
    threadId = own?.id ?? ''
  })

  it.each([
    ['an empty body', () => ({ studentId: p.leo, staffId: p.teacher, body: '' }), 'body must not be empty.'],
    ['a body of blanks', () => ({ studentId: p.leo, staffId: p.teacher, body: ' \n\t ' }), 'body must not be empty.'],
    ['a body over 5000 characters', () => ({ studentId: p.leo, staffId: p.teacher, body: `${'a'.repeat(5000)}😀` }), 'body must be at most 5000 characters.'],
    ['a body with a NUL character', () => ({ studentId: p.leo, staffId: p.teacher, body: 'Hello\u0000' }), 'body may hold text, tabs and line breaks only.'],
    ['a subject over 200 characters', () => ({ studentId: p.leo, staffId: p.teacher, subject: 'a'.repeat(201), body: 'Hello' }), 'subject must be at most 200 characters.'],
    ['a subject on two lines', () => ({ studentId: p.leo, staffId: p.teacher, subject: 'One\nTwo', body: 'Hello' }), 'subject must be text on one line.'],
    ['an empty subject', () => ({ studentId: p.leo, staffId: p.teacher, subject: '  ', body: 'Hello' }), 'subject must not be empty: leave it out to use the first line of the body.'],
    ['a language that is no BCP 47 tag', () => ({ studentId: p.leo, staffId: p.teacher, body: 'Hello', language: 'not a language!' }), "language must be a BCP 47 tag, such as 'en', 'es' or 'es-MX'."],
    ['an unknown thread', () => ({ studentId: p.leo, threadId: randomUUID(), body: 'Hello' }), 'threadId names no conversation.'],
    ['a malformed thread id', () => ({ studentId: p.leo, threadId: 'thread-1', body: 'Hello' }), 'threadId must be an id (a UUID).'],
    ['a malformed staff id', () => ({ studentId: p.leo, staffId: '42', body: 'Hello' }), 'staffId must be an id (a UUID).'],
    ['a malformed student id', () => ({ studentId: 'leo', staffId: p.teacher, body: 'Hello' }), 'studentId must be an id (a UUID).'],
    ['a new conversation naming nobody', () => ({ studentId: p.leo, body: 'Hello' }), 'A new conversation from a guardian names staffId: someone who teaches the student.'],
    ['a reply with a subject', () => ({ studentId: p.leo, threadId, subject: 'New subject', body: 'Hello' }), 'A reply names its thread only: leave out staffId, guardianId and subject.'],
    ['a reply about another child than the thread’s', () => ({ studentId: p.maya, threadId, body: 'Hello' }), 'studentId must name the student the thread is about.'],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_what, input, message) => {
    const before = await messagingState()
    expect(shape(await send('demo.guardian', input()))).toStrictEqual(bad('sendMessage', message))
    expect(await messagingState()).toStrictEqual(before)
  })

  it.each([201, 0])('refuses an inbox of %i threads with BAD_USER_INPUT naming the limit', async (limit) => {
    const response = await t.query({ login: 'demo.teacher' }, 'query ($n: Int) { me { id inbox(limit: $n) { id } } }', { n: limit })
    expect(shape(response)).toStrictEqual({
      data: { me: { id: p.teacher, inbox: null } },
      errors: [{ message: 'limit must be a whole number between 1 and 200.', path: ['me', 'inbox'], code: 'BAD_USER_INPUT' }],
    })
  })

  it.each([
    ['an unknown thread', () => randomUUID(), 'threadId names no conversation.'],
    ['a malformed thread id', () => 'thread-1', 'threadId must be an id (a UUID).'],
  ])('refuses to mark %s read with BAD_USER_INPUT', async (_what, id, message) => {
    const before = await messagingState()
    expect(shape(await markRead('demo.guardian', id()))).toStrictEqual(bad('markThreadRead', message))
    expect(await messagingState()).toStrictEqual(before)
  })
})

describe('the viewer token', () => {
  it("carries the viewer's correspondence only to messaging, and only for a write", async () => {
    const { privateKey } = await generateKeyPair(KEY_ALG, { crv: 'Ed25519' })
    const school = await schoolOf(p.leo)
    const viewer: Viewer = {
      id: p.alex,
      role: 'GUARDIAN',
      requestId: 'messages-test',
      allStudents: false,
      students: { [p.leo]: [...AREAS] },
      correspondence: { displayName: 'Alex Rivera', language: 'en', students: { [p.leo]: { schoolId: school, people: [{ id: p.teacher, displayName: 'Morgan Lee' }] } } },
    }
    const claims = async (subgraph: string, writes: boolean) => decodeJwt(await signCallerToken(viewer, { privateKey, kid: 'test' }, subgraph, { writes })).correspondence
    expect([await claims('messaging', false), await claims('finance', true), await claims('academics', true)]).toStrictEqual([undefined, undefined, undefined])
    expect(await claims('messaging', true)).toStrictEqual({
      displayName: 'Alex Rivera',
      language: 'en',
      schools: [{ schoolId: school, students: [{ studentId: p.leo, people: [{ id: p.teacher, displayName: 'Morgan Lee' }] }] }],
    })
  })
})

describe('the messaging subgraph, called directly', () => {
  let subgraph: TestSubgraph
  beforeAll(async () => {
    subgraph = await createTestSubgraph('messaging', t.database)
  })
  const guardian = (): Viewer => ({
    id: p.alex,
    role: 'GUARDIAN',
    requestId: 'messages-test',
    allStudents: false,
    students: { [p.leo]: [...AREAS] },
    correspondence: { displayName: 'Alex Rivera', language: 'en', students: { [p.leo]: { schoolId: randomUUID(), people: [{ id: p.teacher, displayName: 'Morgan Lee' }] } } },
  })
  const MUTATION = 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }'

  it.each([
    ['no token', () => Promise.resolve(undefined)],
    ['a token signed by another key', () => subgraph.forge(guardian())],
  ])('refuses a write with %s: UNAUTHENTICATED, and nothing written', async (_name, tokenFor) => {
    const before = await messagingState()
    const response = await subgraph.query(MUTATION, { input: { studentId: p.leo, staffId: p.teacher, body: 'Hello' } }, { token: await tokenFor() })
    expect({ status: response.status, body: response.body }).toStrictEqual({
      status: 401,
      body: { errors: [{ message: 'This subgraph serves only the gateway: the request carries no valid gateway token.', extensions: { code: 'UNAUTHENTICATED' } }] },
    })
    expect(await messagingState()).toStrictEqual(before)
  })

  it('starts no conversation for a viewer whose token does not say whom they may write to', async () => {
    const { correspondence: _dropped, ...withoutCorrespondence } = guardian()
    const before = await messagingState()
    const response = await subgraph.asViewer(withoutCorrespondence).query(MUTATION, { input: { studentId: p.leo, staffId: p.teacher, body: 'Hello' } })
    expect(shape(response)).toStrictEqual({
      data: { sendMessage: null },
      errors: [{ message: 'You may start a conversation only with staff who teach the student now.', path: ['sendMessage'], code: 'FORBIDDEN' }],
    })
    expect(await messagingState()).toStrictEqual(before)
  })

  describe('Viewer @key(fields: "id"): the staff inbox through _entities', () => {
    const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Viewer { inbox(limit: 200) { id } } } }'
    const teacher = (): Viewer => ({ id: p.teacher, role: 'TEACHER', requestId: 'messages-test', allStudents: false, students: { [p.leo]: [...AREAS] } })

    it("answers the viewer's own inbox, about the students in their scope", async () => {
      const response = await subgraph.asViewer(teacher()).query<{ _entities: Array<{ inbox: Array<{ id: string }> }> }>(ENTITIES, { r: [{ __typename: 'Viewer', id: p.teacher }] })
      expect(response.body.errors).toBeUndefined()
      const ids = response.body.data?._entities[0]?.inbox.map((th) => th.id) ?? []
      // Leo's own thread awaits the teacher since he replied above; the rest of their inbox is outside this scope.
      const about = await t.db('messaging').select({ studentId: messaging.threads.studentId }).from(messaging.threads).where(inArray(messaging.threads.id, ids))
      expect(new Set(about.map((a) => a.studentId))).toStrictEqual(new Set([p.leo]))
    })

    it("refuses someone else's inbox with FORBIDDEN and nothing of it", async () => {
      const other: Viewer = { ...teacher(), id: p.alex, role: 'GUARDIAN' }
      for (const caller of [other, { ...teacher(), id: await t.personId(p.noahsTeacher) }]) {
        const response = await subgraph.asViewer(caller).query(ENTITIES, { r: [{ __typename: 'Viewer', id: p.teacher }] })
        expect(shape(response)).toStrictEqual({
          data: { _entities: [{ inbox: null }] },
          errors: [{ message: NOT_ALLOWED, path: ['_entities', 0, 'inbox'], code: 'FORBIDDEN' }],
        })
      }
    })

    it('refuses a request without the gateway token', async () => {
      const response = await subgraph.query(ENTITIES, { r: [{ __typename: 'Viewer', id: p.teacher }] })
      expect(response.status).toBe(401)
      expect(response.body.data).toBeUndefined()
    })
  })
})
