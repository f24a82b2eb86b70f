/**
 * "Admins find what they need in the graph": demo.admin picks a school and a term (the rows, in
 * order), finds a student by name or district id (case and accents ignored; exactly the matching
 * rows), and reads who read a child's records by name, role and operation — the README's admin
 * questions with queries alone. Guardians, students and teachers are refused every new field.
 */
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as academics from '../db/schema.ts'
import { linkedStudents, one, type StudentRow } from '../../../test/support/people.ts'
import { measure, startTestSystem, type TestSystem } from '../../../test/support/system.ts'

const operation = (name: string) => fs.readFileSync(`schema/operations/${name}.graphql`, 'utf8')
const SCHOOLS = operation('AdminSchools')
const TERMS = operation('AdminTerms')
const SEARCH = operation('SearchStudents')
const ACCESS_LOG = operation('AccessLog')
const CHILD = operation('ChildDashboard')

const NOT_ADMINS = ['demo.guardian', 'restricted.guardian', 'adult.guardian', 'demo.student', 'adult.student', 'demo.teacher']
const FORBIDDEN = { message: 'You may not read this.', extensions: { code: 'FORBIDDEN' } }

type Student = typeof academics.students.$inferSelect
type School = typeof academics.schools.$inferSelect

interface Entry {
  id: string
  occurredAt: string
  viewer: { id: string; displayName: string | null; role: string }
  studentId: string
  operationName: string | null
  areas: string[]
  fields: string[]
}
interface AccessLogData {
  accessLog: { nodes: Entry[]; endCursor: string | null; hasNextPage: boolean } | null
}

let t: TestSystem
let leo: StudentRow
let students: Student[]
let schools: Map<string, School>
beforeAll(async () => {
  t = await startTestSystem()
  leo = one((await linkedStudents(t, 'demo.guardian')).filter((s) => s.firstName === 'Leo'), 'Leo')
  students = await t.db('academics').select().from(academics.students)
  schools = new Map((await t.db('academics').select().from(academics.schools)).map((s) => [s.id, s]))
})
afterAll(() => t.close())

/** Code-point order, as the server sorts with `collate "C"`. */
const byCodePoints = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Lower case without accents, as Postgres' `lower(unaccent(…))` reads a name. */
const LETTERS: Record<string, string> = { đ: 'd', ø: 'o', ł: 'l', æ: 'ae', œ: 'oe', ß: 'ss' }
const fold = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đøłæœß]/g, (c) => LETTERS[c] ?? c)

/** What `searchStudents(query:)` should answer, worked out from the rows. */
function matching(query: string, first = 20) {
  const text = query.trim()
  const words = text.split(/\s+/).map(fold)
  const names = (s: Student) => [s.firstName, s.lastSurname, s.preferredName].flatMap((n) => (n === null ? [] : [fold(n)]))
  const every = (s: Student, test: (name: string, word: string) => boolean) => words.every((w) => names(s).some((n) => test(n, w)))
  const rank = (s: Student) => (s.studentUniqueId === text || every(s, (n, w) => n.startsWith(w)) ? 0 : 1)
  return students
    .filter((s) => s.studentUniqueId === text || every(s, (n, w) => n.includes(w)))
    .sort((a, b) => rank(a) - rank(b) || byCodePoints(fold(a.lastSurname), fold(b.lastSurname)) || byCodePoints(fold(a.firstName), fold(b.firstName)) || byCodePoints(a.id, b.id))
    .slice(0, first)
    .map((s) => {
      const school = schools.get(s.schoolId)
      return {
        id: s.id,
        studentUniqueId: s.studentUniqueId,
        displayName: `${s.preferredName ?? s.firstName} ${s.lastSurname}`,
        gradeLevelName: s.gradeLevel === 0 ? 'Kindergarten' : `Grade ${s.gradeLevel}`,
        school: { id: school?.id, name: school?.name },
      }
    })
}

async function search(query: string, first?: number) {
  return t.query({ login: 'demo.admin' }, SEARCH, { query, ...(first === undefined ? {} : { first }) })
}

