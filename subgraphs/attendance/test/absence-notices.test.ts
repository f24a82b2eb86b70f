/**
 * Absence notices through the gateway, with the committed operations: demo.guardian reports that
 * Leo was away on a day recorded as an unexcused absence, stored exactly as the rows show and on
 * the dashboards as pending; a second notice for the day is the same notice; demo.teacher finds it
 * among the notices of their own students awaiting review and excuses it, and the day's attendance,
 * the dashboard's totals and the outbox follow in the same transaction. Everyone the contract does
 * not allow is refused with FORBIDDEN, a day that is no school day and a note that cannot be stored
 * with BAD_USER_INPUT, and neither writes anything. The attendance subgraph refuses requests that
 * do not come through the gateway, and its `_entities` answers notices only of students in scope.
 */
import fs from 'node:fs'
import { randomUUID } from 'node:crypto'
import { and, asc, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../../db/client.ts'
import * as academics from '../../academics/db/schema.ts'
import * as attendance from '../db/schema.ts'
import { AREAS, type Viewer } from '../../../lib/contract/index.ts'
import type { ChildDashboardQuery, FamilyDashboardQuery } from '../../../schema/generated/graphql.ts'
import { addDays } from '../../../db/seed/random.ts'
import { MESSAGES } from '../catalogue.ts'
import { ABSENCE_NOTICE_REASON, ABSENCE_NOTICE_STATUS, ATTENDANCE_EVENT_CATEGORY } from '../enums.ts'
import { childrenOf, linkedStudents, one } from '../../../test/support/people.ts'
import { createTestSubgraph, type TestSubgraph } from '../../../test/support/subgraph.ts'
import { startTestSystem, type GraphQLResponse, type TestSystem } from '../../../test/support/system.ts'

const operation = (name: string) => fs.readFileSync(`schema/operations/${name}.graphql`, 'utf8')
const SUBMIT = operation('SubmitAbsenceNotice')
const REVIEW = operation('ReviewAbsenceNotice')
const PENDING = operation('PendingAbsenceNotices')
const FAMILY = operation('FamilyDashboard')
const CHILD = operation('ChildDashboard')

/** What the shield answers for any field a rule refuses. */
const NOT_ALLOWED = 'You may not read this.'
const NO_NOTICE = 'No absence notice you may review has this noticeId.'

type NoticeRow = typeof attendance.absenceNotices.$inferSelect
interface Notice {
  id: string
  date: string
  reason: string
  note: string | null
  status: string
  submittedAt: string
}
interface Submitted {
  submitAbsenceNotice: { notice: Notice } | null
}
interface Reviewed {
  reviewAbsenceNotice: {
    notice: { id: string; date: string; status: string; reviewedAt: string | null }
    attendanceEvents: Array<{ id: string; date: string; category: string; reason: string | null; period: number | null; section: { id: string; courseTitle: string } | null }>
  } | null
}
interface Pending {
  pendingAbsenceNotices: Array<{ id: string; student: { id: string; displayName: string; gradeLevelName: string } | null; date: string; reason: string; note: string | null; submittedAt: string }> | null
}

let t: TestSystem
/** The people and days these tests write as, and about. */
let p: {
  alex: string
  leo: string
  maya: string
  noah: string
  jordan: string
  teacher: string
  admin: string
  /** A guardian linked to neither of Alex's children. */
  stranger: string
  leoSchool: string
  /** The day the seed records Leo (and Maya) as an unexcused absence. */
  unexcusedDay: string
  holiday: string
  /** A Saturday inside the term, after the student's entry. */
  weekend: string
  beforeTerm: string
  afterTerm: string
}

beforeAll(async () => {
  t = await startTestSystem({ writable: 'absence_notices' })
  const children = await childrenOf(t, 'demo.guardian')
  const leo = await t.personId('demo.student')
  const maya = one(children.filter((c) => c.firstName === 'Maya'), 'Maya').id
  const db = t.db('attendance')
  const leoSchool = one(await db.select().from(attendance.studentSchoolAssociations).where(eq(attendance.studentSchoolAssociations.studentId, leo)), 'enrolment').schoolId
  const unexcused = one(
    await db
      .select({ date: attendance.studentSchoolAttendanceEvents.eventDate })
      .from(attendance.studentSchoolAttendanceEvents)
      .where(and(eq(attendance.studentSchoolAttendanceEvents.studentId, leo), eq(attendance.studentSchoolAttendanceEvents.attendanceEventCategory, 'Unexcused Absence'))),
    "Leo's unexcused absence",
  ).date
  const [calendar] = rowsOf<{ first: string; last: string; holiday: string }>(
    await db.execute(sql`select min(date)::text as first, max(date)::text as last,
      min(date) filter (where calendar_event = 'Holiday')::text as holiday
      from attendance.calendar_dates where school_id = ${leoSchool}`),
  )
  if (!calendar) throw new Error("Leo's school has no calendar.")
  let weekend = unexcused
  while (new Date(`${weekend}T00:00:00Z`).getUTCDay() !== 6) weekend = addDays(weekend, 1)
  const [stranger] = rowsOf<{ login: string }>(
    await t.db('academics').execute(sql`select a.login from academics.accounts a
      where a.role = 'GUARDIAN' and not exists (select 1 from academics.student_contact_associations l
        where l.contact_id = a.person_id and l.student_id in (${leo}, ${maya}))
      order by a.login limit 1`),
  )
  if (!stranger) throw new Error('Every guardian is linked to Leo or Maya.')
  p = {
    alex: await t.personId('demo.guardian'),
    leo,
    maya,
    noah: one(await linkedStudents(t, 'restricted.guardian'), 'restricted child').id,
    jordan: await t.personId('adult.student'),
    teacher: await t.personId('demo.teacher'),
    admin: await t.personId('demo.admin'),
    stranger: stranger.login,
    leoSchool,
    unexcusedDay: unexcused,
    holiday: calendar.holiday,
    weekend,
    beforeTerm: addDays(calendar.first, -14),
    afterTerm: addDays(calendar.last, 7),
  }
})
afterAll(() => t.close())

const submit = (login: string, input: Record<string, unknown>) => t.query<Submitted>({ login }, SUBMIT, { input })
const review = (login: string, noticeId: unknown, decision = 'EXCUSED') => t.query<Reviewed>({ login }, REVIEW, { input: { noticeId, decision } })
const pending = (login: string, first?: number) => t.query<Pending>({ login }, PENDING, first === undefined ? {} : { first })

/** The answer with each error as message, path and code. */
const shape = <Data,>({ body }: GraphQLResponse<Data>) => ({
  data: body.data,
  errors: body.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })),
})
const refused = (field: string, message: string, code: string) => ({ data: { [field]: null }, errors: [{ message, path: [field], code }] })

