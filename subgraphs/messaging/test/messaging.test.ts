/**
 * messaging through the gateway: a guardian reads the threads about each child they take part
 * in, with unread counts and latest messages exactly as the rows say, and the announcements of
 * each child's school and sections; a whole family costs the same few SQL statements as one
 * child; a student reads only their own threads, never their guardians'; and nobody reads a
 * child's messaging without the right to it.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as academics from '../../academics/db/schema.ts'
import * as messaging from '../db/schema.ts'
import { loadViewerSigner } from '../../../lib/keys.ts'
import { PARTICIPANT_ROLE } from '../enums.ts'
import { AREAS, signCallerToken, type Viewer } from '../../../lib/contract/index.ts'
import { childrenOf } from '../../../test/support/people.ts'
import { measure, startTestSystem, type TestSystem } from '../../../test/support/system.ts'

const THREAD = `id subject createdAt unreadCount
  participants { displayName role isViewer }
  latestMessage { id sender { displayName role isViewer } body language sentAt }
  messages(limit: 3) { id sender { displayName role isViewer } body language sentAt }`
const FIELDS = `messageThreads { ${THREAD} } announcements(limit: 20) { id scope section { id } title body language publishedAt }`
const STUDENT = `query ($id: ID!) { student(id: $id) { id ${FIELDS} } }`
const FAMILY = `{ me { children { id ${FIELDS} } } }`

let t: TestSystem
beforeAll(async () => {
  t = await startTestSystem()
})
afterAll(() => t.close())

/** Postgres orders uuids byte by byte: plain string order, which localeCompare is not. */
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const PERSON_TYPES = messaging.personType.enumValues


/**
 * What the API must answer about a student's messaging for a viewer, worked out in JavaScript
 * from the raw rows: the threads the viewer takes part in (all of them for an admin).
 */
async function expectedMessaging(studentId: string, viewerId: string, admin = false, language = 'en') {
  const db = t.db('messaging')
  const threads = await db.select().from(messaging.threads).where(eq(messaging.threads.studentId, studentId))
  const ids = threads.map((th) => th.id)
  const people = ids.length === 0 ? [] : await db.select().from(messaging.threadParticipants).where(inArray(messaging.threadParticipants.threadId, ids))
  const sent = ids.length === 0 ? [] : await db.select().from(messaging.messages).where(inArray(messaging.messages.threadId, ids))
  const newestFirst = [...sent].sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime() || byId(b.id, a.id))
  const person = (p: (typeof people)[number]) => ({ displayName: p.displayName, role: PARTICIPANT_ROLE[p.personType], isViewer: p.personId === viewerId })
  const message = (m: (typeof sent)[number]) => {
    const sender = people.find((p) => p.threadId === m.threadId && p.personId === m.senderId)
    if (!sender) throw new Error(`Message ${m.id} has a sender outside its thread.`)
    return { id: m.id, sender: person(sender), body: m.body, language: m.language, sentAt: m.sentAt.toISOString() }
  }
  const messageThreads = threads
    .filter((th) => admin || people.some((p) => p.threadId === th.id && p.personId === viewerId))
    .map((th) => {
      const inThread = newestFirst.filter((m) => m.threadId === th.id)
      const me = people.find((p) => p.threadId === th.id && p.personId === viewerId)
      const unread = me ? inThread.filter((m) => m.senderId !== viewerId && (me.lastReadAt === null || m.sentAt > me.lastReadAt)).length : 0
      return {
        lastMessageAt: inThread[0]?.sentAt.getTime() ?? th.createdAt.getTime(),
        thread: {
          id: th.id,
          subject: th.subject,
          createdAt: th.createdAt.toISOString(),
          unreadCount: unread,
          participants: people
            .filter((p) => p.threadId === th.id)
            .sort((a, b) => PERSON_TYPES.indexOf(a.personType) - PERSON_TYPES.indexOf(b.personType) || byId(a.personId, b.personId))
            .map(person),
          latestMessage: inThread[0] ? message(inThread[0]) : null,
          messages: inThread.slice(0, 3).reverse().map(message),
        },
      }
    })
    .sort((a, b) => b.lastMessageAt - a.lastMessageAt || byId(a.thread.id, b.thread.id))
    .map((x) => x.thread)

  const [student] = await t.db('academics').select().from(academics.students).where(eq(academics.students.id, studentId))
  const enrolments = await t
    .db('academics')
    .select()
    .from(academics.studentSectionAssociations)
    .where(and(eq(academics.studentSectionAssociations.studentId, studentId), isNull(academics.studentSectionAssociations.endDate)))
  const sections = new Set(enrolments.map((e) => e.sectionId))
  const notices = await db.select().from(messaging.announcements).where(eq(messaging.announcements.schoolId, student?.schoolId ?? ''))
  // Each notice once: the school's copy in the viewer's language where there is one.
  const copyOf = (a: (typeof notices)[number]) => (a.language === language ? a : (notices.find((c) => c.translationOf === a.id && c.language === language) ?? a))
  const announcements = notices
    .filter((a) => a.translationOf === null && (a.sectionId === null || sections.has(a.sectionId)))
    .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || byId(a.id, b.id))
    .slice(0, 20)
    .map(copyOf)
    .map((a) => ({
      id: a.id,
      scope: a.sectionId === null ? 'SCHOOL' : 'SECTION',
      section: a.sectionId === null ? null : { id: a.sectionId },
      title: a.title,
      body: a.body,
      language: a.language,
      publishedAt: a.publishedAt.toISOString(),
    }))
  return { messageThreads, announcements }
}

