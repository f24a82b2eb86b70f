import { listLimit } from '../../kit/index.ts'
import { ATTENDANCE_EVENT_CATEGORY } from '../enums.ts'
import type {
  AttendanceCategoryTotalResolvers,
  AttendanceEventResolvers,
  AttendanceSummaryResolvers,
  SectionAttendanceResolvers,
} from '../generated/resolvers.ts'
import { CATEGORIES, RECENT_EVENTS } from '../loaders.ts'
import type { AttendanceCategoryTotalMapper, CategoryCounts } from '../mappers.ts'

/** Every category in the standard's order, with its count (0 when none). */
function totalsOf(studentId: string, counts: CategoryCounts): AttendanceCategoryTotalMapper[] {
  return CATEGORIES.map((category) => ({ studentId, category, count: counts[category] }))
}

export const AttendanceSummary: AttendanceSummaryResolvers = {
  daysAbsent: (s) => s.halfDaysAbsent / 2,
  rate: (s) => (s.daysEnrolled === 0 ? null : (s.daysEnrolled - s.halfDaysAbsent / 2) / s.daysEnrolled),
  totals: (s) => totalsOf(s.studentId, s.totals),
  recentEvents: (s, { limit }, ctx) => ctx.loaders.recentEvents.load({ studentId: s.studentId, limit: listLimit('limit', limit, RECENT_EVENTS) }),
  bySection: (s, _args, ctx) => ctx.loaders.bySection.load(s.studentId),
}

export const AttendanceCategoryTotal: AttendanceCategoryTotalResolvers = {
  category: (t) => ATTENDANCE_EVENT_CATEGORY[t.category],
}

export const AttendanceEvent: AttendanceEventResolvers = {
  date: (e) => e.eventDate,
  category: (e) => ATTENDANCE_EVENT_CATEGORY[e.category],
  section: (e) => (e.sectionId === null ? null : { id: e.sectionId }),
}

export const SectionAttendance: SectionAttendanceResolvers = {
  section: (s) => ({ id: s.sectionId }),
  totals: (s) => totalsOf(s.studentId, s.totals),
}
