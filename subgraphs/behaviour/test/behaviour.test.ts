/**
 * behaviour through the gateway: a family sees each child's incidents and recognitions exactly as
 * the district holds them, and of an incident that involved other students only its own child's
 * part — never who else took part, what they did, or what the school did about them. A whole
 * family costs one SQL statement per list; nobody reads a child's record without the right to
 * read that child's behaviour.
 */
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm'
import { Kind } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as academics from '../../academics/db/schema.ts'
import * as behaviour from '../db/schema.ts'
import { loadViewerSigner } from '../../../lib/keys.ts'
import { BEHAVIOR_CATEGORY, DISCIPLINE_ACTION_TYPE, INCIDENT_LOCATION, INCIDENT_PARTICIPATION, RECOGNITION_TYPE } from '../enums.ts'
import { behaviour as behaviourSubgraph } from '../server.ts'
import { AREAS, signCallerToken, type Area, type Viewer } from '../../../lib/contract/index.ts'
import { loadMessages } from '../../kit/index.ts'
import { childrenOf, one } from '../../../test/support/people.ts'
import { measure, startTestSystem, type TestSystem } from '../../../test/support/system.ts'

const FIELDS = `incidents {
    id date time location locationLabel category categoryLabel description participation participationLabel detail
    actions { id action actionLabel whatItMeans date lengthDays }
    reportedBy { id }
  }
  recognitions { id type typeLabel description awardedDate awardedBy { id } }`
const STUDENT = `query ($id: ID!) { student(id: $id) { id behaviour { ${FIELDS} } } }`
const FAMILY = `{ me { children { id behaviour { ${FIELDS} } } } }`
/** Staff also read the incident's own number, which every family of the incident would share. */
const STAFF_STUDENT = `query ($id: ID!) { student(id: $id) { id behaviour { ${FIELDS.replace('incidents {\n    id ', 'incidents {\n    id incidentIdentifier ')} } } }`

/** behaviour's catalogues: these viewers read in English, the district's words for each value. */
const WORDS = loadMessages(new URL('../messages/', import.meta.url))
const label = (enumName: string, value: string) => WORDS.format('en', `enum.${enumName}.${value}`)

let t: TestSystem
beforeAll(async () => {
  t = await startTestSystem()
})
afterAll(() => t.close())



/** What the API must answer for a student, read straight from the tables. */
async function expectedBehaviour(studentId: string, as: 'family' | 'staff' = 'family') {
  const db = t.db('behaviour')
  const p = behaviour.incidentParticipants
  const i = behaviour.disciplineIncidents
  const a = behaviour.disciplineActions
  const r = behaviour.recognitions
  const parts = await db
    .select({ part: p, incident: i })
    .from(p)
    .innerJoin(i, eq(i.id, p.incidentId))
    .where(eq(p.studentId, studentId))
    .orderBy(desc(i.incidentDate), desc(i.incidentTime), asc(i.incidentIdentifier))
  const incidents = await Promise.all(
    parts.map(async ({ part, incident }) => ({
      id: part.id,
      ...(as === 'staff' ? { incidentIdentifier: incident.incidentIdentifier } : {}),
      date: incident.incidentDate,
      time: incident.incidentTime,
      location: INCIDENT_LOCATION[incident.incidentLocation],
      locationLabel: label('IncidentLocation', INCIDENT_LOCATION[incident.incidentLocation]),
      category: BEHAVIOR_CATEGORY[incident.behaviorCategory],
      categoryLabel: label('BehaviorCategory', BEHAVIOR_CATEGORY[incident.behaviorCategory]),
      description: incident.behaviorDescription,
      participation: INCIDENT_PARTICIPATION[part.participationCode],
      participationLabel: label('IncidentParticipation', INCIDENT_PARTICIPATION[part.participationCode]),
      detail: part.behaviorDetail,
      actions: (
        await db
          .select()
          .from(a)
          .where(and(eq(a.incidentId, incident.id), eq(a.studentId, studentId)))
          .orderBy(asc(a.disciplineDate), asc(a.disciplineAction))
      ).map((action) => ({
        id: action.id,
        action: DISCIPLINE_ACTION_TYPE[action.disciplineAction],
        actionLabel: label('DisciplineActionType', DISCIPLINE_ACTION_TYPE[action.disciplineAction]),
        whatItMeans: WORDS.format('en', `meaning.DisciplineActionType.${DISCIPLINE_ACTION_TYPE[action.disciplineAction]}`),
        date: action.disciplineDate,
        lengthDays: action.actionLengthDays,
      })),
      reportedBy: { id: incident.reportedByStaffId },
    })),
  )
  const recognitions = (await db.select().from(r).where(eq(r.studentId, studentId)).orderBy(desc(r.awardedDate), asc(r.recognitionType), asc(r.id))).map((row) => ({
    id: row.id,
    type: RECOGNITION_TYPE[row.recognitionType],
    typeLabel: label('RecognitionType', RECOGNITION_TYPE[row.recognitionType]),
    description: row.description,
    awardedDate: row.awardedDate,
    awardedBy: { id: row.awardedByStaffId },
  }))
  return { incidents, recognitions }
}

