/**
 * Every `@key` a subgraph resolves, called as the gateway calls it (`_entities`), on the
 * subgraph's own Yoga without a port: a record in the viewer's scope is answered exactly as the
 * rows hold it; one out of scope is null with FORBIDDEN and nothing of it in the body; a request
 * without the gateway's token, or with one signed by another key, gets UNAUTHENTICATED and no
 * data. (`resolvable: false` keys are references only, never entry points.)
 */
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../db/client.ts'
import * as academics from '../subgraphs/academics/db/schema.ts'
import * as attendance from '../subgraphs/attendance/db/schema.ts'
import * as behaviour from '../subgraphs/behaviour/db/schema.ts'
import * as finance from '../subgraphs/finance/db/schema.ts'
import * as messaging from '../subgraphs/messaging/db/schema.ts'
import * as transportation from '../subgraphs/transportation/db/schema.ts'
import { AREAS, type Caller } from '../lib/contract/index.ts'
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.ts'
import { ATTENDANCE_EVENT_CATEGORY } from '../subgraphs/attendance/enums.ts'
import { TRANSPORTATION_TYPE } from '../subgraphs/transportation/enums.ts'
import { countedDays } from './support/attendance.ts'
import { childrenOf, one, testDataIn, type TestData } from './support/people.ts'
import { createTestSubgraph, type TestSubgraph } from './support/subgraph.ts'
import { openTestDatabase, type GraphQLResponse } from './support/system.ts'

let database: Database
let data: TestData
const subgraphs = {} as Record<SubgraphName, TestSubgraph>
beforeAll(async () => {
  database = await openTestDatabase()
  data = testDataIn(database)
  for (const name of SUBGRAPH_NAMES) subgraphs[name] = await createTestSubgraph(name, database)
})
afterAll(() => database.close())

type Entity = Record<string, unknown>

interface EntityKey {
  subgraph: SubgraphName
  typename: 'Student' | 'School' | 'Section' | 'Staff'
  /** The fields asked for. */
  selection: string
  /** A viewer and a record in their scope. */
  inScope(): Promise<{ caller: Caller; id: string }>
  /** A request that reaches past its caller's scope: the keys asked for, and the one out of scope. */
  outOfScope(): Promise<{ caller: Caller; ids: string[]; refused: string }>
  /** The entity as the rows hold it, for `viewerId`. */
  rows(id: string, viewerId: string): Promise<Entity>
  /** What of a record must not reach a caller who may not read it (besides its id). */
  secrets(id: string): Promise<string[]>
  /** The fields refused on the record out of scope, each with its own FORBIDDEN. */
  forbidden: string[]
}

/** demo.guardian as the gateway signs them, with Maya in scope (every area) and nothing else. */
async function mayasGuardian(): Promise<{ caller: Caller; maya: string; noah: string }> {
  const [maya] = await childrenOf(data, 'demo.guardian')
  if (!maya) throw new Error('The demo guardian has no children.')
  const noah = one(await childrenOf(data, 'restricted.guardian'), 'restricted child').id
  const caller: Caller = { id: await data.personId('demo.guardian'), role: 'GUARDIAN', requestId: 'entities-test', allStudents: false, students: { [maya.id]: [...AREAS] } }
  return { caller, maya: maya.id, noah }
}

/** `Student @key(fields: "id")` in `subgraph`: Maya in scope, Noah (another family's) out of it. */
function studentKey(subgraph: SubgraphName, key: Pick<EntityKey, 'selection' | 'rows' | 'secrets' | 'forbidden'>): EntityKey {
  return {
    subgraph,
    typename: 'Student',
    ...key,
    inScope: async () => {
      const { caller, maya } = await mayasGuardian()
      return { caller, id: maya }
    },
    outOfScope: async () => {
      const { caller, maya, noah } = await mayasGuardian()
      return { caller, ids: [maya, noah], refused: noah }
    },
  }
}

/** A directory key (schools, sections, staff): any signed-in viewer reads it; the gateway's own token is no viewer. */
function directoryKey(typename: 'School' | 'Section' | 'Staff', key: Pick<EntityKey, 'selection' | 'rows' | 'secrets' | 'forbidden'> & { record(maya: string): Promise<string> }): EntityKey {
  return {
    subgraph: 'academics',
    typename,
    ...key,
    inScope: async () => {
      const { caller, maya } = await mayasGuardian()
      return { caller, id: await key.record(maya) }
    },
    outOfScope: async () => {
      const { maya } = await mayasGuardian()
      const id = await key.record(maya)
      return { caller: { role: 'GATEWAY', requestId: 'entities-test' }, ids: [id], refused: id }
    },
  }
}

/** The real date: the seeded data runs to AS_OF, which is in the past on this machine. */
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
/** Postgres orders uuids byte by byte: plain string order, which localeCompare is not. */
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