async function noticeRows(where = sql`true`): Promise<NoticeRow[]> {
  return t.db('attendance').select().from(attendance.absenceNotices).where(where).orderBy(asc(attendance.absenceNotices.date), asc(attendance.absenceNotices.id))
}
const noticeRow = async (id: string) => one(await noticeRows(sql`${attendance.absenceNotices.id} = ${id}`), `notice ${id}`)

/** A notice as the graph answers it, from its row. */
const asNotice = (row: NoticeRow): Notice => ({
  id: row.id,
  date: row.date,
  reason: ABSENCE_NOTICE_REASON[row.reason],
  note: row.note,
  status: ABSENCE_NOTICE_STATUS[row.status],
  submittedAt: row.submittedAt.toISOString(),
})

/** A student's notices as the dashboards show them: the latest day first. */
const dashboardNotices = async (studentId: string) => (await noticeRows(sql`${attendance.absenceNotices.studentId} = ${studentId}`)).reverse().map(asNotice)

/** The same notices with the reason and status in demo.guardian's language (English), as the dashboards select them. */
const dashboardNoticesInWords = async (studentId: string) =>
  (await dashboardNotices(studentId)).map((n) => ({
    ...n,
    reasonLabel: MESSAGES.format('en', `enum.AbsenceNoticeReason.${n.reason}`),
    statusLabel: MESSAGES.format('en', `enum.AbsenceNoticeStatus.${n.status}`),
  }))

