/**
 * Two writes of academics through the gateway, with the committed operations. An adult student
 * (Jordan, 18) shares their records with their mother and withdraws: within the scope cache's
 * lifetime she gains and loses Jordan, the consent is on the guardianship link, the record of
 * disclosures notes the write, and messaging is told in an outbox event. A minor, a guardian, a
 * teacher and an admin are refused, as are contacts not linked to the student and sharing a court
 * order bars. Anyone may choose a language of the district's; a guardian's choice reaches
 * messaging for each of their children. academics refuses both writes without the gateway.
 */
import fs from 'node:fs'
import { randomUUID } from 'node:crypto'
import { and, asc, eq, gt, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as academics from '../db/schema.ts'
import { AREAS, type StudentContacts, type Viewer } from '../../../lib/contract/index.ts'
import { studentContactsOf } from '../student-contacts.ts'
import { childrenOf, linkedStudents, one } from '../../../test/support/people.ts'
import { createTestSubgraph } from '../../../test/support/subgraph.ts'
import { measure, startTestSystem, type GraphQLResponse, type TestSystem } from '../../../test/support/system.ts'

const CACHE_SECONDS = 1
const operation = (name: string) => fs.readFileSync(`schema/operations/${name}.graphql`, 'utf8')
const SET_SHARING = operation('SetRecordSharing')
const SET_LANGUAGE = operation('SetPreferredLanguage')
const DASHBOARD = operation('ChildDashboard')
const SHARING = '{ me { recordSharing { guardian { id displayName relation } shared sharedSince restricted open } } }'
const ME = '{ me { id preferredLanguage children { id } } }'
const NOT_ALLOWED = 'You may not read this.'
const MINOR_REFUSED = 'The rights to your records pass to you at 18: until then your parents read them, and you cannot share or withhold them.'
const NOT_LINKED = 'guardianId names no parent or other contact linked to you.'
const LANGUAGES = "language must be one of the district's languages: en, es, vi, so, ar."

interface Sharing {
  guardian: { id: string; displayName: string; relation: string }
  shared: boolean
  sharedSince: string | null
  restricted: boolean
  open: boolean
}

let t: TestSystem
/** The people of the demo district these tests write as, and about. */
let p: { jordan: string; lucia: string; leo: string; maya: string; alex: string; noah: string; chris: string }

beforeAll(async () => {
  t = await startTestSystem({ writable: 'record_sharing', env: { SCOPE_CACHE_SECONDS: String(CACHE_SECONDS) } })
  const children = await childrenOf(t, 'demo.guardian')
  p = {
    jordan: await t.personId('adult.student'),
    lucia: await t.personId('adult.guardian'),
    leo: await t.personId('demo.student'),
    maya: one(children.filter((c) => c.firstName === 'Maya'), 'Maya').id,
    alex: await t.personId('demo.guardian'),
    noah: one(await linkedStudents(t, 'restricted.guardian'), 'restricted child').id,
    chris: await t.personId('restricted.guardian'),
  }
})
afterAll(() => t.close())

const expire = () => new Promise((resolve) => setTimeout(resolve, CACHE_SECONDS * 1000 + 100))
const share = (login: string, input: Record<string, unknown>) => t.query<{ setRecordSharing: { recordSharing: Sharing } | null }>({ login }, SET_SHARING, { input })
const setLanguage = (login: string, language: unknown) =>
  t.query<{ setPreferredLanguage: { viewer: { id: string; preferredLanguage: string } } | null }>({ login }, SET_LANGUAGE, { input: { language } })

/** The answer with each error as message, path and code. */
const shape = <Data,>({ body }: GraphQLResponse<Data>) => ({
  data: body.data,
  errors: body.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })),
})

async function consentOf(studentId: string, contactId: string): Promise<Date | null> {
  const link = t.db('academics').select().from(academics.studentContactAssociations)
  return one(
    await link.where(and(eq(academics.studentContactAssociations.studentId, studentId), eq(academics.studentContactAssociations.contactId, contactId))),
    'guardianship link',
  ).studentConsentGrantedAt
}

