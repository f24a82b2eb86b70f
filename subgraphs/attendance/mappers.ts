/**
 * The rows behind attendance's GraphQL types. Each carries the `studentId` it belongs to, so
 * the shared rules can check the viewer's right to read that student's attendance on every type.
 */
import type * as t from './db/schema.ts'

/** An Ed-Fi attendance event category as stored ('Excused Absence', …). */
export type Category = (typeof t.attendanceEventCategory.enumValues)[number]

/** How many events of each category. */
export type CategoryCounts = Record<Category, number>

/** A student named by another subgraph: this one adds fields to it and needs nothing but the id. */
export interface StudentMapper {
  id: string
}

/** A section named by its id only: academics resolves the rest. */
export interface SectionMapper {
  id: string
}

export interface AttendanceSummaryMapper {
  studentId: string
  asOfDate: string | null
  daysEnrolled: number
  /** Half-days absent: a whole number, so sums stay exact. */
  halfDaysAbsent: number
  totals: CategoryCounts
}

/** A summary's days absent against the chronic-absence line: the counts it is worked out from. */
export type ChronicAbsenceMapper = Pick<AttendanceSummaryMapper, 'studentId' | 'daysEnrolled' | 'halfDaysAbsent'>

export interface AttendanceCategoryTotalMapper {
  studentId: string
  category: Category
  count: number
}

/** A daily event (no section) or a class event, in one shape. */
export interface AttendanceEventMapper {
  id: string
  studentId: string
  eventDate: string
  sectionId: string | null
  period: number | null
  category: Category
  reason: string | null
  durationMinutes: number | null
  arrivalTime: string | null
  departureTime: string | null
}

export interface SectionAttendanceMapper {
  studentId: string
  sectionId: string
  period: number | null
  totals: CategoryCounts
}

/** A family's absence notice, as stored. */
export type AbsenceNoticeMapper = typeof t.absenceNotices.$inferSelect

export interface SubmitAbsenceNoticePayloadMapper {
  studentId: string
  notice: AbsenceNoticeMapper
}

export interface ReviewAbsenceNoticePayloadMapper {
  studentId: string
  notice: AbsenceNoticeMapper
  attendanceEvents: AttendanceEventMapper[]
}

/** One day of a student's school calendar. */
export interface CalendarDayMapper {
  studentId: string
  date: string
  calendarEvent: (typeof t.calendarEvent.enumValues)[number]
}
