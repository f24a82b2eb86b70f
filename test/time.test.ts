/**
 * A family's time through the gateway: each child's school calendar (attendance), classes on a
 * day, the work coming up and the report card (academics), answered exactly as the rows hold
 * them; spans and list sizes past their bounds refused with BAD_USER_INPUT; nobody outside the
 * child's records reads any of it, whether through `student(id:)` or straight through
 * `_entities`.
 *
 * "Today" is pinned to the seed's AS_OF, the last day its data reaches, so the work coming up is
 * the same work whatever day the suite runs on.
 */
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { rowsOf } from '../db/client.ts'
import * as academics from '../subgraphs/academics/db/schema.ts'
import { TEST_TODAY as AS_OF } from './support/seed-date.ts'
import { addDays, AREAS, type Area, type Caller } from '../lib/contract/index.ts'
import { childrenOf, one } from './support/people.ts'
import { createTestSubgraph, type TestSubgraph } from './support/subgraph.ts'
import { startTestSystem, type GraphQLResponse, type TestSystem } from './support/system.ts'
import { calendarOf, gradeHistoryOf, scheduleOf, upcomingOf } from './support/time.ts'

const CALENDAR = 'query ($id: ID!, $from: Date, $to: Date) { student(id: $id) { id calendar(from: $from, to: $to) { date event schoolDay } } }'
const CLASS = 'date period room section { id courseTitle } teachers { staff { id displayName } position }'
const SCHEDULE = `query ($id: ID!, $date: Date) { student(id: $id) { id schedule(date: $date) { ${CLASS} } } }`
const ENTRY = 'id title type purpose category dueDate section { id courseTitle }'
const UPCOMING = `query ($id: ID!, $days: Int, $limit: Int) { student(id: $id) { id upcomingAssignments(days: $days, limit: $limit) { ${ENTRY} } } }`
const HISTORY_FIELDS = 'gradeHistory { gradingPeriod { id name beginDate endDate } grades { section { id } gradeType letter percent asOf gradingPeriod } }'
const HISTORY = `query ($id: ID!) { student(id: $id) { id ${HISTORY_FIELDS} } }`
const EVERYTHING = `query ($id: ID!) { student(id: $id) { id calendar { date } schedule { date } upcomingAssignments { id } gradeHistory { grades { letter } } } }`

let t: TestSystem
let p: { leo: string; maya: string; noah: string; stranger: string }
beforeAll(async () => {
  // Only Date is faked, and it keeps moving: timers, sockets and the database run as ever.
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true })
  vi.setSystemTime(new Date(`${AS_OF}T15:00:00Z`))
  // A database of its own: one test gives a student a result ahead of the due date.
  t = await startTestSystem({ writable: 'time' })
  const leo = await t.personId('demo.student')
  const maya = one((await childrenOf(t, 'demo.guardian')).filter((c) => c.firstName === 'Maya'), 'Maya').id
  // A teacher with no section that enrols Leo or Maya.
  const [stranger] = rowsOf<{ login: string }>(
    await t.db('academics').execute(sql`select a.login from academics.accounts a where a.role = 'TEACHER' and not exists (
      select 1 from academics.staff_section_associations ss join academics.student_section_associations e on e.section_id = ss.section_id
      where ss.staff_id = a.person_id and e.student_id in (${leo}, ${maya})) order by a.login limit 1`),
  )
  if (!stranger) throw new Error('Every teacher teaches Leo or Maya.')
  p = { leo, maya, noah: one(await childrenOf(t, 'restricted.guardian'), 'restricted child').id, stranger: stranger.login }
})
afterAll(async () => {
  await t.close()
  vi.useRealTimers()
})

/** The answer with each error as message, path and code, the errors in path order. */
function shape({ body }: GraphQLResponse) {
  return {
    data: body.data,
    errors: body.errors
      ?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code }))
      .sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path))),
  }
}