/** The outbox's 'student-contacts' events after `afterId`, oldest first. */
async function eventsAfter(afterId: number) {
  const rows = await t
    .db('academics')
    .select({ studentId: academics.outbox.studentId, payload: academics.outbox.payload })
    .from(academics.outbox)
    .where(and(eq(academics.outbox.kind, 'student-contacts'), gt(academics.outbox.id, afterId)))
    .orderBy(asc(academics.outbox.id))
  return rows as Array<{ studentId: string; payload: StudentContacts }>
}

async function lastOutboxId(): Promise<number> {
  const [row] = await t.db('academics').select({ id: sql<number>`coalesce(max(${academics.outbox.id}), 0)::int` }).from(academics.outbox)
  return row?.id ?? 0
}

/** Everything either write could change: links, languages, and the outbox. */
async function academicsState() {
  const db = t.db('academics')
  return {
    links: await db.select().from(academics.studentContactAssociations).orderBy(asc(academics.studentContactAssociations.id)),
    contacts: await db.select({ id: academics.contacts.id, language: academics.contacts.preferredLanguage, updatedAt: academics.contacts.updatedAt }).from(academics.contacts).orderBy(asc(academics.contacts.id)),
    students: await db.select({ id: academics.students.id, language: academics.students.preferredLanguage }).from(academics.students).orderBy(asc(academics.students.id)),
    outbox: await lastOutboxId(),
  }
}

async function contactRow(id: string) {
  return one(await t.db('academics').select().from(academics.contacts).where(eq(academics.contacts.id, id)), 'contact')
}

/** How messaging is told a contact may be reached, from the contact's row. */
async function reachable(id: string) {
  const c = await contactRow(id)
  return { contactId: id, displayName: `${c.firstName} ${c.lastSurname}`, email: c.email, phone: c.phone, language: c.preferredLanguage }
}

async function schoolOf(studentId: string) {
  return one(await t.db('academics').select().from(academics.students).where(eq(academics.students.id, studentId)), 'student').schoolId
}

async function readAs(login: string, studentId: string) {
  const response = await t.query<{ student: { id: string; firstName: string } | null }>({ login }, DASHBOARD, { studentId })
  return { student: response.body.data?.student?.firstName ?? null, codes: [...new Set(response.body.errors?.map((e) => e.extensions?.code))] }
}

const childrenIds = async (login: string) => (await t.query<{ me: { children: Array<{ id: string }> } }>({ login }, ME)).body.data?.me.children.map((c) => c.id)

describe('studentContactsOf', () => {
  it('gives each student the contacts whose access is open, in one statement', async () => {
    const { result, sql: statements } = await measure(() => studentContactsOf(t.db('academics'), [p.leo, p.maya, p.noah, p.jordan, randomUUID()]))
    const { alex, noah, jordan } = p
    const dana = one(
      (await t.db('academics').select().from(academics.studentContactAssociations).where(eq(academics.studentContactAssociations.studentId, noah))).filter(
        (l) => l.contactId !== p.chris,
      ),
      "Noah's other parent",
    ).contactId
    const sam = one(
      (await t.db('academics').select().from(academics.studentContactAssociations).where(eq(academics.studentContactAssociations.studentId, p.leo))).filter(
        (l) => l.contactId !== alex,
      ),
      "Leo's other parent",
    ).contactId
    expect(Object.fromEntries(result)).toStrictEqual({
      [p.leo]: { studentName: 'Leo Rivera', schoolId: await schoolOf(p.leo), contacts: [await reachable(alex), await reachable(sam)] },
      [p.maya]: { studentName: 'Maya Rivera', schoolId: await schoolOf(p.maya), contacts: [await reachable(alex), await reachable(sam)] },
      // A court order bars Chris; Dana is told.
      [noah]: { studentName: 'Noah Okafor', schoolId: await schoolOf(noah), contacts: [await reachable(dana)] },
      // Jordan is 18 and has consented to no one.
      [jordan]: { studentName: 'Jordan Morales', schoolId: await schoolOf(jordan), contacts: [] },
    })
    expect(statements['test:academics']).toBe(1)
  })
})