type Messaging = Awaited<ReturnType<typeof expectedMessaging>>
type Family = { me: { children: Array<{ id: string } & Messaging> } }

const shape = (body: { data?: unknown; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> }) => ({
  data: body.data,
  errors: body.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })),
})

describe("a guardian reading their children's messages", () => {
  it('answers both demo children exactly as the rows say', async () => {
    const guardian = await t.personId('demo.guardian')
    const children = await childrenOf(t, 'demo.guardian')
    const response = await t.query<Family>({ login: 'demo.guardian' }, FAMILY)
    expect(response.body.errors).toBeUndefined()
    const answered = [...(response.body.data?.me.children ?? [])].sort((a, b) => byId(a.id, b.id))
    const expected = await Promise.all(
      [...children].sort((a, b) => byId(a.id, b.id)).map(async (c) => ({ id: c.id, ...(await expectedMessaging(c.id, guardian)) })),
    )
    expect(answered).toStrictEqual(expected)
  })

  it("shows the demo family's situations: unread replies about both children, both parents on a thread, section and Spanish announcements", async () => {
    const [maya, leo] = await childrenOf(t, 'demo.guardian')
    const response = await t.query<Family>({ login: 'demo.guardian' }, FAMILY)
    const of = (id: string | undefined) => response.body.data?.me.children.find((c) => c.id === id)
    const mayas = of(maya?.id)
    const leos = of(leo?.id)
    expect([maya?.firstName, leo?.firstName]).toStrictEqual(['Maya', 'Leo'])

    expect(leos?.messageThreads.map((th) => [th.subject, th.unreadCount])).toStrictEqual([
      ['Leo had a great week', 1],
      ['Missing work in Geometry', 1],
      ['Question about the last test', 0],
    ])
    expect(mayas?.messageThreads.map((th) => [th.subject, th.unreadCount])).toStrictEqual([
      ['Conference request', 1],
      ['Absence on Tuesday, November 3', 0],
    ])
    // Leo's teacher is the demo teacher; the praise note went to both parents.
    const praise = leos?.messageThreads[0]
    expect(praise?.participants).toStrictEqual([
      { displayName: 'Alex Rivera', role: 'CONTACT', isViewer: true },
      { displayName: 'Sam Rivera', role: 'CONTACT', isViewer: false },
      { displayName: 'Morgan Lee', role: 'STAFF', isViewer: false },
    ])
    expect(praise?.latestMessage?.sender).toStrictEqual({ displayName: 'Morgan Lee', role: 'STAFF', isViewer: false })
    // Leo's own thread with his teacher is his: his parents do not see it.
    expect(leos?.messageThreads.some((th) => th.participants.some((p) => p.role === 'STUDENT'))).toBe(false)
    expect(response.text).not.toContain('Making up the quiz')

    expect(leos?.announcements.filter((a) => a.scope === 'SECTION').length).toBeGreaterThanOrEqual(1)
    expect(mayas?.announcements.filter((a) => a.scope === 'SECTION').length).toBeGreaterThanOrEqual(1)
    // An English-speaking family gets each notice once, in English, though the schools also published Spanish copies.
    expect(new Set([...(mayas?.announcements ?? []), ...(leos?.announcements ?? [])].map((a) => a.language))).toStrictEqual(new Set(['en']))
    const copies = await t.db('messaging').select().from(messaging.announcements).where(sql`${messaging.announcements.translationOf} is not null`)
    expect(copies.length).toBeGreaterThan(0)
    expect(copies.every((c) => c.language === 'es')).toBe(true)
  })

  it('costs the same six SQL statements in messaging whatever the number of children', async () => {
    const link = academics.studentContactAssociations
    // A family of three or more readable children whose guardian takes part in threads.
    const [large] = await t
      .db('academics')
      .select({ login: academics.accounts.login, children: sql<number>`count(*)::int` })
      .from(academics.accounts)
      .innerJoin(link, eq(link.contactId, academics.accounts.personId))
      .innerJoin(academics.students, eq(academics.students.id, link.studentId))
      .where(
        and(
          isNull(link.restrictionDocument),
          sql`exists (select 1 from messaging.thread_participants p where p.person_id = ${academics.accounts.personId})`,
        ),
      )
      .groupBy(academics.accounts.login)
      .having(sql`count(*) >= 3 and max(${academics.students.gradeLevel}) <= 8`)
      .orderBy(academics.accounts.login)
      .limit(1)
    if (!large) throw new Error('The seed holds no family of three or more children who write to teachers.')
    const many = await measure(() => t.query<Family>({ login: large.login }, FAMILY))
    const two = await measure(() => t.query<Family>({ login: 'demo.guardian' }, FAMILY))
    // Threads, participants, unread counts, latest messages, messages, announcements.
    expect({
      children: many.result.body.data?.me.children.length,
      statements: many.sql.messaging,
      fetches: many.fetches.messaging,
    }).toStrictEqual({ children: large.children, statements: 6, fetches: 1 })
    expect({ children: two.result.body.data?.me.children.length, statements: two.sql.messaging }).toStrictEqual({ children: 2, statements: 6 })
  })
})