describe("a child's school calendar", () => {
  it('is the calendar rows of the child\'s school over the days asked, early release and holidays included', async () => {
    const response = await t.query({ login: 'demo.guardian' }, CALENDAR, { id: p.leo, from: '2026-11-16', to: '2026-12-20' })
    const days = await calendarOf(t.db('attendance'), p.leo, '2026-11-16', '2026-12-20')
    expect(shape(response)).toStrictEqual({ data: { student: { id: p.leo, calendar: days } }, errors: undefined })
    // Thanksgiving week: a short Tuesday, then the break; weekends are not in the calendar.
    expect(days.filter((d) => d.date >= '2026-11-23' && d.date <= '2026-11-30')).toStrictEqual([
      { date: '2026-11-23', event: 'INSTRUCTIONAL_DAY', schoolDay: true },
      { date: '2026-11-24', event: 'EARLY_RELEASE', schoolDay: true },
      { date: '2026-11-25', event: 'HOLIDAY', schoolDay: false },
      { date: '2026-11-26', event: 'HOLIDAY', schoolDay: false },
      { date: '2026-11-27', event: 'HOLIDAY', schoolDay: false },
      { date: '2026-11-30', event: 'INSTRUCTIONAL_DAY', schoolDay: true },
    ])
  })

  it("shows the school's days before the child's first day: the teacher-only days before the term", async () => {
    const response = await t.query({ login: 'demo.guardian' }, CALENDAR, { id: p.maya, from: '2026-08-10', to: '2026-08-18' })
    expect(shape(response)).toStrictEqual({
      data: {
        student: {
          id: p.maya,
          calendar: [
            { date: '2026-08-13', event: 'TEACHER_ONLY_DAY', schoolDay: false },
            { date: '2026-08-14', event: 'TEACHER_ONLY_DAY', schoolDay: false },
            { date: '2026-08-17', event: 'INSTRUCTIONAL_DAY', schoolDay: true },
            { date: '2026-08-18', event: 'INSTRUCTIONAL_DAY', schoolDay: true },
          ],
        },
      },
      errors: undefined,
    })
  })

  it.each([
    ['neither end: the 14 days from today', {}, AS_OF, addDays(AS_OF, 13)],
    ['from alone: 14 days from it', { from: '2026-10-01' }, '2026-10-01', '2026-10-14'],
    ['to alone: 14 days up to it', { to: '2026-10-14' }, '2026-10-01', '2026-10-14'],
    ['62 days, the most', { from: '2026-10-01', to: '2026-12-01' }, '2026-10-01', '2026-12-01'],
    ['one day', { from: '2026-10-16', to: '2026-10-16' }, '2026-10-16', '2026-10-16'],
  ])('takes %s', async (_what, range, from, to) => {
    const response = await t.query({ login: 'demo.guardian' }, CALENDAR, { id: p.maya, ...range })
    expect(shape(response)).toStrictEqual({ data: { student: { id: p.maya, calendar: await calendarOf(t.db('attendance'), p.maya, from, to) } }, errors: undefined })
  })

  it.each([
    ['63 days', { from: '2026-10-01', to: '2026-12-02' }, 'from and to must span at most 62 days.'],
    ['a year', { from: '2026-01-01', to: '2026-12-31' }, 'from and to must span at most 62 days.'],
    ['to before from', { from: '2026-10-02', to: '2026-10-01' }, 'to must not be before from.'],
  ])('refuses %s with BAD_USER_INPUT', async (_what, range, message) => {
    const response = await t.query({ login: 'demo.guardian' }, CALENDAR, { id: p.maya, ...range })
    expect(shape(response)).toStrictEqual({
      data: { student: { id: p.maya, calendar: null } },
      errors: [{ message, path: ['student', 'calendar'], code: 'BAD_USER_INPUT' }],
    })
  })
})