/** Everything a notice write could change in attendance: a refused write must leave all of it as it was. */
async function attendanceState() {
  return rowsOf<Record<string, unknown>>(
    await t.db('attendance').execute(sql`select
      (select count(*) from attendance.absence_notices)::int as notices,
      (select max(updated_at)::text from attendance.absence_notices) as notices_touched,
      (select count(*) from attendance.outbox)::int as outbox,
      (select count(*) from attendance.student_school_attendance_events)::int as days,
      (select max(updated_at)::text from attendance.student_school_attendance_events) as days_touched,
      (select max(updated_at)::text from attendance.student_section_attendance_events) as classes_touched`),
  )[0]
}

/** A student's events on one day as the review payload answers them: the daily event, then classes by period. */
async function eventsOfDay(studentId: string, date: string) {
  const db = t.db('attendance')
  const daily = await db
    .select()
    .from(attendance.studentSchoolAttendanceEvents)
    .where(and(eq(attendance.studentSchoolAttendanceEvents.studentId, studentId), eq(attendance.studentSchoolAttendanceEvents.eventDate, date)))
  // Course titles are academics': the test reads them straight from the database both share here.
  const classes = await db
    .select({ event: attendance.studentSectionAttendanceEvents, courseTitle: academics.courses.title })
    .from(attendance.studentSectionAttendanceEvents)
    .innerJoin(academics.sections, eq(academics.sections.id, attendance.studentSectionAttendanceEvents.sectionId))
    .innerJoin(academics.courses, eq(academics.courses.id, academics.sections.courseId))
    .where(and(eq(attendance.studentSectionAttendanceEvents.studentId, studentId), eq(attendance.studentSectionAttendanceEvents.eventDate, date)))
    .orderBy(sql`${attendance.studentSectionAttendanceEvents.period} nulls first`, asc(attendance.studentSectionAttendanceEvents.id))
  return [
    ...daily.map((e) => ({ id: e.id, date, category: ATTENDANCE_EVENT_CATEGORY[e.attendanceEventCategory], reason: e.attendanceEventReason, period: null, section: null })),
    ...classes.map(({ event: e, courseTitle }) => ({
      id: e.id,
      date,
      category: ATTENDANCE_EVENT_CATEGORY[e.attendanceEventCategory],
      reason: e.attendanceEventReason,
      period: e.period,
      section: { id: e.sectionId, courseTitle },
    })),
  ]
}

/** The outbox's events about notices, oldest first. */
async function reviewEvents() {
  return t
    .db('attendance')
    .select({ kind: attendance.outbox.kind, studentId: attendance.outbox.studentId, payload: attendance.outbox.payload })
    .from(attendance.outbox)
    .where(eq(attendance.outbox.kind, 'absence-notice-reviewed'))
    .orderBy(asc(attendance.outbox.id))
}

/** Leo's attendance totals on the ChildDashboard, by category. */
async function leosTotals(): Promise<Record<string, number>> {
  const response = await t.query<ChildDashboardQuery>({ login: 'demo.guardian' }, CHILD, { studentId: p.leo })
  expect(response.body.errors).toBeUndefined()
  return Object.fromEntries((response.body.data?.student?.attendance?.totals ?? []).map((x) => [x.category, x.count]))
}

async function disclosedFields(viewerId: string, studentId: string, operationName: string) {
  await t.system.gateway.disclosures.flush()
  return t
    .db('academics')
    .select({ viewerRole: academics.disclosures.viewerRole, areas: academics.disclosures.areas, fields: academics.disclosures.fields })
    .from(academics.disclosures)
    .where(and(eq(academics.disclosures.viewerId, viewerId), eq(academics.disclosures.studentId, studentId), eq(academics.disclosures.operationName, operationName)))
}