async function mayasSection(maya: string): Promise<string> {
  const [enrolment] = await data
    .db('academics')
    .select({ sectionId: academics.studentSectionAssociations.sectionId })
    .from(academics.studentSectionAssociations)
    .innerJoin(academics.staffSectionAssociations, eq(academics.staffSectionAssociations.sectionId, academics.studentSectionAssociations.sectionId))
    .where(and(eq(academics.studentSectionAssociations.studentId, maya), isNull(academics.studentSectionAssociations.endDate)))
    .orderBy(academics.studentSectionAssociations.sectionId)
    .limit(1)
  if (!enrolment) throw new Error('Maya is enrolled in no section with a teacher.')
  return enrolment.sectionId
}

const KEYS: EntityKey[] = [
  studentKey('academics', {
    selection: 'id firstName lastName gradeLevel school { id }',
    rows: async (id) => {
      const student = one(await data.db('academics').select().from(academics.students).where(eq(academics.students.id, id)), 'student')
      return { id, firstName: student.firstName, lastName: student.lastSurname, gradeLevel: student.gradeLevel, school: { id: student.schoolId } }
    },
    secrets: async (id) => {
      const student = one(await data.db('academics').select().from(academics.students).where(eq(academics.students.id, id)), 'student')
      return [student.studentUniqueId, student.firstName, student.lastSurname]
    },
    // academics does not even load a student out of scope: null, with no field to refuse.
    forbidden: [],
  }),
  studentKey('attendance', {
    selection: 'id attendance { daysAbsent totals { category count } }',
    rows: async (id) => {
      const db = data.db('attendance')
      const enrolment = one(await db.select().from(attendance.studentSchoolAssociations).where(eq(attendance.studentSchoolAssociations.studentId, id)), 'school enrolment')
      const counted = new Set(await countedDays(db, enrolment))
      const daily = (await db.select().from(attendance.studentSchoolAttendanceEvents).where(eq(attendance.studentSchoolAttendanceEvents.studentId, id)))
        .filter((e) => counted.has(e.eventDate))
        .map((e) => e.attendanceEventCategory)
      const count = (category: (typeof daily)[number]) => daily.filter((c) => c === category).length
      return {
        id,
        attendance: {
          daysAbsent: count('Excused Absence') + count('Unexcused Absence') + count('Partial') / 2,
          totals: attendance.attendanceEventCategory.enumValues.map((category) => ({ category: ATTENDANCE_EVENT_CATEGORY[category], count: count(category) })),
        },
      }
    },
    secrets: async (id) => {
      const db = data.db('attendance')
      const daily = await db.select().from(attendance.studentSchoolAttendanceEvents).where(eq(attendance.studentSchoolAttendanceEvents.studentId, id))
      const classes = await db.select().from(attendance.studentSectionAttendanceEvents).where(eq(attendance.studentSectionAttendanceEvents.studentId, id))
      return [...daily, ...classes].map((e) => e.id)
    },
    forbidden: ['attendance', 'id'],
  }),
  studentKey('behaviour', {
    // The incident's own number is staff-only; a family's part of it is known by its participation id.
    selection: 'id behaviour { incidents { id } recognitions { description } }',
    rows: async (id) => {
      const db = data.db('behaviour')
      const { incidentParticipants: p, disciplineIncidents: i, recognitions: r } = behaviour
      const incidents = await db
        .select({ id: p.id })
        .from(p)
        .innerJoin(i, eq(i.id, p.incidentId))
        .where(eq(p.studentId, id))
        .orderBy(desc(i.incidentDate), desc(i.incidentTime), asc(i.incidentIdentifier))
      const recognitions = await db.select({ description: r.description }).from(r).where(eq(r.studentId, id)).orderBy(desc(r.awardedDate), asc(r.recognitionType), asc(r.id))
      return { id, behaviour: { incidents, recognitions } }
    },
    secrets: async (id) => {
      const db = data.db('behaviour')
      const parts = await db
        .select({ id: behaviour.incidentParticipants.id, identifier: behaviour.disciplineIncidents.incidentIdentifier })
        .from(behaviour.incidentParticipants)
        .innerJoin(behaviour.disciplineIncidents, eq(behaviour.disciplineIncidents.id, behaviour.incidentParticipants.incidentId))
        .where(eq(behaviour.incidentParticipants.studentId, id))
      const recognitions = await db.select().from(behaviour.recognitions).where(eq(behaviour.recognitions.studentId, id))
      return [...parts.flatMap((part) => [part.id, part.identifier]), ...recognitions.map((r) => r.id)]
    },
    forbidden: ['behaviour', 'id'],
  }),
  studentKey('finance', {
    selection: 'id finance { balanceDueCents mealAccount { balanceCents } }',
    rows: async (id) => {
      const db = data.db('finance')
      const fees = (await db.select().from(finance.fees).where(eq(finance.fees.studentId, id))).filter((f) => f.voidedAt === null)
      const payments = await db.select().from(finance.payments).where(eq(finance.payments.studentId, id))
      const allocations =
        payments.length === 0 ? [] : await db.select().from(finance.paymentAllocations).where(inArray(finance.paymentAllocations.paymentId, payments.map((p) => p.id)))
      const paidOn = (feeId: string) => sum(allocations.filter((a) => a.feeId === feeId).map((a) => a.amountCents))
      const [account] = await db.select().from(finance.mealAccounts).where(eq(finance.mealAccounts.studentId, id))
      const meals = await db.select().from(finance.mealTransactions).where(eq(finance.mealTransactions.studentId, id))
      return {
        id,
        finance: {
          balanceDueCents: sum(fees.filter((f) => paidOn(f.id) < f.amountCents).map((f) => (f.exempt ? 0 : f.amountCents - paidOn(f.id)))),
          mealAccount: account ? { balanceCents: sum(meals.map((m) => m.amountCents)) } : null,
        },
      }
    },
    secrets: async (id) => {
      const db = data.db('finance')
      const fees = await db.select().from(finance.fees).where(eq(finance.fees.studentId, id))
      const payments = await db.select().from(finance.payments).where(eq(finance.payments.studentId, id))
      const meals = await db.select().from(finance.mealTransactions).where(eq(finance.mealTransactions.studentId, id))
      return [...fees, ...payments, ...meals].map((row) => row.id)
    },
    forbidden: ['finance', 'id'],
  }),
  studentKey('messaging', {
    selection: 'id messageThreads { subject unreadCount }',
    rows: async (id, viewerId) => {
      const db = data.db('messaging')
      const threads = await db.select().from(messaging.threads).where(eq(messaging.threads.studentId, id))
      const ids = threads.map((th) => th.id)
      const people = ids.length === 0 ? [] : await db.select().from(messaging.threadParticipants).where(inArray(messaging.threadParticipants.threadId, ids))
      const sent = ids.length === 0 ? [] : await db.select().from(messaging.messages).where(inArray(messaging.messages.threadId, ids))
      const messageThreads = threads
        .flatMap((th) => {
          const me = people.find((p) => p.threadId === th.id && p.personId === viewerId)
          if (!me) return []
          const inThread = sent.filter((m) => m.threadId === th.id)
          const last = Math.max(th.createdAt.getTime(), ...inThread.map((m) => m.sentAt.getTime()))
          const unreadCount = inThread.filter((m) => m.senderId !== viewerId && (me.lastReadAt === null || m.sentAt > me.lastReadAt)).length
          return [{ last, id: th.id, thread: { subject: th.subject, unreadCount } }]
        })
        .sort((a, b) => b.last - a.last || byId(a.id, b.id))
        .map((x) => x.thread)
      return { id, messageThreads }
    },
    secrets: async (id) => (await data.db('messaging').select().from(messaging.threads).where(eq(messaging.threads.studentId, id))).map((th) => th.id),
    forbidden: ['id', 'messageThreads'],
  }),
  studentKey('transportation', {
    selection: 'id transportation { transportationType am { stop { name } } }',
    rows: async (id) => {
      const db = data.db('transportation')
      const record = one(
        await db
          .select()
          .from(transportation.studentTransportations)
          .where(and(eq(transportation.studentTransportations.studentId, id), isNull(transportation.studentTransportations.endDate))),
        'current transportation record',
      )
      const stop = record.amStopId ? one(await db.select().from(transportation.busStops).where(eq(transportation.busStops.id, record.amStopId)), 'stop') : null
      return { id, transportation: { transportationType: TRANSPORTATION_TYPE[record.transportationType], am: stop ? { stop: { name: stop.name } } : null } }
    },
    secrets: async (id) => {
      const db = data.db('transportation')
      const records = await db.select().from(transportation.studentTransportations).where(eq(transportation.studentTransportations.studentId, id))
      const stopIds = records.flatMap((r) => [r.amStopId, r.pmStopId]).filter((s): s is string => s !== null)
      const stops = stopIds.length === 0 ? [] : await db.select().from(transportation.busStops).where(inArray(transportation.busStops.id, stopIds))
      return stops.map((s) => s.name)
    },
    forbidden: ['id', 'transportation'],
  }),
  directoryKey('School', {
    selection: 'id name phone',
    record: async (maya) => one(await data.db('academics').select().from(academics.students).where(eq(academics.students.id, maya)), 'student').schoolId,
    rows: async (id) => {
      const school = one(await data.db('academics').select().from(academics.schools).where(eq(academics.schools.id, id)), 'school')
      return { id, name: school.name, phone: school.phone }
    },
    secrets: async (id) => {
      const school = one(await data.db('academics').select().from(academics.schools).where(eq(academics.schools.id, id)), 'school')
      return [school.name, school.phone]
    },
    forbidden: ['id'],
  }),
  directoryKey('Section', {
    selection: 'id sectionIdentifier courseTitle room school { id }',
    record: mayasSection,
    rows: async (id) => {
      const db = data.db('academics')
      const { section, courseTitle } = one(
        await db
          .select({ section: academics.sections, courseTitle: academics.courses.title })
          .from(academics.sections)
          .innerJoin(academics.courses, eq(academics.courses.id, academics.sections.courseId))
          .where(eq(academics.sections.id, id)),
        'section',
      )
      return { id, sectionIdentifier: section.sectionIdentifier, courseTitle, room: section.room, school: { id: section.schoolId } }
    },
    secrets: async (id) => {
      const section = one(await data.db('academics').select().from(academics.sections).where(eq(academics.sections.id, id)), 'section')
      return [section.sectionIdentifier]
    },
    forbidden: ['id'],
  }),
  directoryKey('Staff', {
    selection: 'id displayName email classification',
    record: async (maya) => {
      const section = await mayasSection(maya)
      const [teacher] = await data
        .db('academics')
        .select({ id: academics.staffSectionAssociations.staffId })
        .from(academics.staffSectionAssociations)
        .where(eq(academics.staffSectionAssociations.sectionId, section))
      if (!teacher) throw new Error("Maya's section has no teacher.")
      return teacher.id
    },
    rows: async (id) => {
      const staff = one(await data.db('academics').select().from(academics.staff).where(eq(academics.staff.id, id)), 'staff member')
      return { id, displayName: `${staff.firstName} ${staff.lastSurname}`, email: staff.email, classification: staff.classification }
    },
    secrets: async (id) => {
      const staff = one(await data.db('academics').select().from(academics.staff).where(eq(academics.staff.id, id)), 'staff member')
      return [`${staff.firstName} ${staff.lastSurname}`, staff.email]
    },
    forbidden: ['id'],
  }),
]

