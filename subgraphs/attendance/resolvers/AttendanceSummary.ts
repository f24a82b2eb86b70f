import { badUserInput, toGraphQLEnum } from '../../kit/index.ts'
import type {
  AttendanceCategoryTotalResolvers,
  AttendanceEventCategory,
  AttendanceEventResolvers,
  AttendanceSummaryResolvers,
  SectionAttendanceResolvers,
} from '../generated/resolvers.ts'
import { CATEGORIES, MAX_RECENT_EVENTS } from '../loaders.ts'
import type { AttendanceCategoryTotalMapper, CategoryCounts } from '../mappers.ts'

/** Every category in the standard's order, with its count (0 when none). */
function totalsOf(studentId: string, counts: CategoryCounts): AttendanceCategoryTotalMapper[] {
  return CATEGORIES.map((category) => ({ studentId, category, count: counts[category] }))
}

export const AttendanceSummary: AttendanceSummaryResolvers = {
  daysAbsent: (s) => s.halfDaysAbsent / 2,
  rate: (s) => (s.daysEnrolled === 0 ? null : (s.daysEnrolled - s.halfDaysAbsent / 2) / s.daysEnrolled),
  totals: (s) => totalsOf(s.studentId, s.totals),
  recentEvents: (s, { limit }, ctx) => {
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_RECENT_EVENTS) {
      throw badUserInput(`recentEvents takes a limit between 0 and ${MAX_RECENT_EVENTS}, not ${limit}.`)
    }
    return ctx.loaders.recentEvents.load({ studentId: s.studentId, limit })
  },
  bySection: (s, _args, ctx) => ctx.loaders.bySection.load(s.studentId),
}

export const AttendanceCategoryTotal: AttendanceCategoryTotalResolvers = {
  category: (t) => toGraphQLEnum<AttendanceEventCategory>(t.category),
}

export const AttendanceEvent: AttendanceEventResolvers = {
  date: (e) => e.eventDate,
  category: (e) => toGraphQLEnum<AttendanceEventCategory>(e.category),
  section: (e) => (e.sectionId === null ? null : { id: e.sectionId }),
}

export const SectionAttendance: SectionAttendanceResolvers = {
  section: (s) => ({ id: s.sectionId }),
  totals: (s) => totalsOf(s.studentId, s.totals),
}
