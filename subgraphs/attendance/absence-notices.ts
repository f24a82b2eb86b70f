/**
 * Families' absence notices and the school's decisions on them: what a notice must be (checked
 * before anything is stored), which days take one (a school day of the student's own calendar),
 * and the one transaction each write is, so a notice, its decision, the day's attendance and the
 * event that tells the family land together or not at all.
 */
import { randomUUID } from 'node:crypto'
import { and, asc, desc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { recordDisclosure, type Disclosures } from '../../lib/contract/index.ts'
import { badUserInput, canRead, dateArgument, idArgument, notFound, recordEvents, uuidIn, type ListLimit, type Viewer } from '../kit/index.ts'
import { ABSENCE_NOTICE_REASON, fromGraphQL } from './enums.ts'
import type { AbsenceNoticeDecision, ReviewAbsenceNoticeInput, SubmitAbsenceNoticeInput } from './generated/resolvers.ts'
import type { AbsenceNoticeMapper, AttendanceEventMapper, ReviewAbsenceNoticePayloadMapper, SubmitAbsenceNoticePayloadMapper } from './mappers.ts'
import { eventDetail } from './loaders.ts'

/** The longest note, in characters (Unicode code points, as Postgres counts them). */
export const NOTE_MAX = 500

/** Calendar events on which students are expected in school, and so may be away. */
const SCHOOL_DAYS: ReadonlySet<string> = new Set(t.schoolDayEvents)

/** Control characters other than tab and line breaks, and UTF-16 halves without their pair: neither is text. */
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

type Status = (typeof t.absenceNoticeStatus.enumValues)[number]
const DECISION: Record<AbsenceNoticeDecision, Exclude<Status, 'Pending'>> = { EXCUSED: 'Excused', UNEXCUSED: 'Unexcused' }

/** The note as stored: as written, less blanks at either end; null when there is nothing left. */
export function noteArgument(value: string | null | undefined): string | null {
  const note = value?.trim() ?? ''
  if (note === '') return null
  if (NOT_TEXT.test(note)) throw badUserInput('note may hold text, tabs and line breaks only.')
  if (Array.from(note).length > NOTE_MAX) throw badUserInput(`note must be at most ${NOTE_MAX} characters.`)
  return note
}

/**
 * The school whose calendar holds `date` for the student, when that date is a school day there;
 * otherwise BAD_USER_INPUT saying why. The calendar holds the current term's days only, so a day
 * of a past term (or before or beyond this one) is outside it.
 */
async function schoolDayOf(db: Db, studentId: string, date: string): Promise<string> {
  const a = t.studentSchoolAssociations
  const c = t.calendarDates
  const [day] = await db
    .select({ schoolId: a.schoolId, calendarEvent: c.calendarEvent })
    .from(a)
    .leftJoin(c, and(eq(c.schoolId, a.schoolId), eq(c.date, date)))
    .where(and(eq(a.studentId, studentId), lte(a.entryDate, date), or(isNull(a.exitWithdrawDate), gte(a.exitWithdrawDate, date))))
    .orderBy(desc(a.entryDate))
    .limit(1)
  if (!day) throw badUserInput("date is outside the student's school calendar: the student is not enrolled at a school on that day.")
  if (day.calendarEvent === null) {
    const [span] = await db
      .select({ earlier: sql<boolean>`bool_or(${c.date} < ${date})`, later: sql<boolean>`bool_or(${c.date} > ${date})` })
      .from(c)
      .where(eq(c.schoolId, day.schoolId))
    if (!span?.earlier || !span.later) throw badUserInput("date is outside the school's calendar for the current term: a notice is for a school day of this term.")
    throw badUserInput("date is not a school day: the school's calendar has no school that day.")
  }
  if (day.calendarEvent === 'Holiday') throw badUserInput("date is a holiday in the school's calendar: there is no school to miss.")
  if (!SCHOOL_DAYS.has(day.calendarEvent)) throw badUserInput(`date is not a school day for students in the school's calendar (${day.calendarEvent}).`)
  return day.schoolId
}

/** `pendingAbsenceNotices(first:)`: 50 unless asked, at most 200. */
export const PENDING_NOTICES: ListLimit = { default: 50, max: 200 }

/**
 * The notices awaiting review that the viewer may decide, the earliest day first: an admin's are
 * the district's; anyone else's are those of the students whose attendance their scope opens (a
 * teacher's own students), in one statement whatever their number. The scope carries no staff
 * member's school, so "staff of the student's school" is, for teachers, the student's teachers.
 */
export function pendingAbsenceNotices(db: Db, viewer: Viewer, first: number): Promise<AbsenceNoticeMapper[]> {
  const n = t.absenceNotices
  const pending = eq(n.status, 'Pending')
  const students = Object.keys(viewer.students).filter((id) => canRead(viewer, id, 'attendance'))
  return db
    .select()
    .from(n)
    .where(viewer.allStudents ? pending : and(pending, uuidIn(n.studentId, students)))
    .orderBy(asc(n.date), asc(n.submittedAt), asc(n.id))
    .limit(first)
}

/**
 * Stores a guardian's notice; the rule has checked the viewer may write about `studentId`. A
 * notice for a day that already has one is that notice: while it is pending it takes the latest
 * submission's reason, note, submitter and time (the family's latest word on the day is what the
 * school reviews); once decided, it is answered as it stands.
 */
export function submitAbsenceNotice(db: Db, viewer: Viewer, input: SubmitAbsenceNoticeInput): Promise<SubmitAbsenceNoticePayloadMapper> {
  const studentId = idArgument('studentId', input.studentId)
  const date = dateArgument(input.date)
  const reason = fromGraphQL(ABSENCE_NOTICE_REASON, input.reason)
  const note = noteArgument(input.note)
  if (reason === 'Other' && note === null) throw badUserInput('note must say why when the reason is OTHER.')
  const n = t.absenceNotices
  return db.transaction(async (tx) => {
    const schoolId = await schoolDayOf(tx, studentId, date)
    const submission = { reason, note, submittedBy: viewer.id, submittedAt: sql`now()`, updatedAt: sql`now()` }
    const [stored] = await tx
      .insert(n)
      .values({ id: randomUUID(), studentId, schoolId, date, ...submission })
      .onConflictDoUpdate({ target: [n.studentId, n.date], set: submission, setWhere: eq(n.status, 'Pending') })
      .returning()
    const notice = stored ?? (await tx.select().from(n).where(and(eq(n.studentId, studentId), eq(n.date, date))))[0]
    if (!notice) throw new Error(`The absence notice of ${studentId} for ${date} was not stored.`)
    return { studentId, notice }
  })
}

/**
 * Records a reviewer's decision. The rule has checked the viewer is staff; which notices they may
 * decide is checked here, against the notice's student (a teacher's own students, any for an
 * admin), and noted in the record of disclosures as the rule would for a write naming a student.
 */
export function reviewAbsenceNotice(db: Db, viewer: Viewer, disclosures: Disclosures, input: ReviewAbsenceNoticeInput): Promise<ReviewAbsenceNoticePayloadMapper> {
  const noticeId = idArgument('noticeId', input.noticeId)
  const status = DECISION[input.decision]
  const n = t.absenceNotices
  return db.transaction(async (tx) => {
    const [found] = await tx.select().from(n).where(eq(n.id, noticeId)).for('update')
    // One answer for a notice that does not exist and one the viewer may not see: the answer tells nothing of others' notices.
    if (!found || !canRead(viewer, found.studentId, 'attendance')) throw notFound('No absence notice you may review has this noticeId.')
    recordDisclosure(disclosures, { studentId: found.studentId, area: 'attendance', field: 'Mutation.reviewAbsenceNotice' })
    if (found.status !== 'Pending') throw badUserInput(`This absence notice has already been reviewed: it is ${found.status.toLowerCase()}.`)
    const [notice] = await tx
      .update(n)
      .set({ status, reviewedBy: viewer.id, reviewedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(n.id, noticeId))
      .returning()
    if (!notice) throw new Error(`The absence notice ${noticeId} vanished while it was reviewed.`)
    if (status === 'Excused') await excuseDay(tx, notice)
    await recordEvents(tx, t.outbox, [
      {
        kind: 'absence-notice-reviewed',
        studentId: notice.studentId,
        payload: { noticeId: notice.id, date: notice.date, decision: input.decision, submittedById: notice.submittedBy },
      },
    ])
    return { studentId: notice.studentId, notice, attendanceEvents: await eventsOfDay(tx, notice.studentId, notice.date) }
  })
}

/**
 * The day of an excused notice becomes an excused absence: the daily event if it records an
 * unexcused absence (or a new one when nothing is recorded yet, full day, its length unknown
 * here), and each class recorded as an unexcused absence, all with the notice's reason. A day the
 * school recorded otherwise (a tardy, a partial day, present) keeps its daily event: the notice
 * does not say the student was absent when the school saw them.
 */
async function excuseDay(db: Db, notice: AbsenceNoticeMapper): Promise<void> {
  const d = t.studentSchoolAttendanceEvents
  const s = t.studentSectionAttendanceEvents
  const excused = { attendanceEventCategory: 'Excused Absence' as const, attendanceEventReason: notice.reason, updatedAt: sql`now()` }
  const ofDay = and(eq(d.studentId, notice.studentId), eq(d.schoolId, notice.schoolId), eq(d.eventDate, notice.date))
  const recorded = await db.select({ id: d.id }).from(d).where(ofDay).limit(1)
  if (recorded.length === 0) {
    await db.insert(d).values({ id: randomUUID(), studentId: notice.studentId, schoolId: notice.schoolId, eventDate: notice.date, ...excused })
  } else {
    await db.update(d).set(excused).where(and(ofDay, eq(d.attendanceEventCategory, 'Unexcused Absence')))
  }
  await db
    .update(s)
    .set(excused)
    .where(and(eq(s.studentId, notice.studentId), eq(s.eventDate, notice.date), eq(s.attendanceEventCategory, 'Unexcused Absence')))
}

/** The student's events on one day: the daily event first, then the classes in period order. */
async function eventsOfDay(db: Db, studentId: string, date: string): Promise<AttendanceEventMapper[]> {
  const d = t.studentSchoolAttendanceEvents
  const s = t.studentSectionAttendanceEvents
  const days = await db
    .select({ id: d.id, ...eventDetail(d) })
    .from(d)
    .where(and(eq(d.studentId, studentId), eq(d.eventDate, date)))
    .orderBy(asc(d.id))
  const classes = await db
    .select({ id: s.id, sectionId: s.sectionId, period: s.period, ...eventDetail(s) })
    .from(s)
    .where(and(eq(s.studentId, studentId), eq(s.eventDate, date)))
    .orderBy(sql`${s.period} nulls first`, asc(s.id))
  return [
    ...days.map((e) => ({ ...e, studentId, eventDate: date, sectionId: null, period: null })),
    ...classes.map((e) => ({ ...e, studentId, eventDate: date })),
  ]
}