describe('what admins pick from', () => {
  it('lists the schools, elementary first, then by name, as the rows hold them', async () => {
    const category = { 'Elementary School': 'ELEMENTARY_SCHOOL', 'Middle School': 'MIDDLE_SCHOOL', 'High School': 'HIGH_SCHOOL' } as const
    // In the admin's language, English.
    const categoryLabel = { 'Elementary School': 'Elementary school', 'Middle School': 'Middle school', 'High School': 'High school' } as const
    const order = Object.keys(category)
    const rows = [...schools.values()].sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category) || byCodePoints(a.name, b.name) || byCodePoints(a.id, b.id))
    const response = await t.query({ login: 'demo.admin' }, SCHOOLS)
    expect(response.body).toStrictEqual({
      data: {
        schools: rows.map((s) => ({ id: s.id, name: s.name, category: category[s.category], categoryLabel: categoryLabel[s.category], lowestGradeLevel: s.lowestGrade, highestGradeLevel: s.highestGrade })),
      },
    })
    expect(rows.map((s) => s.category)).toContain('Elementary School')
  })

  it('lists the terms, the latest first, each with its grading periods, as the rows hold them', async () => {
    const terms = await t.db('academics').select().from(academics.terms)
    const periods = await t.db('academics').select().from(academics.gradingPeriods)
    const response = await t.query({ login: 'demo.admin' }, TERMS)
    expect(response.body).toStrictEqual({
      data: {
        terms: terms
          .sort((a, b) => byCodePoints(b.beginDate, a.beginDate) || byCodePoints(a.id, b.id))
          .map((term) => ({
            id: term.id,
            name: `${term.name} ${term.schoolYear - 1}–${String(term.schoolYear).slice(2)}`,
            schoolYear: term.schoolYear,
            beginDate: term.beginDate,
            endDate: term.endDate,
            gradingPeriods: periods
              .filter((p) => p.termId === term.id)
              .sort((a, b) => byCodePoints(a.beginDate, b.beginDate) || byCodePoints(a.id, b.id))
              .map((p) => ({ id: p.id, name: p.name, beginDate: p.beginDate, endDate: p.endDate })),
          })),
      },
    })
    // The name portalUsage gives the same term.
    expect(response.body.data).toMatchObject({ terms: [{ name: 'Fall Semester 2026–27', gradingPeriods: [{ name: 'First Quarter' }, { name: 'Second Quarter' }] }] })
  })
})

describe('searchStudents', () => {
  it.each([
    ['a last name', 'Rivera'],
    ['a prefix', 'Riv'],
    ['mixed case', 'rIVEra'],
    ['a first and a last name', ' leo  RIVERA '],
    ['a part of a name', 'iver'],
  ])('finds exactly the students matching %s (%j)', async (_what, query) => {
    const expected = matching(query)
    expect(expected.map((s) => s.id)).toContain(leo.id)
    expect((await search(query)).body).toStrictEqual({ data: { searchStudents: expected } })
  })

  it("finds Leo by the district's student id, exactly", async () => {
    const { studentUniqueId } = one(students.filter((s) => s.id === leo.id), 'Leo')
    expect((await search(studentUniqueId)).body).toStrictEqual({ data: { searchStudents: matching(studentUniqueId) } })
    expect(matching(studentUniqueId).map((s) => s.id)).toStrictEqual([leo.id])
    expect((await search(studentUniqueId.slice(0, -1))).body).toStrictEqual({ data: { searchStudents: [] } })
  })

  it('ignores accents: a name written without them finds the name written with them', async () => {
    const accented = students.find((s) => /[^\p{ASCII}]/u.test(s.lastSurname) && fold(s.lastSurname).length >= 2)
    if (!accented) throw new Error('The seed has no student whose last name carries an accent.')
    const plain = fold(accented.lastSurname)
    expect(plain).not.toBe(accented.lastSurname.toLowerCase())
    const expected = matching(plain)
    expect(expected.map((s) => s.id)).toContain(accented.id)
    expect((await search(plain)).body).toStrictEqual({ data: { searchStudents: expected } })
  })

  it('gives the first `first` matches, in the same order', async () => {
    expect(matching('an', 100).length).toBeGreaterThan(3)
    expect((await search('an', 3)).body).toStrictEqual({ data: { searchStudents: matching('an', 3) } })
    expect((await search('an', 100)).body).toStrictEqual({ data: { searchStudents: matching('an', 100) } })
  })

  it("returns Student entities: the gateway fills the other subgraphs' fields", async () => {
    const { studentUniqueId } = one(students.filter((s) => s.id === leo.id), 'Leo')
    const found = await t.query({ login: 'demo.admin' }, 'query ($q: String!) { searchStudents(query: $q) { id attendance { daysEnrolled daysAbsent } } }', { q: studentUniqueId })
    const direct = await t.query({ login: 'demo.admin' }, 'query ($id: ID!) { student(id: $id) { id attendance { daysEnrolled daysAbsent } } }', { id: leo.id })
    expect(direct.body.errors).toBeUndefined()
    expect(found.body).toStrictEqual({ data: { searchStudents: [(direct.body.data as { student: unknown }).student] } })
  })

  it.each([
    ['a one-character query', { query: 'R' }, 'query must be 2 to 100 characters.'],
    ['a query of spaces around one character', { query: '  R  ' }, 'query must be 2 to 100 characters.'],
    ['an empty query', { query: '' }, 'query must be 2 to 100 characters.'],
    ['a query of 101 characters', { query: 'R'.repeat(101) }, 'query must be 2 to 100 characters.'],
    ['first beyond the limit', { query: 'Rivera', first: 101 }, 'first must be a whole number between 1 and 100.'],
    ['first of 0', { query: 'Rivera', first: 0 }, 'first must be a whole number between 1 and 100.'],
  ])('refuses %s with BAD_USER_INPUT', async (_what, variables, message) => {
    const response = await t.query({ login: 'demo.admin' }, SEARCH, variables)
    expect(response.body).toStrictEqual({ data: { searchStudents: null }, errors: [{ message, path: ['searchStudents'], extensions: { code: 'BAD_USER_INPUT' } }] })
  })
})

