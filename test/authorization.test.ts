/**
 * The contract's "who may read what", attacked from every side. The expected outcome of each
 * (viewer, student, area) is derived here from the policy table, independently of the code:
 * - through the gateway, every contract login × a sample of students × every area;
 * - through `_entities` directly on each subgraph, as the wrong viewer;
 * - every response body scanned for ids and names of students the viewer may not read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { loadViewerSigner } from '../lib/keys.ts'
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.ts'
import { signCallerToken, type Area } from '../lib/contract/index.ts'
import { linkedStudents, one, studentRows, studentsOfTeacher, type StudentRow } from './support/people.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

/** One field per area, and the subgraph that answers it. */
const PROBES: Record<Area, { subgraph: SubgraphName; selection: string; field: string }> = {
  academics: { subgraph: 'academics', selection: 'firstName gradeLevel', field: 'firstName' },
  attendance: { subgraph: 'attendance', selection: 'attendance { daysEnrolled }', field: 'attendance' },
  behaviour: { subgraph: 'behaviour', selection: 'behaviour { recognitions { id description } }', field: 'behaviour' },
  fees: { subgraph: 'finance', selection: 'finance { balanceDueCents openFees { id description } }', field: 'finance' },
  meals: { subgraph: 'finance', selection: 'finance { mealAccount { balanceCents } }', field: 'finance' },
  messaging: { subgraph: 'messaging', selection: 'messageThreads { id subject }', field: 'messageThreads' },
  transportation: { subgraph: 'transportation', selection: 'transportation { transportationType }', field: 'transportation' },
}
const AREAS = Object.keys(PROBES) as Area[]
const ALL: Area[] = AREAS
const STUDENT_OWN: Area[] = ['academics', 'attendance', 'behaviour', 'meals', 'messaging', 'transportation']
const TEACHER: Area[] = ['academics', 'attendance', 'behaviour', 'messaging', 'transportation']

type Sample = 'leo' | 'maya' | 'noah' | 'jordan' | 'teachersOther' | 'stranger'
const LOGINS = ['demo.guardian', 'restricted.guardian', 'adult.guardian', 'adult.student', 'demo.student', 'demo.teacher', 'demo.admin'] as const
type Login = (typeof LOGINS)[number]

/** The contract's table, written out for the sample. */
const POLICY: Record<Login, Partial<Record<Sample, Area[]>>> = {
  // Parent of Leo and Maya: all six areas of both.
  'demo.guardian': { leo: ALL, maya: ALL },
  // Barred from Noah by a court order.
  'restricted.guardian': {},
  // Jordan is 18 and has not consented.
  'adult.guardian': {},
  // Students read their own records, but not fees.
  'adult.student': { jordan: STUDENT_OWN },
  'demo.student': { leo: STUDENT_OWN },
  // Teachers read their sections' students, never finance.
  'demo.teacher': { leo: TEACHER, teachersOther: TEACHER },
  'demo.admin': { leo: ALL, maya: ALL, noah: ALL, jordan: ALL, teachersOther: ALL, stranger: ALL },
}

let t: TestSystem
let students: Record<Sample, StudentRow>
beforeAll(async () => {
  t = await startTestSystem({ network: true })
  const [leo, maya] = [one((await linkedStudents(t, 'demo.guardian')).filter((s) => s.firstName === 'Leo'), 'Leo'), one((await linkedStudents(t, 'demo.guardian')).filter((s) => s.firstName === 'Maya'), 'Maya')]
  const teachers = await studentsOfTeacher(t, 'demo.teacher')
  const teachersOther = teachers.find((s) => s.id !== leo.id)
  const [stranger] = await studentRows(
    t,
    sql`select s.id, s.first_name, s.last_surname from academics.students s where s.grade_level = 5
        and s.id not in (select student_id from academics.student_contact_associations l join academics.accounts a on a.person_id = l.contact_id
                         where a.login in ('demo.guardian', 'restricted.guardian', 'adult.guardian'))
        order by s.id limit 1`,
  )
  if (!teachersOther || !stranger) throw new Error('The seed lacks the sample students.')
  students = {
    leo,
    maya,
    noah: one(await linkedStudents(t, 'restricted.guardian'), 'restricted child'),
    jordan: one(await linkedStudents(t, 'adult.guardian'), 'adult student'),
    teachersOther,
    stranger,
  }
})
afterAll(() => t.close())

