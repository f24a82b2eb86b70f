/**
 * attendance through the gateway: a family sees each child's rate, totals, recent events and
 * classes exactly as the attendance tables hold them; a whole family (or a whole district) costs
 * one SQL statement per kind of answer; and nobody reads a child's absences without the right
 * to read that child's attendance.
 */
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as academics from '../../academics/db/schema.ts'
import * as attendance from '../db/schema.ts'
import { TEST_TODAY as AS_OF } from '../../../test/support/seed-date.ts'
import { loadViewerSigner } from '../../../lib/keys.ts'
import { ATTENDANCE_EVENT_CATEGORY } from '../enums.ts'
import { signCallerToken, type Viewer } from '../../../lib/contract/index.ts'
import { countedDays } from '../../../test/support/attendance.ts'
import { childrenOf, one } from '../../../test/support/people.ts'
import { measure, startTestSystem, type TestSystem } from '../../../test/support/system.ts'

const EVENT = 'id date category reason durationMinutes arrivalTime departureTime section { id } period'
const FIELDS = `asOfDate daysEnrolled daysAbsent rate totals { category count }
  recentEvents { ${EVENT} } bySection { section { id } period totals { category count } }`
const STUDENT = `query ($id: ID!) { student(id: $id) { id attendance { ${FIELDS} } } }`
const FAMILY = `{ me { children { id attendance { ${FIELDS} } } } }`
const CATEGORIES = attendance.attendanceEventCategory.enumValues

/** The real date: the seeded data runs to AS_OF, which is in the past on this machine. */
const today = () => new Date().toISOString().slice(0, 10)

let t: TestSystem
beforeAll(async () => {
  t = await startTestSystem()
})
afterAll(() => t.close())



function totalsOf(categories: ReadonlyArray<(typeof CATEGORIES)[number]>) {
  return CATEGORIES.map((category) => ({ category: ATTENDANCE_EVENT_CATEGORY[category], count: categories.filter((c) => c === category).length }))
}