describe('setRecordSharing', () => {
  const lucia = () => ({ id: p.lucia, displayName: 'Lucia Morales', relation: 'Mother' })

  it("shows an adult student whom they may share with; a minor's list is empty, and no one else has one", async () => {
    expect((await t.query({ login: 'adult.student' }, SHARING)).body).toStrictEqual({
      data: { me: { recordSharing: [{ guardian: lucia(), shared: false, sharedSince: null, restricted: false, open: false }] } },
    })
    expect((await t.query({ login: 'demo.student' }, SHARING)).body).toStrictEqual({ data: { me: { recordSharing: [] } } })
    for (const login of ['adult.guardian', 'demo.teacher']) {
      expect(shape(await t.query({ login }, SHARING))).toStrictEqual({
        data: { me: { recordSharing: null } },
        errors: [{ message: NOT_ALLOWED, path: ['me', 'recordSharing'], code: 'FORBIDDEN' }],
      })
    }
  })

  it('opens Jordan’s records to his mother within the scope cache’s lifetime, and tells messaging', async () => {
    expect(await readAs('adult.guardian', p.jordan)).toStrictEqual({ student: null, codes: ['FORBIDDEN'] })
    expect(await childrenIds('adult.guardian')).toStrictEqual([])
    const before = await lastOutboxId()

    const response = await share('adult.student', { guardianId: p.lucia, share: true })
    const consent = await consentOf(p.jordan, p.lucia)
    expect(consent).toBeInstanceOf(Date)
    expect(response.body).toStrictEqual({
      data: { setRecordSharing: { recordSharing: { guardian: lucia(), shared: true, sharedSince: consent?.toISOString(), restricted: false, open: true } } },
    })
    expect(await eventsAfter(before)).toStrictEqual([
      { studentId: p.jordan, payload: { studentName: 'Jordan Morales', schoolId: await schoolOf(p.jordan), contacts: [await reachable(p.lucia)] } },
    ])

    await expire()
    expect(await childrenIds('adult.guardian')).toStrictEqual([p.jordan])
    expect(await readAs('adult.guardian', p.jordan)).toStrictEqual({ student: 'Jordan', codes: [] })

    // The write is in Jordan's record of disclosures: who opened the records, when, through what.
    await t.system.gateway.disclosures.flush()
    const [noted] = await t
      .db('academics')
      .select({ viewerRole: academics.disclosures.viewerRole, areas: academics.disclosures.areas, fields: academics.disclosures.fields, operationName: academics.disclosures.operationName })
      .from(academics.disclosures)
      .where(and(eq(academics.disclosures.viewerId, p.jordan), eq(academics.disclosures.studentId, p.jordan), eq(academics.disclosures.operationName, 'SetRecordSharing')))
    expect(noted).toStrictEqual({ viewerRole: 'STUDENT', areas: ['academics'], fields: ['Mutation.setRecordSharing'], operationName: 'SetRecordSharing' })
  })

  it('keeps the first consent when asked to share again, and writes nothing', async () => {
    const consent = await consentOf(p.jordan, p.lucia)
    const before = await academicsState()
    const response = await share('adult.student', { guardianId: p.lucia, share: true })
    expect(response.body.data?.setRecordSharing?.recordSharing).toStrictEqual({ guardian: lucia(), shared: true, sharedSince: consent?.toISOString(), restricted: false, open: true })
    expect(await academicsState()).toStrictEqual(before)
  })

  it('closes the records again when Jordan withdraws, and tells messaging no one is to be told', async () => {
    const before = await lastOutboxId()
    const response = await share('adult.student', { guardianId: p.lucia, share: false })
    expect(response.body).toStrictEqual({
      data: { setRecordSharing: { recordSharing: { guardian: lucia(), shared: false, sharedSince: null, restricted: false, open: false } } },
    })
    expect(await consentOf(p.jordan, p.lucia)).toBeNull()
    expect(await eventsAfter(before)).toStrictEqual([{ studentId: p.jordan, payload: { studentName: 'Jordan Morales', schoolId: await schoolOf(p.jordan), contacts: [] } }])

    await expire()
    expect(await childrenIds('adult.guardian')).toStrictEqual([])
    expect(await readAs('adult.guardian', p.jordan)).toStrictEqual({ student: null, codes: ['FORBIDDEN'] })

    const again = await lastOutboxId()
    expect((await share('adult.student', { guardianId: p.lucia, share: false })).body.errors).toBeUndefined()
    expect(await lastOutboxId()).toBe(again)
  })

  it('does not lift a court order: sharing is refused, the link stays closed, withdrawing still works', async () => {
    const db = t.db('academics')
    const link = and(eq(academics.studentContactAssociations.studentId, p.jordan), eq(academics.studentContactAssociations.contactId, p.lucia))
    await db.update(academics.studentContactAssociations).set({ restrictionDocument: 'Court order 2026-FC-1234', restrictedAt: new Date() }).where(link)
    try {
      const before = await academicsState()
      expect(shape(await share('adult.student', { guardianId: p.lucia, share: true }))).toStrictEqual({
        data: { setRecordSharing: null },
        errors: [{ message: 'A court order bars this contact from your records: sharing cannot lift it.', path: ['setRecordSharing'], code: 'BAD_USER_INPUT' }],
      })
      expect(await academicsState()).toStrictEqual(before)
      expect((await t.query({ login: 'adult.student' }, SHARING)).body).toStrictEqual({
        data: { me: { recordSharing: [{ guardian: lucia(), shared: false, sharedSince: null, restricted: true, open: false }] } },
      })
      expect((await share('adult.student', { guardianId: p.lucia, share: false })).body).toStrictEqual({
        data: { setRecordSharing: { recordSharing: { guardian: lucia(), shared: false, sharedSince: null, restricted: true, open: false } } },
      })
    } finally {
      await db.update(academics.studentContactAssociations).set({ restrictionDocument: null, restrictedAt: null }).where(link)
    }
  })

  it('refuses a minor with FORBIDDEN, saying why, and changes nothing', async () => {
    const before = await academicsState()
    expect(shape(await share('demo.student', { guardianId: p.alex, share: false }))).toStrictEqual({
      data: { setRecordSharing: null },
      errors: [{ message: MINOR_REFUSED, path: ['setRecordSharing'], code: 'FORBIDDEN' }],
    })
    expect(await academicsState()).toStrictEqual(before)
  })

  it.each(['adult.guardian', 'demo.guardian', 'demo.teacher', 'demo.admin'])('refuses %s with FORBIDDEN, and changes nothing', async (login) => {
    const before = await academicsState()
    expect(shape(await share(login, { guardianId: p.lucia, share: true }))).toStrictEqual({
      data: { setRecordSharing: null },
      errors: [{ message: NOT_ALLOWED, path: ['setRecordSharing'], code: 'FORBIDDEN' }],
    })
    expect(await academicsState()).toStrictEqual(before)
  })

  it.each([
    ['a contact linked to another student', () => p.alex, NOT_LINKED],
    ['an id that names no one', () => randomUUID(), NOT_LINKED],
    ['something that is not an id', () => 'lucia', 'guardianId must be an id (a UUID).'],
  ])('refuses %s with BAD_USER_INPUT, and changes nothing', async (_name, guardianId, message) => {
    const before = await academicsState()
    expect(shape(await share('adult.student', { guardianId: guardianId(), share: true }))).toStrictEqual({
      data: { setRecordSharing: null },
      errors: [{ message, path: ['setRecordSharing'], code: 'BAD_USER_INPUT' }],
    })
    expect(await academicsState()).toStrictEqual(before)
  })
})

