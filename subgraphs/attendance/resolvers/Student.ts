import { dayRange, isoToday, listLimit } from '../../kit/index.ts'
import type { StudentResolvers } from '../generated/resolvers.ts'
import { ABSENCE_NOTICES, CALENDAR_DAYS } from '../loaders.ts'

export const Student: StudentResolvers = {
  // academics owns students; here a reference needs only its id, and the field rules decide.
  __resolveReference: ({ id }) => ({ id }),
  attendance: (s, _args, ctx) => ctx.loaders.summary.load(s.id),
  absenceNotices: (s, { limit }, ctx) => ctx.loaders.absenceNotices.load({ studentId: s.id, limit: listLimit('limit', limit, ABSENCE_NOTICES) }),
  calendar: (s, args, ctx) => ctx.loaders.calendar.load({ studentId: s.id, ...dayRange(args, CALENDAR_DAYS, isoToday()) }),
}