/** Ids and names of the sample students this login may not read at all. */
function secretsFor(login: Login): string[] {
  return (Object.keys(students) as Sample[])
    .filter((sample) => !(POLICY[login][sample]?.length))
    .flatMap((sample) => [students[sample].id, `${students[sample].firstName} ${students[sample].lastSurname}`])
}

const cases = LOGINS.flatMap((login) => (['leo', 'maya', 'noah', 'jordan', 'teachersOther', 'stranger'] as Sample[]).map((sample) => [login, sample] as const))

describe('through the gateway', () => {
  it.each(cases)('%s reading %s gets exactly the areas the policy allows', async (login, sample) => {
    const student = students[sample]
    const allowed = POLICY[login][sample] ?? []
    const outcome: Record<string, 'allowed' | 'FORBIDDEN'> = {}
    const bodies: string[] = []
    for (const area of AREAS) {
      const probe = PROBES[area]
      const response = await t.query({ login }, `query ($id: ID!) { student(id: $id) { ${probe.selection} } }`, { id: student.id })
      bodies.push(response.text)
      const errors = response.body.errors ?? []
      const data = response.body.data as { student: Record<string, unknown> | null } | undefined
      if (errors.length === 0 && data?.student) outcome[area] = 'allowed'
      else if (errors.every((e) => e.extensions?.code === 'FORBIDDEN')) outcome[area] = 'FORBIDDEN'
      else throw new Error(`Unexpected answer for ${login} → ${sample}.${area}: ${response.text}`)
    }
    expect(outcome).toStrictEqual(Object.fromEntries(AREAS.map((area) => [area, allowed.includes(area) ? 'allowed' : 'FORBIDDEN'])))
    if (allowed.length === 0) {
      // Nothing of a student the viewer may not read: no id, no name, in any body.
      for (const secret of secretsFor(login)) for (const body of bodies) expect(body).not.toContain(secret)
    }
  })

  it.each(LOGINS)('%s sees only readable students in me.children, and no other student anywhere', async (login) => {
    const response = await t.query({ login }, '{ me { role children { id firstName lastName } } }')
    expect(response.body.errors).toBeUndefined()
    const children = (response.body.data as { me: { children: Array<{ id: string }> } }).me.children
    const expected = login === 'demo.guardian' ? [students.leo.id, students.maya.id].sort() : []
    expect(children.map((c) => c.id).sort()).toStrictEqual(expected)
    for (const secret of secretsFor(login)) expect(response.text).not.toContain(secret)
  })
})

describe('through _entities, directly on each subgraph', () => {
  const entitiesQuery = (selection: string) => `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Student { id ${selection} } } }`

  it.each(SUBGRAPH_NAMES)('%s answers a viewer signed by the gateway with nothing of a student outside their scope', async (subgraph) => {
    const viewerKey = await loadViewerSigner(t.config.viewerKeys, t.config.dataDir)
    // demo.guardian's real scope: Leo and Maya, all areas. Asking for Noah and the stranger.
    const token = await signCallerToken(
      { id: await t.personId('demo.guardian'), requestId: 'attack', role: 'GUARDIAN', allStudents: false, students: { [students.leo.id]: ALL, [students.maya.id]: ALL } },
      viewerKey,
      subgraph,
    )
    const selection = AREAS.filter((a) => PROBES[a].subgraph === subgraph)
      .map((a) => PROBES[a].selection)
      .join(' ')
    const response = await fetch(t.system.subgraphUrls[subgraph], {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: entitiesQuery(selection), variables: { r: [students.noah, students.stranger, students.leo].map((s) => ({ __typename: 'Student', id: s.id })) } }),
    })
    const text = await response.text()
    const body = JSON.parse(text) as { data?: { _entities: Array<Record<string, unknown> | null> }; errors?: Array<{ path?: unknown[]; extensions?: { code?: string } }> }
    const [noah, stranger, leo] = body.data?._entities ?? []
    // Out of scope: null (academics will not even load it) or an entity whose every field is FORBIDDEN.
    for (const entity of [noah, stranger]) {
      if (entity === null || entity === undefined) continue
      for (const [key, value] of Object.entries(entity)) if (key !== 'id') expect(value, key).toBeNull()
    }
    expect(leo?.id).toBe(students.leo.id)
    for (const error of body.errors ?? []) {
      expect(error.extensions?.code).toBe('FORBIDDEN')
      expect([0, 1]).toContain(error.path?.[1])
    }
    for (const secret of [students.noah, students.stranger].map((s) => `${s.firstName} ${s.lastSurname}`)) expect(text).not.toContain(secret)
  })
})