describe('a student, a teacher and an admin reading a child’s messages', () => {
  it('a student reads their own thread with a teacher and nothing of their guardians’', async () => {
    const leo = await t.personId('demo.student')
    const response = await t.query<{ student: { id: string } & Messaging }>({ login: 'demo.student' }, STUDENT, { id: leo })
    expect(response.body.errors).toBeUndefined()
    expect(response.body.data?.student).toStrictEqual({ id: leo, ...(await expectedMessaging(leo, leo)) })
    expect(response.body.data?.student.messageThreads.map((th) => [th.subject, th.unreadCount])).toStrictEqual([['Making up the quiz', 1]])
    expect(response.text).not.toContain('Missing work in Geometry')
    expect(response.text).not.toContain('Alex Rivera')
  })

  it('a teacher reads the threads they take part in, including a family writing in its own language', async () => {
    const teacher = await t.personId('demo.teacher')
    const leo = await t.personId('demo.student')
    const response = await t.query<{ student: { id: string } & Messaging }>({ login: 'demo.teacher' }, STUDENT, { id: leo })
    expect(response.body.errors).toBeUndefined()
    expect(response.body.data?.student).toStrictEqual({ id: leo, ...(await expectedMessaging(leo, teacher)) })
    expect(response.body.data?.student.messageThreads.map((th) => th.subject).sort()).toStrictEqual(
      ['Leo had a great week', 'Making up the quiz', 'Missing work in Geometry', 'Question about the last test'].sort(),
    )
    const [other] = await t
      .db('messaging')
      .select({ studentId: messaging.threads.studentId })
      .from(messaging.messages)
      .innerJoin(messaging.threads, eq(messaging.threads.id, messaging.messages.threadId))
      .innerJoin(messaging.threadParticipants, eq(messaging.threadParticipants.threadId, messaging.threads.id))
      .where(and(eq(messaging.threadParticipants.personId, teacher), sql`${messaging.messages.language} <> 'en'`))
      .limit(1)
    if (!other) throw new Error('The demo teacher has no thread in another language.')
    const theirs = await t.query<{ student: Messaging }>({ login: 'demo.teacher' }, STUDENT, { id: other.studentId })
    expect(theirs.body.data?.student.messageThreads).toStrictEqual((await expectedMessaging(other.studentId, teacher)).messageThreads)
    expect(theirs.body.data?.student.messageThreads.flatMap((th) => th.messages.map((m) => m.language)).some((l) => l !== 'en')).toBe(true)
  })

  it('lists threads by their latest message, not by when they began', async () => {
    const admin = await t.personId('demo.admin')
    // A student with a thread begun earlier than another but answered later.
    const db = t.db('messaging')
    const activity = await db
      .select({ studentId: messaging.threads.studentId, createdAt: messaging.threads.createdAt, lastSentAt: sql<string>`max(${messaging.messages.sentAt})::text` })
      .from(messaging.threads)
      .innerJoin(messaging.messages, eq(messaging.messages.threadId, messaging.threads.id))
      .groupBy(messaging.threads.id)
    const found = activity.find((a) =>
      activity.some((b) => b.studentId === a.studentId && a.createdAt < b.createdAt && new Date(a.lastSentAt) > new Date(b.lastSentAt)),
    )
    if (!found) throw new Error('The seed holds no student whose threads were answered out of order.')
    const response = await t.query<{ student: Messaging }>({ login: 'demo.admin' }, STUDENT, { id: found.studentId })
    const expected = await expectedMessaging(found.studentId, admin, true)
    expect(response.body.data?.student.messageThreads).toStrictEqual(expected.messageThreads)
    const begun = [...expected.messageThreads].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || byId(a.id, b.id)).reverse()
    expect(expected.messageThreads.map((th) => th.id)).not.toStrictEqual(begun.map((th) => th.id))
  })

  it('an admin reads every thread about the child, with nothing unread for them', async () => {
    const admin = await t.personId('demo.admin')
    const leo = await t.personId('demo.student')
    const response = await t.query<{ student: { id: string } & Messaging }>({ login: 'demo.admin' }, STUDENT, { id: leo })
    expect(response.body.errors).toBeUndefined()
    expect(response.body.data?.student).toStrictEqual({ id: leo, ...(await expectedMessaging(leo, admin, true)) })
    expect(response.body.data?.student.messageThreads.map((th) => th.unreadCount)).toStrictEqual([0, 0, 0, 0])
  })
})