describe("a child's classes on a day", () => {
  it("lists Leo's six periods with rooms and teachers, as the enrolment, section and staff rows hold them", async () => {
    const response = await t.query({ login: 'demo.guardian' }, SCHEDULE, { id: p.leo, date: '2026-11-19' })
    const classes = await scheduleOf(t.db('academics'), p.leo, '2026-11-19')
    expect(shape(response)).toStrictEqual({ data: { student: { id: p.leo, schedule: classes } }, errors: undefined })
    expect(classes.map((c) => c.period)).toStrictEqual([1, 2, 3, 4, 5, 6])
    expect(classes.find((c) => c.section.courseTitle === 'Geometry')?.teachers.map((x) => [x.staff.displayName, x.position])).toStrictEqual([
      ['Morgan Lee', 'TEACHER_OF_RECORD'],
    ])
  })

  it("lists Maya's elementary classes, which run on no periods", async () => {
    const response = await t.query({ login: 'demo.guardian' }, SCHEDULE, { id: p.maya, date: '2026-11-19' })
    const classes = await scheduleOf(t.db('academics'), p.maya, '2026-11-19')
    expect(shape(response)).toStrictEqual({ data: { student: { id: p.maya, schedule: classes } }, errors: undefined })
    expect(classes.length).toBeGreaterThan(0)
    expect(new Set(classes.map((c) => c.period))).toStrictEqual(new Set([null]))
  })

  it.each([
    ['today, when no date is given', undefined, AS_OF],
    ['nothing on a day outside the term', '2027-01-15', '2027-01-15'],
    ['nothing before the term', '2026-08-14', '2026-08-14'],
  ])('answers %s', async (_what, date, day) => {
    const response = await t.query({ login: 'demo.student' }, SCHEDULE, { id: p.leo, date })
    const classes = await scheduleOf(t.db('academics'), p.leo, day)
    expect(shape(response)).toStrictEqual({ data: { student: { id: p.leo, schedule: classes } }, errors: undefined })
    expect(classes.length).toBe(day === AS_OF ? 6 : 0)
  })
})

describe("a child's work coming up", () => {
  it('is the entries of the child\'s sections due in the next 14 days with no result yet, the earliest first', async () => {
    const response = await t.query({ login: 'demo.guardian' }, UPCOMING, { id: p.leo })
    const entries = await upcomingOf(t.db('academics'), p.leo, AS_OF, addDays(AS_OF, 13), 10)
    expect(shape(response)).toStrictEqual({ data: { student: { id: p.leo, upcomingAssignments: entries } }, errors: undefined })
    // Each class keeps its own pace: the work falls due on several days of the fortnight, never on the Thanksgiving break.
    const days = entries.map((e) => e.dueDate)
    expect(new Set(days).size).toBeGreaterThan(2)
    expect(days.filter((d) => d < AS_OF || d > addDays(AS_OF, 13) || ['2026-11-25', '2026-11-26', '2026-11-27'].includes(d))).toStrictEqual([])
  })

  it.each([
    ['the next 62 days, up to 100', { days: 62, limit: 100 }, 62, 100],
    ['the first two', { limit: 2 }, 14, 2],
    ['today alone', { days: 1 }, 1, 10],
  ])('takes %s', async (_what, args, days, limit) => {
    const response = await t.query({ login: 'demo.guardian' }, UPCOMING, { id: p.leo, ...args })
    const entries = await upcomingOf(t.db('academics'), p.leo, AS_OF, addDays(AS_OF, days - 1), limit)
    expect(shape(response)).toStrictEqual({ data: { student: { id: p.leo, upcomingAssignments: entries } }, errors: undefined })
    // 62 days from the seed's last day reach past the term's end: everything still to come; today's work is all scored.
    const toTermEnd = await upcomingOf(t.db('academics'), p.leo, AS_OF, '2026-12-18', 100)
    expect(entries.length).toBe(days === 1 ? 0 : Math.min(limit, days === 62 ? toTermEnd.length : entries.length))
    if (days !== 1) expect(entries.length).toBeGreaterThan(1)
  })

  it('leaves out work the teacher has already scored for the child, though it is due ahead', async () => {
    const before = await upcomingOf(t.db('academics'), p.leo, AS_OF, addDays(AS_OF, 13), 10)
    const scored = before[0]
    if (!scored) throw new Error('Leo has no work coming up.')
    const db = t.db('academics')
    const r = academics.studentGradebookEntries
    await db.insert(r).values({
      id: '00000000-0000-4000-8000-00000000a11e',
      gradebookEntryId: scored.id,
      studentId: p.leo,
      pointsEarned: 9,
      scoreStatus: 'fully graded',
      submittedAt: new Date(`${AS_OF}T14:00:00Z`),
    })
    try {
      const response = await t.query({ login: 'demo.guardian' }, UPCOMING, { id: p.leo })
      expect(shape(response)).toStrictEqual({ data: { student: { id: p.leo, upcomingAssignments: before.slice(1) } }, errors: undefined })
    } finally {
      await db.delete(r).where(and(eq(r.gradebookEntryId, scored.id), eq(r.studentId, p.leo)))
    }
  })

  it.each([
    ['days', 0, 'days must be a whole number between 1 and 62.'],
    ['days', 63, 'days must be a whole number between 1 and 62.'],
    ['limit', 0, 'limit must be a whole number between 1 and 100.'],
    ['limit', 101, 'limit must be a whole number between 1 and 100.'],
  ])('refuses %s: %i with BAD_USER_INPUT', async (argument, value, message) => {
    const response = await t.query({ login: 'demo.guardian' }, UPCOMING, { id: p.leo, [argument]: value })
    expect(shape(response)).toStrictEqual({
      data: { student: { id: p.leo, upcomingAssignments: null } },
      errors: [{ message, path: ['student', 'upcomingAssignments'], code: 'BAD_USER_INPUT' }],
    })
  })
})

