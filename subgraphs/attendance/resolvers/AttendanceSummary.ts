import { listLimit } from '../../kit/index.ts'
import { label } from '../catalogue.ts'
import { absentShareOf, CHRONIC_ABSENCE, chronicAbsenceExplanation, chronicAbsenceHelp, isChronic } from '../chronic-absence.ts'
import { ATTENDANCE_EVENT_CATEGORY } from '../enums.ts'
import type {
  AttendanceCategoryTotalResolvers,
  AttendanceEventResolvers,
  AttendanceSummaryResolvers,
  ChronicAbsenceResolvers,
  SectionAttendanceResolvers,
} from '../generated/resolvers.ts'
import { CATEGORIES, RECENT_EVENTS } from '../loaders.ts'
import type { AttendanceCategoryTotalMapper, AttendanceEventMapper, CategoryCounts } from '../mappers.ts'

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
  chronicAbsence: (s) => (s.daysEnrolled === 0 ? null : s),
}

// The summary's own counts: the share is daysAbsent / daysEnrolled, as `rate` is its complement.
export const ChronicAbsence: ChronicAbsenceResolvers = {
  line: () => CHRONIC_ABSENCE.line,
  absentShare: (s) => absentShareOf(s),
  isChronic: (s) => isChronic(s),
  explanation: (s, _args, ctx) => chronicAbsenceExplanation(ctx.language, s),
  whatYouCanDo: (s, _args, ctx) => chronicAbsenceHelp(ctx.language, s),
}

export const AttendanceCategoryTotal: AttendanceCategoryTotalResolvers = {
  category: (t) => ATTENDANCE_EVENT_CATEGORY[t.category],
  categoryLabel: label('AttendanceEventCategory', (t: AttendanceCategoryTotalMapper) => ATTENDANCE_EVENT_CATEGORY[t.category]),
}

export const AttendanceEvent: AttendanceEventResolvers = {
  date: (e) => e.eventDate,
  category: (e) => ATTENDANCE_EVENT_CATEGORY[e.category],
  categoryLabel: label('AttendanceEventCategory', (e: AttendanceEventMapper) => ATTENDANCE_EVENT_CATEGORY[e.category]),
  section: (e) => (e.sectionId === null ? null : { id: e.sectionId }),
}

export const SectionAttendance: SectionAttendanceResolvers = {
  section: (s) => ({ id: s.sectionId }),
  totals: (s) => totalsOf(s.studentId, s.totals),
}