describe("demo.guardian reports Leo's absence and demo.teacher excuses it", () => {
  let noticeId = ''
  let totalsBefore: Record<string, number> = {}

  it('stores the notice for a school day exactly as sent, pending, and answers it', async () => {
    totalsBefore = await leosTotals()
    const note = '  Leo had a fever and stayed home.\nHe is better now. '
    const response = await submit('demo.guardian', { studentId: p.leo, date: p.unexcusedDay, reason: 'ILLNESS', note })
    expect(response.body.errors).toBeUndefined()
    noticeId = response.body.data?.submitAbsenceNotice?.notice.id ?? ''
    const row = await noticeRow(noticeId)
    expect(row).toStrictEqual({
      id: noticeId,
      studentId: p.leo,
      schoolId: p.leoSchool,
      date: p.unexcusedDay,
      reason: 'Illness',
      note: 'Leo had a fever and stayed home.\nHe is better now.',
      status: 'Pending',
      submittedBy: p.alex,
      submittedAt: expect.any(Date),
      reviewedBy: null,
      reviewedAt: null,
      createdAt: row.submittedAt,
      updatedAt: row.submittedAt,
    })
    expect(response.body).toStrictEqual({ data: { submitAbsenceNotice: { notice: asNotice(row) } } })
  })

  it('notes the write in the record of disclosures: who reported about Leo, and when', async () => {
    expect(await disclosedFields(p.alex, p.leo, 'SubmitAbsenceNotice')).toStrictEqual([
      {
        viewerRole: 'GUARDIAN',
        areas: ['attendance'],
        fields: [
          'AbsenceNotice.date',
          'AbsenceNotice.id',
          'AbsenceNotice.note',
          'AbsenceNotice.reason',
          'AbsenceNotice.status',
          'AbsenceNotice.submittedAt',
          'Mutation.submitAbsenceNotice',
          'SubmitAbsenceNoticePayload.notice',
        ],
      },
    ])
  })

  it('shows the notice as pending on both dashboards, with the notices the rows hold, the latest day first', async () => {
    const family = await t.query<FamilyDashboardQuery>({ login: 'demo.guardian' }, FAMILY)
    expect(family.body.errors).toBeUndefined()
    const shown = Object.fromEntries((family.body.data?.me.children ?? []).map((c) => [c.id, c.absenceNotices]))
    expect(shown).toStrictEqual({ [p.leo]: await dashboardNoticesInWords(p.leo), [p.maya]: await dashboardNoticesInWords(p.maya) })
    expect(shown[p.leo]?.find((n) => n.id === noticeId)?.status).toBe('PENDING')
    // The seed's own notice for Leo, a day ahead, is listed first.
    expect(shown[p.leo]?.map((n) => n.date)).toStrictEqual([expect.any(String), p.unexcusedDay])

    const child = await t.query<ChildDashboardQuery>({ login: 'demo.guardian' }, CHILD, { studentId: p.leo })
    expect(child.body.errors).toBeUndefined()
    expect(child.body.data?.student?.absenceNotices).toStrictEqual(await dashboardNoticesInWords(p.leo))
  })

  it('answers a second notice for the day with the same notice: one row, taking the latest reason and note while pending', async () => {
    const before = await noticeRow(noticeId)
    const note = `${'a'.repeat(499)}😀`
    const response = await submit('demo.guardian', { studentId: p.leo, date: p.unexcusedDay, reason: 'MEDICAL_APPOINTMENT', note })
    expect(response.body.errors).toBeUndefined()
    const after = await noticeRow(noticeId)
    expect(after).toStrictEqual({ ...before, reason: 'Medical appointment', note, submittedAt: expect.any(Date), updatedAt: expect.any(Date) })
    expect(after.submittedAt.getTime()).toBeGreaterThanOrEqual(before.submittedAt.getTime())
    expect(response.body).toStrictEqual({ data: { submitAbsenceNotice: { notice: asNotice(after) } } })
    expect(await noticeRows(sql`${attendance.absenceNotices.studentId} = ${p.leo} and ${attendance.absenceNotices.date} = ${p.unexcusedDay}`)).toHaveLength(1)
  })

  it("lists the notice among demo.teacher's pending notices, which hold only their own students'", async () => {
    const maya = await submit('demo.guardian', { studentId: p.maya, date: p.unexcusedDay, reason: 'FAMILY_EMERGENCY' })
    expect(maya.body.errors).toBeUndefined()
    const response = await pending('demo.teacher')
    expect(response.body.errors).toBeUndefined()
    const leos = (await noticeRows(sql`${attendance.absenceNotices.status} = 'Pending' and ${attendance.absenceNotices.studentId} = ${p.leo}`)).sort(
      (a, b) => a.date.localeCompare(b.date) || a.submittedAt.getTime() - b.submittedAt.getTime(),
    )
    const leo = { id: p.leo, displayName: 'Leo Rivera', gradeLevelName: 'Grade 10' }
    expect(response.body.data?.pendingAbsenceNotices).toStrictEqual(
      leos.map((row) => {
        const { status: _status, ...listed } = asNotice(row)
        return { ...listed, student: leo }
      }),
    )
    expect(leos.map((n) => n.id)).toContain(noticeId)

    // An admin's are every student's, Maya's too.
    const all = await pending('demo.admin')
    expect(all.body.errors).toBeUndefined()
    const everyPending = await noticeRows(sql`${attendance.absenceNotices.status} = 'Pending'`)
    expect(new Set(all.body.data?.pendingAbsenceNotices?.map((n) => n.id))).toStrictEqual(new Set(everyPending.map((n) => n.id)))
    expect(all.body.data?.pendingAbsenceNotices?.find((n) => n.id === maya.body.data?.submitAbsenceNotice?.notice.id)?.student?.displayName).toBe('Maya Rivera')
  })

  it('excuses the day: the notice, the daily event and each unexcused class change together, and the outbox tells the family', async () => {
    const classesBefore = await eventsOfDay(p.leo, p.unexcusedDay)
    expect(classesBefore.map((e) => e.category)).toStrictEqual(classesBefore.map(() => 'UNEXCUSED_ABSENCE'))
    expect(classesBefore.length).toBeGreaterThan(1)
    const before = await noticeRow(noticeId)
    const response = await review('demo.teacher', noticeId)
    expect(response.body.errors).toBeUndefined()
    const row = await noticeRow(noticeId)
    expect(row).toStrictEqual({ ...before, status: 'Excused', reviewedBy: p.teacher, reviewedAt: expect.any(Date), updatedAt: row.reviewedAt })
    const events = await eventsOfDay(p.leo, p.unexcusedDay)
    expect(events).toStrictEqual(classesBefore.map((e) => ({ ...e, category: 'EXCUSED_ABSENCE', reason: 'Medical appointment' })))
    expect(response.body).toStrictEqual({
      data: {
        reviewAbsenceNotice: {
          notice: { id: noticeId, date: p.unexcusedDay, status: 'EXCUSED', reviewedAt: row.reviewedAt?.toISOString() },
          attendanceEvents: events,
        },
      },
    })
    expect(await reviewEvents()).toStrictEqual([
      { kind: 'absence-notice-reviewed', studentId: p.leo, payload: { noticeId, date: p.unexcusedDay, decision: 'EXCUSED', submittedById: p.alex } },
    ])
  })

  it("moves the day from unexcused to excused in the dashboard's totals, and shows the notice excused", async () => {
    expect(await leosTotals()).toStrictEqual({
      ...totalsBefore,
      EXCUSED_ABSENCE: (totalsBefore.EXCUSED_ABSENCE ?? 0) + 1,
      UNEXCUSED_ABSENCE: (totalsBefore.UNEXCUSED_ABSENCE ?? 0) - 1,
    })
    const child = await t.query<ChildDashboardQuery>({ login: 'demo.guardian' }, CHILD, { studentId: p.leo })
    expect(child.body.data?.student?.absenceNotices?.find((n) => n.id === noticeId)?.status).toBe('EXCUSED')
  })

  it('notes the review in the record of disclosures: who decided about Leo, and what they read', async () => {
    expect(await disclosedFields(p.teacher, p.leo, 'ReviewAbsenceNotice')).toStrictEqual([
      {
        viewerRole: 'TEACHER',
        areas: ['attendance'],
        fields: [
          'AbsenceNotice.date',
          'AbsenceNotice.id',
          'AbsenceNotice.reviewedAt',
          'AbsenceNotice.status',
          'AttendanceEvent.category',
          'AttendanceEvent.date',
          'AttendanceEvent.id',
          'AttendanceEvent.period',
          'AttendanceEvent.reason',
          'AttendanceEvent.section',
          'Mutation.reviewAbsenceNotice',
          'ReviewAbsenceNoticePayload.attendanceEvents',
          'ReviewAbsenceNoticePayload.notice',
        ],
      },
    ])
  })

  it('decides a notice once: a second review is BAD_USER_INPUT and changes nothing', async () => {
    const before = await attendanceState()
    expect(shape(await review('demo.teacher', noticeId, 'UNEXCUSED'))).toStrictEqual(
      refused('reviewAbsenceNotice', 'This absence notice has already been reviewed: it is excused.', 'BAD_USER_INPUT'),
    )
    expect(await attendanceState()).toStrictEqual(before)
  })

  it('answers a notice for a day already decided with that notice, unchanged', async () => {
    const before = await attendanceState()
    const row = await noticeRow(noticeId)
    const response = await submit('demo.guardian', { studentId: p.leo, date: p.unexcusedDay, reason: 'OTHER', note: 'Once more.' })
    expect(response.body).toStrictEqual({ data: { submitAbsenceNotice: { notice: asNotice(row) } } })
    expect(await attendanceState()).toStrictEqual(before)
  })

  it('excuses a day ahead, with nothing recorded yet, by recording an excused absence for it', async () => {
    const [ahead] = await noticeRows(sql`${attendance.absenceNotices.studentId} = ${p.leo} and ${attendance.absenceNotices.status} = 'Pending'`)
    if (!ahead) throw new Error('The seed holds no pending notice for Leo.')
    expect(await eventsOfDay(p.leo, ahead.date)).toStrictEqual([])
    const response = await review('demo.admin', ahead.id)
    expect(response.body.errors).toBeUndefined()
    const [daily, ...rest] = await t
      .db('attendance')
      .select()
      .from(attendance.studentSchoolAttendanceEvents)
      .where(and(eq(attendance.studentSchoolAttendanceEvents.studentId, p.leo), eq(attendance.studentSchoolAttendanceEvents.eventDate, ahead.date)))
    expect(rest).toStrictEqual([])
    expect(daily).toStrictEqual({
      id: expect.any(String),
      studentId: p.leo,
      schoolId: p.leoSchool,
      eventDate: ahead.date,
      attendanceEventCategory: 'Excused Absence',
      attendanceEventReason: 'Medical appointment',
      durationMinutes: null,
      arrivalTime: null,
      departureTime: null,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    })
    expect(response.body.data?.reviewAbsenceNotice?.attendanceEvents).toStrictEqual(await eventsOfDay(p.leo, ahead.date))
    expect(await noticeRow(ahead.id)).toStrictEqual({ ...ahead, status: 'Excused', reviewedBy: p.admin, reviewedAt: expect.any(Date), updatedAt: expect.any(Date) })
  })
})