/** The answer with each error as message, path and code, the errors in path order. */
function shape({ body }: GraphQLResponse) {
  return {
    data: body.data,
    errors: body.errors
      ?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code }))
      .sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path))),
  }
}

describe.each(KEYS)('$subgraph: $typename @key(fields: "id")', (key) => {
  const entities = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${key.typename} { ${key.selection} } } }`
  const representations = (ids: string[]) => ({ r: ids.map((id) => ({ __typename: key.typename, id })) })
  const viewerId = (caller: Caller) => ('id' in caller ? caller.id : '')

  it('answers a record in scope exactly as the rows hold it', async () => {
    const { caller, id } = await key.inScope()
    const response = await subgraphs[key.subgraph].asViewer(caller).query(entities, representations([id]))
    expect({ status: response.status, ...shape(response) }).toStrictEqual({ status: 200, data: { _entities: [await key.rows(id, viewerId(caller))] }, errors: undefined })
  })

  it('answers a record out of scope with null and FORBIDDEN, and nothing of it in the body', async () => {
    const { caller, ids, refused } = await key.outOfScope()
    const response = await subgraphs[key.subgraph].asViewer(caller).query(entities, representations(ids))
    const index = ids.indexOf(refused)
    const answered = await Promise.all(ids.map(async (id) => (id === refused ? null : key.rows(id, viewerId(caller)))))
    expect(shape(response)).toStrictEqual({
      data: { _entities: answered },
      errors: key.forbidden.length === 0 ? undefined : key.forbidden.map((field) => ({ message: 'You may not read this.', path: ['_entities', index, field], code: 'FORBIDDEN' })),
    })
    const allowed = JSON.stringify(answered)
    const secrets = [refused, ...(await key.secrets(refused))].filter((secret) => !allowed.includes(secret))
    expect(secrets.length).toBeGreaterThan(0)
    for (const secret of secrets) expect(response.text).not.toContain(secret)
  })

  it.each([
    ['no token', (_caller: Caller) => Promise.resolve(undefined)],
    ['a token signed by another key', (caller: Caller) => subgraphs[key.subgraph].forge(caller)],
  ])('refuses %s with UNAUTHENTICATED and no data', async (_name, tokenFor) => {
    const { caller, id } = await key.inScope()
    const response = await subgraphs[key.subgraph].query(entities, representations([id]), { token: await tokenFor(caller) })
    expect({ status: response.status, body: response.body }).toStrictEqual({
      status: 401,
      body: { errors: [{ message: 'This subgraph serves only the gateway: the request carries no valid gateway token.', extensions: { code: 'UNAUTHENTICATED' } }] },
    })
  })
})
