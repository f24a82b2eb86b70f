/**
 * attendance: the district's attendance system. It owns each school's calendar, the rosters it
 * takes attendance against (who is enrolled at which school and in which section, since when,
 * kept in step with academics), and the daily and per-section attendance events (Ed-Fi
 * StudentSchoolAttendanceEvent and StudentSectionAttendanceEvent). Only exceptions are stored,
 * plus the odd explicit 'In Attendance' (a corrected tardy, a field trip): an instructional day
 * on which attendance was taken and no daily event exists counts as present. Families' absence
 * notices live here too, since the school's decision on one changes the day's attendance.
 * Student, school and section ids are plain uuids: those records live in academics.
 */
import { sql } from 'drizzle-orm'
import { boolean, date, index, integer, pgSchema, text, time, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { outboxTable, timestamps } from '../../../db/schema/common.ts'

export const attendance = pgSchema('attendance')

/** Ed-Fi CalendarEventDescriptor (the values a district calendar uses). */
export const calendarEvent = attendance.enum('calendar_event', [
  'Instructional day',
  'Make-up day',
  'Holiday',
  'Teacher only day',
  'Non-instructional day',
  'Weather day',
  // A shortened school day (early release, late start): students still attend, and attendance is taken.
  'Student late arrival/early dismissal',
  'Other',
])

/**
 * Calendar events on which students are expected in school: the days attendance counts, and the
 * days a family may report an absence for.
 */
export const schoolDayEvents = ['Instructional day', 'Make-up day', 'Student late arrival/early dismissal'] as const satisfies ReadonlyArray<
  (typeof calendarEvent.enumValues)[number]
>

/** Ed-Fi AttendanceEventCategoryDescriptor. */
export const attendanceEventCategory = attendance.enum('attendance_event_category', [
  'In Attendance',
  'Excused Absence',
  'Unexcused Absence',
  'Tardy',
  'Early departure',
  'Partial',
])

/** Ed-Fi CalendarDate: one row per school per calendar day that carries an event. */
export const calendarDates = attendance.table(
  'calendar_dates',
  {
    id: uuid('id').primaryKey(),
    schoolId: uuid('school_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    calendarEvent: calendarEvent('calendar_event').notNull(),
    /**
     * Whether the school has taken (closed) attendance for the day. Rates count only such days,
     * so a day whose attendance is not yet in is never counted as a day present.
     */
    attendanceTaken: boolean('attendance_taken').notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex('calendar_dates_school_date_idx').on(t.schoolId, t.date)],
)

/** Ed-Fi StudentSchoolAssociation, as the attendance roster: which school counts a student's days. */
export const studentSchoolAssociations = attendance.table(
  'student_school_associations',
  {
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id').notNull(),
    schoolId: uuid('school_id').notNull(),
    entryDate: date('entry_date', { mode: 'string' }).notNull(),
    exitWithdrawDate: date('exit_withdraw_date', { mode: 'string' }),
    ...timestamps,
  },
  (t) => [uniqueIndex('ssa_student_entry_idx').on(t.studentId, t.entryDate), index('ssa_school_idx').on(t.schoolId)],
)

/**
 * Ed-Fi StudentSectionAssociation, as the class roster a teacher takes period attendance
 * against, so a family sees every class, including those with nothing to report.
 */
export const studentSectionAssociations = attendance.table(
  'student_section_associations',
  {
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id').notNull(),
    sectionId: uuid('section_id').notNull(),
    schoolId: uuid('school_id').notNull(),
    /** Null where attendance is taken once a day (elementary classes). */
    period: integer('period'),
    beginDate: date('begin_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    ...timestamps,
  },
  (t) => [uniqueIndex('stsa_student_section_begin_idx').on(t.studentId, t.sectionId, t.beginDate), index('stsa_section_idx').on(t.sectionId)],
)

/** Ed-Fi StudentSchoolAttendanceEvent: the student's day at school. */
export const studentSchoolAttendanceEvents = attendance.table(
  'student_school_attendance_events',
  {
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id').notNull(),
    schoolId: uuid('school_id').notNull(),
    eventDate: date('event_date', { mode: 'string' }).notNull(),
    attendanceEventCategory: attendanceEventCategory('attendance_event_category').notNull(),
    attendanceEventReason: text('attendance_event_reason'),
    /** Minutes of the school day missed (late, left early, absent): Ed-Fi's SchoolAttendanceDuration. */
    durationMinutes: integer('duration_minutes'),
    arrivalTime: time('arrival_time'),
    departureTime: time('departure_time'),
    ...timestamps,
  },
  (t) => [index('ssae_student_date_idx').on(t.studentId, t.eventDate)],
)

/** Ed-Fi StudentSectionAttendanceEvent: the student in one class period. */
export const studentSectionAttendanceEvents = attendance.table(
  'student_section_attendance_events',
  {
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id').notNull(),
    sectionId: uuid('section_id').notNull(),
    eventDate: date('event_date', { mode: 'string' }).notNull(),
    period: integer('period'),
    attendanceEventCategory: attendanceEventCategory('attendance_event_category').notNull(),
    attendanceEventReason: text('attendance_event_reason'),
    /** Minutes of the class missed: Ed-Fi's SectionAttendanceDuration. */
    durationMinutes: integer('duration_minutes'),
    arrivalTime: time('arrival_time'),
    departureTime: time('departure_time'),
    ...timestamps,
  },
  (t) => [index('stsae_student_date_idx').on(t.studentId, t.eventDate)],
)

/**
 * Why a family says a student is away: the reasons a portal offers (the excused reasons schools
 * record, and 'Other' with a note).
 */
export const absenceNoticeReason = attendance.enum('absence_notice_reason', [
  'Illness',
  'Medical appointment',
  'Family emergency',
  'Religious observance',
  'Bereavement',
  'Court appearance',
  'Other',
])

/** Where a notice stands: awaiting the school's review, or decided. */
export const absenceNoticeStatus = attendance.enum('absence_notice_status', ['Pending', 'Excused', 'Unexcused'])

/**
 * A guardian's absence notice: the student will be (or was) away on one school day, and why. The
 * school reviews it; an excused notice makes that day's absence excused. One notice per student
 * and day: a second submission for the day is the same notice.
 */
export const absenceNotices = attendance.table(
  'absence_notices',
  {
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id').notNull(),
    /** The school whose calendar holds the day (where the student was enrolled on it). */
    schoolId: uuid('school_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    reason: absenceNoticeReason('reason').notNull(),
    /** The family's own words, at most 500 characters. */
    note: text('note'),
    status: absenceNoticeStatus('status').notNull().default('Pending'),
    /** The contact (guardian) who submitted it last. */
    submittedBy: uuid('submitted_by').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The staff member who decided it. */
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('absence_notices_student_date_idx').on(t.studentId, t.date),
    // Reviewers' queue: the pending notices, earliest day first.
    index('absence_notices_pending_idx').on(t.date).where(sql`${t.status} = 'Pending'`),
  ],
)

/** Events of this subgraph's data, for the district's job queue (see `outboxTable`). */
export const outbox = outboxTable(attendance)