describe('who may not submit or review', () => {
  it.each([
    ['a guardian, about a child not theirs', () => ({ login: 'demo.guardian', studentId: p.noah })],
    ['a parent a court order bars, about that child', () => ({ login: 'restricted.guardian', studentId: p.noah })],
    ['a parent of an adult student who has not consented', () => ({ login: 'adult.guardian', studentId: p.jordan })],
    ['a guardian of another family', () => ({ login: p.stranger, studentId: p.leo })],
    ['a student, about themself', () => ({ login: 'demo.student', studentId: p.leo })],
    ['a teacher, about their student', () => ({ login: 'demo.teacher', studentId: p.leo })],
    ['an admin', () => ({ login: 'demo.admin', studentId: p.leo })],
  ])('refuses a notice from %s with FORBIDDEN and writes nothing', async (_who, situation) => {
    const { login, studentId } = situation()
    const before = await attendanceState()
    expect(shape(await submit(login, { studentId, date: p.unexcusedDay, reason: 'ILLNESS' }))).toStrictEqual(refused('submitAbsenceNotice', NOT_ALLOWED, 'FORBIDDEN'))
    expect(await attendanceState()).toStrictEqual(before)
  })

  describe('a review', () => {
    let mayasNotice = ''
    beforeAll(async () => {
      const [row] = await noticeRows(sql`${attendance.absenceNotices.studentId} = ${p.maya} and ${attendance.absenceNotices.status} = 'Pending'`)
      mayasNotice = row?.id ?? (await submit('demo.guardian', { studentId: p.maya, date: p.unexcusedDay, reason: 'ILLNESS' })).body.data?.submitAbsenceNotice?.notice.id ?? ''
    })

    it.each(['demo.guardian', 'demo.student', 'restricted.guardian'])('refuses %s with FORBIDDEN, and their pending list', async (login) => {
      const before = await attendanceState()
      expect(shape(await review(login, mayasNotice))).toStrictEqual(refused('reviewAbsenceNotice', NOT_ALLOWED, 'FORBIDDEN'))
      expect(shape(await pending(login))).toStrictEqual(refused('pendingAbsenceNotices', NOT_ALLOWED, 'FORBIDDEN'))
      expect(await attendanceState()).toStrictEqual(before)
    })

    it("answers a teacher's review of a student not theirs as it answers a notice that does not exist: NOT_FOUND", async () => {
      const before = await attendanceState()
      expect(shape(await review('demo.teacher', mayasNotice))).toStrictEqual(refused('reviewAbsenceNotice', NO_NOTICE, 'NOT_FOUND'))
      expect(shape(await review('demo.teacher', randomUUID()))).toStrictEqual(refused('reviewAbsenceNotice', NO_NOTICE, 'NOT_FOUND'))
      expect(shape(await review('demo.admin', randomUUID()))).toStrictEqual(refused('reviewAbsenceNotice', NO_NOTICE, 'NOT_FOUND'))
      expect(shape(await review('demo.teacher', 'notice-1'))).toStrictEqual(refused('reviewAbsenceNotice', 'noticeId must be an id (a UUID).', 'BAD_USER_INPUT'))
      expect(await attendanceState()).toStrictEqual(before)
    })

    it("lets an admin decide Maya's notice UNEXCUSED: the day's attendance stays as it was", async () => {
      const row = await noticeRow(mayasNotice)
      const day = await eventsOfDay(p.maya, row.date)
      const response = await review('demo.admin', mayasNotice, 'UNEXCUSED')
      expect(response.body.errors).toBeUndefined()
      expect(await noticeRow(mayasNotice)).toStrictEqual({ ...row, status: 'Unexcused', reviewedBy: p.admin, reviewedAt: expect.any(Date), updatedAt: expect.any(Date) })
      expect(await eventsOfDay(p.maya, row.date)).toStrictEqual(day)
      expect(response.body.data?.reviewAbsenceNotice?.attendanceEvents).toStrictEqual(day)
      expect((await reviewEvents()).at(-1)).toStrictEqual({
        kind: 'absence-notice-reviewed',
        studentId: p.maya,
        payload: { noticeId: mayasNotice, date: row.date, decision: 'UNEXCUSED', submittedById: p.alex },
      })
    })
  })
})