/** Everything about the other students in `studentId`'s incidents: none of it may reach this family. */
async function othersInIncidentsOf(studentId: string) {
  const db = t.db('behaviour')
  const p = behaviour.incidentParticipants
  const mine = db.select({ id: p.incidentId }).from(p).where(eq(p.studentId, studentId))
  const others = await db
    .select()
    .from(p)
    .where(and(inArray(p.incidentId, mine), ne(p.studentId, studentId)))
  const actions = await db
    .select()
    .from(behaviour.disciplineActions)
    .where(and(inArray(behaviour.disciplineActions.incidentId, mine), ne(behaviour.disciplineActions.studentId, studentId)))
  const students = others.length === 0 ? [] : await t.db('academics').select().from(academics.students).where(inArray(academics.students.id, others.map((o) => o.studentId)))
  return { others, actions, names: students.map((s) => `${s.firstName} ${s.lastSurname}`) }
}

interface Incident {
  id: string
  location: string
  category: string
  participation: string
  actions: Array<{ action: string }>
}
interface BehaviourAnswer {
  incidents: Incident[]
  recognitions: Array<{ type: string }>
}
type Family = { me: { children: Array<{ id: string; behaviour: BehaviourAnswer | null }> } }

describe("a guardian reading their children's behaviour", () => {
  it('answers both demo children exactly as the tables hold them', async () => {
    const children = await childrenOf(t, 'demo.guardian')
    const response = await t.query<Family>({ login: 'demo.guardian' }, FAMILY)
    expect(response.body.errors).toBeUndefined()
    const answered = [...(response.body.data?.me.children ?? [])].sort((a, b) => a.id.localeCompare(b.id))
    const expected = await Promise.all(
      [...children].sort((a, b) => a.id.localeCompare(b.id)).map(async (c) => ({ id: c.id, behaviour: await expectedBehaviour(c.id) })),
    )
    expect(answered).toStrictEqual(expected)
  })

  it("shows the demo family every part a child can play, and praise beside the trouble", async () => {
    const [maya, leo] = await childrenOf(t, 'demo.guardian')
    const response = await t.query<Family>({ login: 'demo.guardian' }, FAMILY)
    const of = (id: string | undefined) => response.body.data?.me.children.find((c) => c.id === id)?.behaviour
    const summary = (record: BehaviourAnswer | null | undefined) =>
      record?.incidents.map((i) => [i.location, i.category, i.participation, i.actions.map((a) => a.action)])
    expect([maya?.firstName, summary(of(maya?.id))]).toStrictEqual(['Maya', [['PLAYGROUND', 'SCHOOL_CODE_OF_CONDUCT', 'REPORTER', []]]])
    expect([leo?.firstName, summary(of(leo?.id))]).toStrictEqual([
      'Leo',
      [
        ['CAFETERIA_AREA', 'SCHOOL_VIOLATION', 'VICTIM', []],
        ['CLASSROOM', 'SCHOOL_CODE_OF_CONDUCT', 'PERPETRATOR', ['VERBAL_WARNING']],
        ['PARKING_LOT', 'SCHOOL_CODE_OF_CONDUCT', 'PERPETRATOR', ['DETENTION', 'PARENT_CONFERENCE']],
        ['SCHOOL_BUS', 'SCHOOL_CODE_OF_CONDUCT', 'WITNESS', []],
      ],
    ])
    expect([...(of(maya?.id)?.recognitions ?? []), ...(of(leo?.id)?.recognitions ?? [])].map((r) => r.type).sort()).toStrictEqual([
      'CITIZENSHIP_AWARD',
      'COMMENDATION',
      'COMMENDATION',
      'HONOR_ROLL',
      'PERFECT_ATTENDANCE',
      'STUDENT_OF_THE_MONTH',
    ])
  })

  it('shows only its own child’s part of an incident that involved other students', async () => {
    const leo = await t.personId('demo.student')
    const { others, actions, names } = await othersInIncidentsOf(leo)
    // The demo incidents involve five other students, one of whom was suspended.
    expect({ others: others.length, suspended: actions.some((a) => a.disciplineAction === 'Out of School Suspension') }).toStrictEqual({ others: 5, suspended: true })
    const response = await t.query({ login: 'demo.guardian' }, STUDENT, { id: leo })
    expect(response.body.errors).toBeUndefined()
    const leaks = [
      ...others.flatMap((o) => [o.id, o.studentId, o.behaviorDetail ?? '']),
      ...actions.map((a) => a.id),
      ...names,
      // The other student's suspension, by its value, its words or what it means.
      'OUT_OF_SCHOOL_SUSPENSION',
      label('DisciplineActionType', 'OUT_OF_SCHOOL_SUSPENSION'),
      WORDS.format('en', 'meaning.DisciplineActionType.OUT_OF_SCHOOL_SUSPENSION'),
    ].filter((leak) => leak.length > 0)
    expect(leaks.filter((leak) => response.text.includes(leak))).toStrictEqual([])
  })

  it('exposes no field that names or counts the other students of an incident', () => {
    const fieldsOf = (type: string) =>
      behaviourSubgraph.typeDefs.definitions.flatMap((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === type ? (d.fields ?? []).map((f) => f.name.value) : []))
    expect(fieldsOf('BehaviourRecord')).toStrictEqual(['incidents', 'recognitions'])
    expect(fieldsOf('StudentIncident')).toStrictEqual([
      'id',
      'incidentIdentifier',
      'date',
      'time',
      'location',
      'locationLabel',
      'category',
      'categoryLabel',
      'description',
      'participation',
      'participationLabel',
      'detail',
      'actions',
      'reportedBy',
    ])
  })

  it('names the staff member who reported an incident, through academics', async () => {
    const leo = await t.personId('demo.student')
    const response = await t.query<{ student: { behaviour: { incidents: Array<{ location: string; reportedBy: { displayName: string } }> } } }>(
      { login: 'demo.guardian' },
      'query ($id: ID!) { student(id: $id) { behaviour { incidents { location reportedBy { displayName } } } } }',
      { id: leo },
    )
    expect(response.body.errors).toBeUndefined()
    const classroom = response.body.data?.student.behaviour.incidents.find((i) => i.location === 'CLASSROOM')
    expect(classroom?.reportedBy.displayName).toBe('Morgan Lee')
  })

  it('costs one SQL statement per list in behaviour whatever the number of children', async () => {
    const link = academics.studentContactAssociations
    // A family of three or more minor children, none of them under a restriction.
    const [large] = await t
      .db('academics')
      .select({ login: academics.accounts.login, children: sql<number>`count(*)::int` })
      .from(academics.accounts)
      .innerJoin(link, eq(link.contactId, academics.accounts.personId))
      .innerJoin(academics.students, eq(academics.students.id, link.studentId))
      .groupBy(academics.accounts.login)
      .having(sql`count(*) >= 3 and bool_and(${link.restrictionDocument} is null) and max(${academics.students.gradeLevel}) <= 8`)
      .orderBy(academics.accounts.login)
      .limit(1)
    if (!large) throw new Error('The seed holds no family of three or more children.')
    const many = await measure(() => t.query<Family>({ login: large.login }, FAMILY))
    const two = await measure(() => t.query<Family>({ login: 'demo.guardian' }, FAMILY))
    // Two lists (incidents with their actions, recognitions): two statements, one fetch.
    expect({
      children: many.result.body.data?.me.children.length,
      statements: many.sql.behaviour,
      fetches: many.fetches.behaviour,
    }).toStrictEqual({ children: large.children, statements: 2, fetches: 1 })
    expect({ children: two.result.body.data?.me.children.length, statements: two.sql.behaviour, fetches: two.fetches.behaviour }).toStrictEqual({
      children: 2,
      statements: 2,
      fetches: 1,
    })
  })

  it('is read by the student themself and by a teacher of one of their sections', async () => {
    const leo = await t.personId('demo.student')
    const expected = { data: { student: { id: leo, behaviour: await expectedBehaviour(leo) } } }
    expect((await t.query({ login: 'demo.student' }, STUDENT, { id: leo })).body).toStrictEqual(expected)
    expect((await t.query({ login: 'demo.teacher' }, STUDENT, { id: leo })).body).toStrictEqual(expected)
    const withNumbers = { data: { student: { id: leo, behaviour: await expectedBehaviour(leo, 'staff') } } }
    expect((await t.query({ login: 'demo.teacher' }, STAFF_STUDENT, { id: leo })).body).toStrictEqual(withNumbers)
    expect((await t.query({ login: 'demo.admin' }, STAFF_STUDENT, { id: leo })).body).toStrictEqual(withNumbers)
  })

  it("keeps the incident's own number from families, so two families of one incident share nothing to match", async () => {
    const leo = await t.personId('demo.student')
    const response = await t.query<{ student: { behaviour: { incidents: Array<{ incidentIdentifier: string | null }> } } }>({ login: 'demo.guardian' }, STAFF_STUDENT, { id: leo })
    const incidents = response.body.data?.student.behaviour.incidents ?? []
    expect(incidents.length).toBeGreaterThan(0)
    expect(incidents.map((i) => i.incidentIdentifier)).toStrictEqual(incidents.map(() => null))
    expect(response.body.errors?.map((e) => [e.message, e.extensions?.code, e.path?.slice(-1)[0]])).toStrictEqual(
      incidents.map(() => ['You may not read this.', 'FORBIDDEN', 'incidentIdentifier']),
    )
    for (const { incidentIdentifier } of await t.db('behaviour').select({ incidentIdentifier: behaviour.disciplineIncidents.incidentIdentifier }).from(behaviour.disciplineIncidents)) {
      expect(response.text).not.toContain(incidentIdentifier)
    }
  })
})