describe('setPreferredLanguage', () => {
  it("changes demo.guardian's language, which me follows and messaging hears for each child", async () => {
    expect((await contactRow(p.alex)).preferredLanguage).toBe('en')
    const before = await lastOutboxId()
    expect((await setLanguage('demo.guardian', 'es')).body).toStrictEqual({ data: { setPreferredLanguage: { viewer: { id: p.alex, preferredLanguage: 'es' } } } })
    expect((await contactRow(p.alex)).preferredLanguage).toBe('es')
    expect((await t.query<{ me: { preferredLanguage: string } }>({ login: 'demo.guardian' }, '{ me { preferredLanguage } }')).body).toStrictEqual({
      data: { me: { preferredLanguage: 'es' } },
    })

    const events = await eventsAfter(before)
    expect(events.map((e) => e.studentId).sort()).toStrictEqual([p.leo, p.maya].sort())
    for (const { payload } of events) expect(payload.contacts.find((c) => c.contactId === p.alex)).toStrictEqual(await reachable(p.alex))
    expect((await reachable(p.alex)).language).toBe('es')

    // The same language again writes nothing.
    const state = await academicsState()
    expect((await setLanguage('demo.guardian', 'ES')).body).toStrictEqual({ data: { setPreferredLanguage: { viewer: { id: p.alex, preferredLanguage: 'es' } } } })
    expect(await academicsState()).toStrictEqual(state)
  })

  it.each([
    ['adult.student', 'ar', academics.students],
    ['demo.teacher', 'vi', academics.staff],
    ['demo.admin', 'so', academics.staff],
  ] as const)('changes the language of %s, a student or staff member, without an event', async (login, language, table) => {
    const id = await t.personId(login)
    const before = await lastOutboxId()
    expect((await setLanguage(login, language)).body).toStrictEqual({ data: { setPreferredLanguage: { viewer: { id, preferredLanguage: language } } } })
    expect(one(await t.db('academics').select({ language: table.preferredLanguage }).from(table).where(eq(table.id, id)), 'person')).toStrictEqual({ language })
    expect((await t.query({ login }, '{ me { preferredLanguage } }')).body).toStrictEqual({ data: { me: { preferredLanguage: language } } })
    expect(await lastOutboxId()).toBe(before)
  })

  it.each(['xx', 'english', 'es-MX', '', 'zh'])('refuses %j with BAD_USER_INPUT naming the allowed tags, and changes nothing', async (language) => {
    const before = await academicsState()
    expect(shape(await setLanguage('demo.guardian', language))).toStrictEqual({
      data: { setPreferredLanguage: null },
      errors: [{ message: LANGUAGES, path: ['setPreferredLanguage'], code: 'BAD_USER_INPUT' }],
    })
    expect(await academicsState()).toStrictEqual(before)
  })
})