/** What the API must answer for a student, read straight from the tables and counted here. */
async function expectedAttendance(studentId: string, limit = 10) {
  const db = t.db('attendance')
  const enrolment = one(
    await db.select().from(attendance.studentSchoolAssociations).where(eq(attendance.studentSchoolAssociations.studentId, studentId)),
    'school enrolment',
  )
  const counted = await countedDays(db, enrolment)
  const countedSet = new Set(counted)
  const daily = await db.select().from(attendance.studentSchoolAttendanceEvents).where(eq(attendance.studentSchoolAttendanceEvents.studentId, studentId))
  const classes = await db.select().from(attendance.studentSectionAttendanceEvents).where(eq(attendance.studentSectionAttendanceEvents.studentId, studentId))
  const onCountedDays = daily.filter((e) => countedSet.has(e.eventDate))
  const daysAbsent =
    onCountedDays.filter((e) => e.attendanceEventCategory === 'Excused Absence' || e.attendanceEventCategory === 'Unexcused Absence').length +
    onCountedDays.filter((e) => e.attendanceEventCategory === 'Partial').length / 2
  const events = [
    ...daily.map((e) => ({ ...e, sectionId: null, period: null })),
    ...classes,
  ]
    .filter((e) => e.eventDate <= today())
    .sort((a, b) => b.eventDate.localeCompare(a.eventDate) || (a.period ?? 0) - (b.period ?? 0) || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((e) => ({
      id: e.id,
      date: e.eventDate,
      category: ATTENDANCE_EVENT_CATEGORY[e.attendanceEventCategory],
      reason: e.attendanceEventReason,
      durationMinutes: e.durationMinutes,
      arrivalTime: e.arrivalTime,
      departureTime: e.departureTime,
      section: e.sectionId === null ? null : { id: e.sectionId },
      period: e.period,
    }))
  const roster = await db
    .select()
    .from(attendance.studentSectionAssociations)
    .where(and(eq(attendance.studentSectionAssociations.studentId, studentId), isNotNull(attendance.studentSectionAssociations.period)))
    .orderBy(asc(attendance.studentSectionAssociations.period), asc(attendance.studentSectionAssociations.sectionId))
  return {
    asOfDate: counted.length === 0 ? null : counted.reduce((a, b) => (a > b ? a : b)),
    daysEnrolled: counted.length,
    daysAbsent,
    rate: counted.length === 0 ? null : (counted.length - daysAbsent) / counted.length,
    totals: totalsOf(onCountedDays.map((e) => e.attendanceEventCategory)),
    recentEvents: events,
    bySection: roster.map((r) => ({
      section: { id: r.sectionId },
      period: r.period,
      totals: totalsOf(classes.filter((e) => e.sectionId === r.sectionId && countedSet.has(e.eventDate)).map((e) => e.attendanceEventCategory)),
    })),
  }
}

type Attendance = Awaited<ReturnType<typeof expectedAttendance>>
type Family = { me: { children: Array<{ id: string; attendance: Attendance | null }> } }

describe("a guardian reading their children's attendance", () => {
  it('answers both demo children exactly as the tables hold them', async () => {
    const children = await childrenOf(t, 'demo.guardian')
    const response = await t.query<Family>({ login: 'demo.guardian' }, FAMILY)
    expect(response.body.errors).toBeUndefined()
    const answered = [...(response.body.data?.me.children ?? [])].sort((a, b) => a.id.localeCompare(b.id))
    const expected = await Promise.all(
      [...children].sort((a, b) => a.id.localeCompare(b.id)).map(async (c) => ({ id: c.id, attendance: await expectedAttendance(c.id) })),
    )
    expect(answered).toStrictEqual(expected)
  })

  it("shows the demo family's term: every category, a rate over the days taken, Leo's classes period by period", async () => {
    const [maya, leo] = await childrenOf(t, 'demo.guardian')
    const response = await t.query<Family>({ login: 'demo.guardian' }, FAMILY)
    const of = (id: string | undefined) => response.body.data?.me.children.find((c) => c.id === id)?.attendance
    const mayas = of(maya?.id)
    const leos = of(leo?.id)
    const scripted = [
      { category: 'IN_ATTENDANCE', count: 2 },
      { category: 'EXCUSED_ABSENCE', count: 2 },
      { category: 'UNEXCUSED_ABSENCE', count: 1 },
      { category: 'TARDY', count: 1 },
      { category: 'EARLY_DEPARTURE', count: 1 },
      { category: 'PARTIAL', count: 1 },
    ]
    // 67 school days to AS_OF; two days ill, one unexcused, one half day: 3.5 days absent.
    for (const child of [mayas, leos]) {
      expect({ asOfDate: child?.asOfDate, daysEnrolled: child?.daysEnrolled, daysAbsent: child?.daysAbsent, rate: child?.rate, totals: child?.totals }).toStrictEqual({
        asOfDate: AS_OF,
        daysEnrolled: 67,
        daysAbsent: 3.5,
        rate: 63.5 / 67,
        totals: scripted,
      })
    }
    // Maya's elementary class takes attendance once a day; Leo's high school, every period.
    expect([maya?.firstName, mayas?.bySection]).toStrictEqual(['Maya', []])
    expect([leo?.firstName, leos?.bySection.map((s) => s.period)]).toStrictEqual(['Leo', [1, 2, 3, 4, 5, 6]])
    const classCategories = new Set(leos?.bySection.flatMap((s) => s.totals.filter((c) => c.count > 0).map((c) => c.category)))
    expect([...classCategories].sort()).toStrictEqual(scripted.map((c) => c.category).sort())
    // The newest first: yesterday's tardy, the day's record before the first period's.
    expect(leos?.recentEvents.slice(0, 2).map((e) => [e.date, e.category, e.period])).toStrictEqual([
      ['2026-11-19', 'TARDY', null],
      ['2026-11-19', 'TARDY', 1],
    ])
  })

  it('costs one SQL statement per kind of answer in attendance, whatever the number of children', async () => {
    const link = academics.studentContactAssociations
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
    // Summary, recent events, classes: three statements for three children as for two.
    expect({ children: many.result.body.data?.me.children.length, statements: many.sql.attendance, fetches: many.fetches.attendance }).toStrictEqual({
      children: large.children,
      statements: 3,
      fetches: 1,
    })
    expect({ children: two.result.body.data?.me.children.length, statements: two.sql.attendance }).toStrictEqual({ children: 2, statements: 3 })
  })

  it('is read by the student themself and by a teacher of one of their sections', async () => {
    const leo = await t.personId('demo.student')
    const expected = { data: { student: { id: leo, attendance: await expectedAttendance(leo) } } }
    expect((await t.query({ login: 'demo.student' }, STUDENT, { id: leo })).body).toStrictEqual(expected)
    expect((await t.query({ login: 'demo.teacher' }, STUDENT, { id: leo })).body).toStrictEqual(expected)
  })

  it('takes a limit on recent events, and refuses one out of range with BAD_USER_INPUT', async () => {
    const leo = await t.personId('demo.student')
    const query = `query ($id: ID!, $limit: Int) { student(id: $id) { attendance { recentEvents(limit: $limit) { ${EVENT} } } } }`
    const thirty = await t.query({ login: 'demo.student' }, query, { id: leo, limit: 30 })
    expect(thirty.body).toStrictEqual({ data: { student: { attendance: { recentEvents: (await expectedAttendance(leo, 30)).recentEvents } } } })
    const tooMany = await t.query({ login: 'demo.student' }, query, { id: leo, limit: 101 })
    expect(tooMany.body.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code }))).toStrictEqual([
      { message: 'limit must be a whole number between 1 and 100.', path: ['student', 'attendance', 'recentEvents'], code: 'BAD_USER_INPUT' },
    ])
  })
})