describe("who may not read a child's behaviour", () => {
  const forbiddenStudent = { data: { student: null }, errors: [{ message: 'You may not read this.', path: ['student'], code: 'FORBIDDEN' }] }
  const shape = (body: { data?: unknown; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> }) => ({
    data: body.data,
    errors: body.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })),
  })
  /** A viewer token as the gateway would sign it, with the given scope. */
  const viewerToken = async (login: string, students: Record<string, Area[]>) => {
    const viewer: Viewer = { id: await t.personId(login), role: 'GUARDIAN', requestId: 'behaviour-test', allStudents: false, students }
    return signCallerToken(viewer, await loadViewerSigner(t.config.viewerKeys, t.config.dataDir), 'behaviour')
  }
  const entities = async (token: string, ids: string[]) => {
    const response = await t.system.fetch(t.system.subgraphUrls.behaviour, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Student { id behaviour { incidents { id } recognitions { description } } } } }`,
        variables: { r: ids.map((id) => ({ __typename: 'Student', id })) },
      }),
    })
    const answer = shape((await response.json()) as Parameters<typeof shape>[0])
    return { data: answer.data, errors: answer.errors?.sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path))) }
  }

  it.each([
    ['a parent barred by a court order', 'restricted.guardian', async () => one(await childrenOf(t, 'restricted.guardian'), 'restricted child').id],
    ['a parent of an adult student who has not consented', 'adult.guardian', () => t.personId('adult.student')],
    ['a student, about a sibling', 'demo.student', async () => (await childrenOf(t, 'demo.guardian'))[0]?.id ?? ''],
    ['a teacher, about a student outside their sections', 'demo.teacher', async () => (await childrenOf(t, 'demo.guardian'))[0]?.id ?? ''],
  ])('%s gets null with FORBIDDEN and nothing of the record', async (_who, login, studentOf) => {
    const studentId = await studentOf()
    const secret = await expectedBehaviour(studentId, 'staff')
    // The seed gives each of these children an incident and a recognition: there is something to hide.
    expect(secret.incidents.length > 0 && secret.recognitions.length > 0).toBe(true)
    const response = await t.query({ login }, STUDENT, { id: studentId })
    expect(shape(response.body)).toStrictEqual(forbiddenStudent)
    for (const leak of [...secret.incidents.flatMap((i) => [i.id, i.incidentIdentifier ?? '', i.detail ?? '']), ...secret.recognitions.map((r) => r.id)]) {
      expect(response.text).not.toContain(leak)
    }
  })

  it('denies behaviour to a viewer who may read the student in other areas only', async () => {
    const [maya] = await childrenOf(t, 'demo.guardian')
    if (!maya) throw new Error('The demo guardian has no children.')
    const token = await viewerToken('demo.guardian', { [maya.id]: AREAS.filter((area) => area !== 'behaviour') })
    expect(await entities(token, [maya.id])).toStrictEqual({
      data: { _entities: [{ id: maya.id, behaviour: null }] },
      errors: [{ message: 'You may not read this.', path: ['_entities', 0, 'behaviour'], code: 'FORBIDDEN' }],
    })
  })
})