describe('the academics subgraph, called directly', () => {
  const WRITES = [
    ['setRecordSharing', 'mutation ($input: SetRecordSharingInput!) { setRecordSharing(input: $input) { recordSharing { shared } } }', () => ({ guardianId: p.lucia, share: true })],
    ['setPreferredLanguage', 'mutation ($input: SetPreferredLanguageInput!) { setPreferredLanguage(input: $input) { viewer { id } } }', () => ({ language: 'vi' })],
  ] as const
  const jordan = (): Viewer => ({ id: p.jordan, role: 'STUDENT', requestId: 'record-sharing-test', allStudents: false, students: { [p.jordan]: [...AREAS] } })

  it.each(WRITES)('refuses %s without the gateway token, or with a forged one: UNAUTHENTICATED, and nothing written', async (_name, mutation, input) => {
    const subgraph = await createTestSubgraph('academics', t.database)
    const before = await academicsState()
    for (const token of [undefined, await subgraph.forge(jordan())]) {
      const response = await subgraph.query(mutation, { input: input() }, { token })
      expect({ status: response.status, body: response.body }).toStrictEqual({
        status: 401,
        body: { errors: [{ message: 'This subgraph serves only the gateway: the request carries no valid gateway token.', extensions: { code: 'UNAUTHENTICATED' } }] },
      })
    }
    expect(await academicsState()).toStrictEqual(before)
  })

  it("refuses a guardian's gateway token for setRecordSharing", async () => {
    const subgraph = await createTestSubgraph('academics', t.database)
    const lucia: Viewer = { id: p.lucia, role: 'GUARDIAN', requestId: 'record-sharing-test', allStudents: false, students: { [p.jordan]: [...AREAS] } }
    const before = await academicsState()
    const [, mutation, input] = WRITES[0]
    expect(shape(await subgraph.asViewer(lucia).query(mutation, { input: input() }))).toStrictEqual({
      data: { setRecordSharing: null },
      errors: [{ message: NOT_ALLOWED, path: ['setRecordSharing'], code: 'FORBIDDEN' }],
    })
    expect(await academicsState()).toStrictEqual(before)
  })
})