describe("who may not read a child's messages", () => {
  const forbiddenStudent = { data: { student: null }, errors: [{ message: 'You may not read this.', path: ['student'], code: 'FORBIDDEN' }] }

  it.each([
    ['a parent barred by a court order', 'restricted.guardian', async () => (await childrenOf(t, 'restricted.guardian'))[0]?.id ?? ''],
    ['a parent of an adult student who has not consented', 'adult.guardian', () => t.personId('adult.student')],
    ['a student, about a sibling', 'demo.student', async () => (await childrenOf(t, 'demo.guardian'))[0]?.id ?? ''],
    ['a teacher, about a student outside their sections', 'demo.teacher', async () => (await childrenOf(t, 'demo.guardian'))[0]?.id ?? ''],
  ])('%s gets null with FORBIDDEN and nothing of the record', async (_who, login, studentOf) => {
    const studentId = await studentOf()
    const secret = await expectedMessaging(studentId, '', true)
    const response = await t.query({ login }, STUDENT, { id: studentId })
    expect(shape(response.body)).toStrictEqual(forbiddenStudent)
    for (const leak of secret.messageThreads.map((th) => th.id)) expect(response.text).not.toContain(leak)
  })

  /** Asks the messaging subgraph directly, with a viewer token as the gateway would sign it. */
  async function asViewer(viewer: Viewer, representations: Array<Record<string, unknown>>, fields: string) {
    const token = await signCallerToken(viewer, await loadViewerSigner(t.config.viewerKeys, t.config.dataDir), 'messaging')
    const response = await t.system.fetch(t.system.subgraphUrls.messaging, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Student { ${fields} } } }`,
        variables: { r: representations },
      }),
    })
    return shape((await response.json()) as Parameters<typeof shape>[0])
  }

  it("denies the threads when the viewer's scope holds the student but not the messaging area", async () => {
    const guardian = await t.personId('demo.guardian')
    const leo = await t.personId('demo.student')
    const viewer: Viewer = { id: guardian, role: 'GUARDIAN', requestId: 'messaging-test', allStudents: false, students: { [leo]: ['academics'] } }
    const answer = await asViewer(viewer, [{ __typename: 'Student', id: leo, school: { id: 'x' }, sections: [] }], 'id messageThreads { subject } announcements { title }')
    expect(answer).toStrictEqual({
      data: { _entities: [{ id: leo, messageThreads: null, announcements: null }] },
      errors: [
        { message: 'You may not read this.', path: ['_entities', 0, 'messageThreads'], code: 'FORBIDDEN' },
        { message: 'You may not read this.', path: ['_entities', 0, 'announcements'], code: 'FORBIDDEN' },
      ],
    })
  })

  it('gives a Spanish-speaking viewer each notice once, in Spanish where the school published a copy', async () => {
    const guardian = await t.personId('demo.guardian')
    const [maya, leo] = await childrenOf(t, 'demo.guardian')
    for (const child of [maya, leo]) {
      if (!child) throw new Error('no child')
      const viewer: Viewer = { id: guardian, role: 'GUARDIAN', requestId: 'messaging-test', allStudents: false, students: { [child.id]: [...AREAS] }, language: 'es' }
      const [enrolled] = await t.db('academics').select({ schoolId: academics.students.schoolId }).from(academics.students).where(eq(academics.students.id, child.id))
      const sections = await t
        .db('academics')
        .select({ id: academics.studentSectionAssociations.sectionId })
        .from(academics.studentSectionAssociations)
        .where(and(eq(academics.studentSectionAssociations.studentId, child.id), isNull(academics.studentSectionAssociations.endDate)))
      const answer = await asViewer(
        viewer,
        [{ __typename: 'Student', id: child.id, school: { id: enrolled?.schoolId }, sections: sections.map((s) => ({ section: { id: s.id } })) }],
        'announcements(limit: 20) { id scope section { id } title body language publishedAt }',
      )
      const expected = (await expectedMessaging(child.id, guardian, false, 'es')).announcements
      expect(answer).toStrictEqual({ data: { _entities: [{ announcements: expected }] }, errors: undefined })
      expect(expected.some((a) => a.language === 'es')).toBe(true)
      expect(new Set(expected.map((a) => a.title)).size).toBe(expected.length)
    }
  })

  it('never lets a student into a thread they do not take part in, even when asked directly', async () => {
    const leo = await t.personId('demo.student')
    const viewer: Viewer = { id: leo, role: 'STUDENT', requestId: 'messaging-test', allStudents: false, students: { [leo]: [...AREAS] } }
    const answer = await asViewer(viewer, [{ __typename: 'Student', id: leo }], 'messageThreads { subject participants { role } }')
    expect(answer).toStrictEqual({
      data: { _entities: [{ messageThreads: [{ subject: 'Making up the quiz', participants: [{ role: 'STAFF' }, { role: 'STUDENT' }] }] }] },
      errors: undefined,
    })
  })
})