describe('input that cannot be stored', () => {
  const notice = (input: Record<string, unknown>) => ({ studentId: p.leo, date: p.unexcusedDay, reason: 'ILLNESS', ...input })

  it.each([
    ['a holiday', () => notice({ date: p.holiday }), "date is a holiday in the school's calendar: there is no school to miss."],
    ['a weekend day', () => notice({ date: p.weekend }), "date is not a school day: the school's calendar has no school that day."],
    ['a day after the term', () => notice({ date: p.afterTerm }), "date is outside the school's calendar for the current term: a notice is for a school day of this term."],
    ['a day before the term', () => notice({ date: p.beforeTerm }), "date is outside the student's school calendar: the student is not enrolled at a school on that day."],
    ['a note over 500 characters', () => notice({ note: `${'a'.repeat(500)}😀` }), 'note must be at most 500 characters.'],
    ['a note with a NUL character', () => notice({ note: 'Ill\u0000' }), 'note may hold text, tabs and line breaks only.'],
    ['OTHER without a note', () => notice({ reason: 'OTHER', note: '  ' }), 'note must say why when the reason is OTHER.'],
    ['a malformed student id', () => notice({ studentId: 'leo' }), 'studentId must be an id (a UUID).'],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_what, input, message) => {
    const before = await attendanceState()
    expect(shape(await submit('demo.guardian', input()))).toStrictEqual(refused('submitAbsenceNotice', message, 'BAD_USER_INPUT'))
    expect(await attendanceState()).toStrictEqual(before)
  })

  it.each(['2026-02-30', 'tomorrow'])('refuses the date %s at the gateway with BAD_USER_INPUT and writes nothing', async (date) => {
    const before = await attendanceState()
    const response = await submit('demo.guardian', notice({ date }))
    expect(response.body.data ?? null).toBeNull()
    expect(response.body.errors?.map((e) => e.extensions?.code)).toStrictEqual(['BAD_USER_INPUT'])
    expect(response.body.errors?.[0]?.message).toContain('Not a valid Date: a Date is an ISO 8601 day, such as 2026-11-20.')
    expect(await attendanceState()).toStrictEqual(before)
  })

  it.each([
    ['pendingAbsenceNotices(first: 201)', 'demo.teacher', 'query { pendingAbsenceNotices(first: 201) { id } }', 'first must be a whole number between 1 and 200.', ['pendingAbsenceNotices'], { pendingAbsenceNotices: null }],
    [
      'absenceNotices(limit: 0)',
      'demo.guardian',
      'query ($id: ID!) { student(id: $id) { id absenceNotices(limit: 0) { id } } }',
      'limit must be a whole number between 1 and 100.',
      ['student', 'absenceNotices'],
      { student: { id: 'LEO', absenceNotices: null } },
    ],
  ])('refuses %s with BAD_USER_INPUT naming the limit', async (_what, login, query, message, path, data) => {
    const response = await t.query({ login }, query, { id: p.leo })
    expect(shape(response)).toStrictEqual({ data: JSON.parse(JSON.stringify(data).replace('LEO', p.leo)), errors: [{ message, path, code: 'BAD_USER_INPUT' }] })
  })

  it('serves absenceNotices(limit: 1): the latest day only', async () => {
    const response = await t.query<{ student: { absenceNotices: Notice[] } }>({ login: 'demo.guardian' }, 'query ($id: ID!) { student(id: $id) { absenceNotices(limit: 1) { id date reason note status submittedAt } } }', { id: p.leo })
    expect(response.body).toStrictEqual({ data: { student: { absenceNotices: (await dashboardNotices(p.leo)).slice(0, 1) } } })
  })
})