describe('who may ask', () => {
  const cases = NOT_ADMINS.flatMap((login) =>
    [
      ['schools', SCHOOLS, {}],
      ['terms', TERMS, {}],
      ['searchStudents', SEARCH, { query: 'Rivera' }],
    ].map(([field, query, variables]) => [login, field, query, variables] as [string, string, string, Record<string, unknown>]),
  )
  it.each(cases)('refuses %s %s with FORBIDDEN and no data', async (login, field, query, variables) => {
    const response = await t.query({ login }, query, variables)
    expect(response.body).toStrictEqual({ data: { [field]: null }, errors: [{ ...FORBIDDEN, path: [field] }] })
  })
})

describe('the access log names the viewer and the operation', () => {
  it("shows demo.admin demo.guardian's ChildDashboard read of Leo: their name, their role, the operation", async () => {
    const me = await t.query<{ me: { id: string; displayName: string; role: string } }>({ login: 'demo.guardian' }, '{ me { id displayName role } }')
    expect(me.body.data?.me).toStrictEqual({ id: await t.personId('demo.guardian'), displayName: 'Alex Rivera', role: 'GUARDIAN' })
    const since = Date.now()
    expect((await t.query({ login: 'demo.guardian' }, CHILD, { studentId: leo.id })).status).toBe(200)

    const entry = await waitForEntry((e) => e.viewer.id === me.body.data?.me.id && e.operationName === 'ChildDashboard' && Date.parse(e.occurredAt) >= since - 1000)
    expect(entry).toStrictEqual({
      id: expect.any(String),
      occurredAt: expect.any(String),
      viewer: me.body.data?.me,
      studentId: leo.id,
      operationName: 'ChildDashboard',
      areas: ['academics', 'attendance', 'behaviour', 'fees', 'meals', 'messaging', 'transportation'],
      fields: expect.arrayContaining(['Student.firstName', 'StudentScore.pointsEarned']),
    })
  })

  it("names a whole page's viewers from academics' people in one statement", async () => {
    for (const login of ['demo.student', 'demo.teacher', 'demo.admin']) {
      expect((await t.query({ login }, CHILD, { studentId: leo.id })).status).toBe(200)
    }
    const ids = await Promise.all(['demo.guardian', 'demo.student', 'demo.teacher', 'demo.admin'].map((login) => t.personId(login)))
    await waitForEntry((e) => e.viewer.id === ids[3])
    await t.system.gateway.disclosures.flush()
    const { result, sql } = await measure(() => t.query<AccessLogData>({ login: 'demo.admin' }, ACCESS_LOG, { studentId: leo.id, first: 200 }))
    const nodes = result.body.data?.accessLog?.nodes ?? []
    expect(new Set(nodes.map((e) => e.viewer.id))).toStrictEqual(new Set(ids))
    const names = Object.fromEntries(nodes.map((e) => [e.viewer.id, `${e.viewer.displayName ?? ''} (${e.viewer.role})`]))
    expect(ids.map((id) => names[id])).toStrictEqual(['Alex Rivera (GUARDIAN)', 'Leo Rivera (STUDENT)', 'Morgan Lee (TEACHER)', 'Pat Nguyen (ADMIN)'])
    // The page, then every viewer on it.
    expect(sql.academics).toBe(2)
  })

  it("lets demo.guardian read who read Leo's records, by name, and refuses teachers and students", async () => {
    const own = await t.query<AccessLogData>({ login: 'demo.guardian' }, ACCESS_LOG, { studentId: leo.id })
    expect(own.body.errors).toBeUndefined()
    const teacher = await t.personId('demo.teacher')
    expect(own.body.data?.accessLog?.nodes.find((e) => e.viewer.id === teacher)?.viewer).toStrictEqual({ id: teacher, displayName: 'Morgan Lee', role: 'TEACHER' })
    for (const login of ['demo.teacher', 'demo.student', 'restricted.guardian']) {
      const response = await t.query({ login }, ACCESS_LOG, { studentId: leo.id })
      expect(response.body).toStrictEqual({ data: { accessLog: null }, errors: [{ ...FORBIDDEN, path: ['accessLog'] }] })
    }
  })
})

/** Polls the log as demo.admin until an entry of Leo's matches (the gateway writes it asynchronously). */
async function waitForEntry(match: (entry: Entry) => boolean): Promise<Entry> {
  const deadline = Date.now() + 10_000
  for (;;) {
    await t.system.gateway.disclosures.flush()
    const response = await t.query<AccessLogData>({ login: 'demo.admin' }, ACCESS_LOG, { studentId: leo.id, first: 200 })
    const found = response.body.data?.accessLog?.nodes.find(match)
    if (found) return found
    if (Date.now() > deadline) throw new Error(`No matching entry in the access log: ${response.text}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