describe('the district as an administrator sees it', () => {
  it('answers every student in three statements, most attending 95% of days and about one in eight chronically absent', async () => {
    const ids = (await t.db('attendance').select({ id: attendance.studentSchoolAssociations.studentId }).from(attendance.studentSchoolAssociations)).map((r) => r.id)
    const admin: Viewer = { id: await t.personId('demo.admin'), role: 'ADMIN', requestId: 'attendance-admin', allStudents: true, students: {} }
    const token = await signCallerToken(admin, await loadViewerSigner(t.config.viewerKeys, t.config.dataDir), 'attendance')
    const { result, sql: statements } = await measure(async () => {
      const response = await t.system.fetch(t.system.subgraphUrls.attendance, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Student { attendance { rate recentEvents(limit: 1) { id } bySection { period } } } } }`,
          variables: { r: ids.map((id) => ({ __typename: 'Student', id })) },
        }),
      })
      return (await response.json()) as { data: { _entities: Array<{ attendance: { rate: number } | null }> } }
    })
    const rates = result.data._entities.map((e) => e.attendance?.rate ?? 0)
    const share = (test: (rate: number) => boolean) => rates.filter(test).length / rates.length
    expect({ students: rates.length, statements: statements.attendance }).toStrictEqual({ students: 1000, statements: 3 })
    expect(share((r) => r >= 0.95)).toBeGreaterThan(0.65)
    expect(share((r) => r < 0.9)).toBeGreaterThanOrEqual(0.1)
    expect(share((r) => r < 0.9)).toBeLessThanOrEqual(0.15)
  })
})

describe("who may not read a child's attendance", () => {
  const forbiddenStudent = { data: { student: null }, errors: [{ message: 'You may not read this.', path: ['student'], code: 'FORBIDDEN' }] }
  const shape = (body: { data?: unknown; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> }) => ({
    data: body.data,
    errors: body.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })),
  })

  it.each([
    ['a parent barred by a court order', 'restricted.guardian', async () => one(await childrenOf(t, 'restricted.guardian'), 'restricted child').id],
    ['a parent of an adult student who has not consented', 'adult.guardian', () => t.personId('adult.student')],
    ['a student, about a sibling', 'demo.student', async () => (await childrenOf(t, 'demo.guardian'))[0]?.id ?? ''],
    ['a teacher, about a student outside their sections', 'demo.teacher', async () => (await childrenOf(t, 'demo.guardian'))[0]?.id ?? ''],
  ])('%s gets null with FORBIDDEN and nothing of the record', async (_who, login, studentOf) => {
    const studentId = await studentOf()
    const secret = await expectedAttendance(studentId)
    const response = await t.query({ login }, STUDENT, { id: studentId })
    expect(shape(response.body)).toStrictEqual(forbiddenStudent)
    for (const leak of [...secret.recentEvents.map((e) => e.id), 'Illness', 'No note from guardian']) {
      expect(response.text).not.toContain(leak)
    }
  })

  it("keeps a guardian's token from reaching another family's attendance rows in any shape", async () => {
    const noah = one(await childrenOf(t, 'restricted.guardian'), 'restricted child').id
    const rows = await t
      .db('attendance')
      .select({ id: attendance.studentSectionAttendanceEvents.id })
      .from(attendance.studentSectionAttendanceEvents)
      .where(inArray(attendance.studentSectionAttendanceEvents.studentId, [noah]))
    const response = await t.query({ login: 'demo.guardian' }, STUDENT, { id: noah })
    expect(shape(response.body)).toStrictEqual(forbiddenStudent)
    expect(rows.length).toBeGreaterThan(0)
    for (const { id } of rows) expect(response.text).not.toContain(id)
  })
})
