import { addDays } from '../../../lib/contract/index.ts'
import { dateArgument, isoToday, listLimit, type ListLimit } from '../../kit/index.ts'
import { MESSAGES } from '../catalogue.ts'
import type { StudentResolvers } from '../generated/resolvers.ts'
import { UPCOMING_DAYS, UPCOMING_LIMIT } from '../time-loaders.ts'

/** `assignments(limit:)`: 50 unless asked, at most 500. */
const ASSIGNMENTS: ListLimit = { default: 50, max: 500 }

export const Student: StudentResolvers = {
  // Another subgraph names a student by id; load it only if this viewer may read it at all,
  // so `_entities` gives nothing away about students outside the viewer's scope.
  __resolveReference: async ({ id }, ctx) => {
    const viewer = ctx.viewer
    if (!viewer || !(viewer.allStudents || (viewer.students[id]?.length ?? 0) > 0)) return null
    return ctx.loaders.student.load(id)
  },
  lastName: (s) => s.lastSurname,
  displayName: (s) => `${s.preferredName ?? s.firstName} ${s.lastSurname}`,
  gradeLevelName: (s, _args, ctx) => MESSAGES.format(ctx.language, 'gradeLevel.name', { grade: s.gradeLevel }),
  school: async (s, _args, ctx) => {
    const school = await ctx.loaders.school.load(s.schoolId)
    if (!school) throw new Error(`Student ${s.id} names a school that does not exist.`)
    return school
  },
  sections: (s, _args, ctx) => ctx.loaders.enrolments.load(s.id),
  assignments: (s, { limit }, ctx) => {
    const size = listLimit('limit', limit, ASSIGNMENTS)
    return ctx.loaders.recentScores.load({ studentId: s.id, limit: size })
  },
  // Each carries its student, for the rule on its fields.
  correspondents: async (s, _args, ctx) => (await ctx.loaders.correspondents.load(s.id)).map((person) => ({ ...person, studentId: s.id })),
  missingWork: (s, _args, ctx) => ctx.loaders.missingWork.load(s.id),
  schedule: (s, { date }, ctx) => ctx.loaders.schedule.load({ studentId: s.id, date: dateArgument(date) ?? isoToday() }),
  upcomingAssignments: (s, { days, limit }, ctx) => {
    const from = isoToday()
    const to = addDays(from, listLimit('days', days, UPCOMING_DAYS) - 1)
    return ctx.loaders.upcoming.load({ studentId: s.id, from, to, limit: listLimit('limit', limit, UPCOMING_LIMIT) })
  },
  gradeHistory: (s, _args, ctx) => ctx.loaders.gradeHistory.load(s.id),
}