describe("a child's report card", () => {
  it.each(['leo', 'maya'] as const)("is %s's section grades grouped by the term's grading periods", async (child) => {
    const id = p[child]
    const response = await t.query({ login: 'demo.guardian' }, HISTORY, { id })
    const history = await gradeHistoryOf(t.db('academics'), id)
    expect(shape(response)).toStrictEqual({ data: { student: { id, gradeHistory: history } }, errors: undefined })
    // The first quarter's grades are final for the period; the second's are progress reports so far.
    expect(history.map((h) => [h.gradingPeriod.name, [...new Set(h.grades.map((g) => g.gradeType))]])).toStrictEqual([
      ['First Quarter', ['GRADING_PERIOD']],
      ['Second Quarter', ['PROGRESS_REPORT']],
    ])
  })
})

describe('who may read a child\'s time', () => {
  it.each([
    ['restricted.guardian, whom a court order bars from Noah', 'restricted.guardian', 'noah'],
    ["a teacher who does not teach Leo", 'stranger', 'leo'],
    ['demo.teacher, who does not teach Maya', 'demo.teacher', 'maya'],
    ['demo.student, about his sister', 'demo.student', 'maya'],
  ] as const)('refuses %s: the student is null with FORBIDDEN', async (_who, login, child) => {
    const response = await t.query({ login: login === 'stranger' ? p.stranger : login }, EVERYTHING, { id: p[child] })
    expect(shape(response)).toStrictEqual({ data: { student: null }, errors: [{ message: 'You may not read this.', path: ['student'], code: 'FORBIDDEN' }] })
  })

  it.each([
    ['demo.teacher, who teaches Leo', 'demo.teacher'],
    ['demo.student, himself', 'demo.student'],
    ['demo.admin', 'demo.admin'],
  ])('lets %s read all of it', async (_who, login) => {
    const response = await t.query({ login }, EVERYTHING, { id: p.leo })
    expect(response.body.errors).toBeUndefined()
    expect(response.body.data?.student).toStrictEqual({
      id: p.leo,
      calendar: (await calendarOf(t.db('attendance'), p.leo, AS_OF, addDays(AS_OF, 13))).map((d) => ({ date: d.date })),
      schedule: Array<{ date: string }>(6).fill({ date: AS_OF }),
      upcomingAssignments: (await upcomingOf(t.db('academics'), p.leo, AS_OF, addDays(AS_OF, 13), 10)).map((e) => ({ id: e.id })),
      gradeHistory: (await gradeHistoryOf(t.db('academics'), p.leo)).map((h) => ({ grades: h.grades.map((g) => ({ letter: g.letter })) })),
    })
  })
})