describe('the attendance subgraph, called directly', () => {
  let subgraph: TestSubgraph
  beforeAll(async () => {
    subgraph = await createTestSubgraph('attendance', t.database)
  })
  /** demo.guardian as the gateway signs them, with Maya in scope and nothing else. */
  const mayasGuardian = (): Viewer => ({ id: p.alex, role: 'GUARDIAN', requestId: 'absence-notices-test', allStudents: false, students: { [p.maya]: [...AREAS] } })
  const MUTATION = 'mutation ($input: SubmitAbsenceNoticeInput!) { submitAbsenceNotice(input: $input) { notice { id } } }'
  const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Student { id absenceNotices { id date reason note status submittedAt } } } }'

  it.each([
    ['no token', () => Promise.resolve(undefined)],
    ['a token signed by another key', () => subgraph.forge(mayasGuardian())],
  ])('refuses a write with %s: UNAUTHENTICATED, and nothing written', async (_name, tokenFor) => {
    const before = await attendanceState()
    const response = await subgraph.query(MUTATION, { input: { studentId: p.maya, date: p.weekend, reason: 'ILLNESS' } }, { token: await tokenFor() })
    expect({ status: response.status, body: response.body }).toStrictEqual({
      status: 401,
      body: { errors: [{ message: 'This subgraph serves only the gateway: the request carries no valid gateway token.', extensions: { code: 'UNAUTHENTICATED' } }] },
    })
    expect(await attendanceState()).toStrictEqual(before)
  })

  it("answers Student.absenceNotices through _entities for a student in scope, and refuses another family's with nothing of it", async () => {
    const response = await subgraph.asViewer(mayasGuardian()).query(ENTITIES, { r: [{ __typename: 'Student', id: p.maya }, { __typename: 'Student', id: p.leo }] })
    const mayas = await dashboardNotices(p.maya)
    expect(mayas.length).toBeGreaterThan(0)
    expect({
      data: response.body.data,
      errors: response.body.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })).sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path))),
    }).toStrictEqual({
      data: { _entities: [{ id: p.maya, absenceNotices: mayas }, null] },
      errors: [
        { message: NOT_ALLOWED, path: ['_entities', 1, 'absenceNotices'], code: 'FORBIDDEN' },
        { message: NOT_ALLOWED, path: ['_entities', 1, 'id'], code: 'FORBIDDEN' },
      ],
    })
    for (const leos of await dashboardNotices(p.leo)) expect(response.text).not.toContain(leos.id)
    expect(response.text).not.toContain(p.leo)
  })

  it('refuses _entities without the gateway token', async () => {
    const response = await subgraph.query(ENTITIES, { r: [{ __typename: 'Student', id: p.maya }] })
    expect(response.status).toBe(401)
    expect(response.body.data).toBeUndefined()
  })
})