describe('_entities: a Student reached straight through a subgraph', () => {
  const subgraphs: Partial<Record<'academics' | 'attendance', TestSubgraph>> = {}
  const subgraph = async (name: 'academics' | 'attendance') => (subgraphs[name] ??= await createTestSubgraph(name, t.database))
  const entities = (selection: string) => `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Student { ${selection} } } }`
  const representations = (...ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'Student', id })) })
  /** demo.guardian as the gateway signs them, with Maya in scope for `areas` and nothing else. */
  const guardian = async (areas: readonly Area[]): Promise<Caller> => ({
    id: await t.personId('demo.guardian'),
    role: 'GUARDIAN',
    requestId: 'time-test',
    allStudents: false,
    students: { [p.maya]: [...areas] },
  })
  const ACADEMICS = `id schedule(date: "2026-11-19") { ${CLASS} } upcomingAssignments(days: 62) { ${ENTRY} } ${HISTORY_FIELDS}`
  const ATTENDANCE = 'id calendar(from: "2026-11-16", to: "2026-11-30") { date event schoolDay }'
  const forbidden = (index: number, ...fields: string[]) => fields.map((field) => ({ message: 'You may not read this.', path: ['_entities', index, field], code: 'FORBIDDEN' }))

  it('academics answers the child in scope as the rows hold it, and nothing of another family\'s child', async () => {
    const response = await (await subgraph('academics')).asViewer(await guardian(AREAS)).query(entities(ACADEMICS), representations(p.maya, p.noah))
    const db = t.db('academics')
    expect(shape(response)).toStrictEqual({
      data: {
        _entities: [
          {
            id: p.maya,
            schedule: await scheduleOf(db, p.maya, '2026-11-19'),
            upcomingAssignments: await upcomingOf(db, p.maya, AS_OF, addDays(AS_OF, 61), 10),
            gradeHistory: await gradeHistoryOf(db, p.maya),
          },
          null,
        ],
      },
      errors: undefined,
    })
    const noahsSections = await db.select().from(academics.studentSectionAssociations).where(eq(academics.studentSectionAssociations.studentId, p.noah))
    for (const e of noahsSections) expect(response.text).not.toContain(e.sectionId)
  })

  it("academics refuses each field to a viewer who may read the child's attendance only", async () => {
    const response = await (await subgraph('academics')).asViewer(await guardian(['attendance'])).query(entities(ACADEMICS), representations(p.maya))
    expect(shape(response)).toStrictEqual({
      data: { _entities: [{ id: p.maya, schedule: null, upcomingAssignments: null, gradeHistory: null }] },
      errors: forbidden(0, 'gradeHistory', 'schedule', 'upcomingAssignments'),
    })
  })

  it("attendance answers the child's calendar in scope, and refuses another family's child", async () => {
    const response = await (await subgraph('attendance')).asViewer(await guardian(AREAS)).query(entities(ATTENDANCE), representations(p.maya, p.noah))
    expect(shape(response)).toStrictEqual({
      data: { _entities: [{ id: p.maya, calendar: await calendarOf(t.db('attendance'), p.maya, '2026-11-16', '2026-11-30') }, null] },
      errors: forbidden(1, 'calendar', 'id'),
    })
  })

  it("attendance refuses the calendar to a viewer who may read the child's academics only", async () => {
    const response = await (await subgraph('attendance')).asViewer(await guardian(['academics'])).query(entities(ATTENDANCE), representations(p.maya))
    expect(shape(response)).toStrictEqual({ data: { _entities: [{ id: p.maya, calendar: null }] }, errors: forbidden(0, 'calendar') })
  })
})
