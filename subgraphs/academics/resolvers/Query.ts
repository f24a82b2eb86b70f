import { DEFAULT_LANGUAGE, toGrants } from '../../../lib/contract/index.ts'
import { forbidden, idArgument, isoToday, requireViewer } from '../../kit/index.ts'
import type { QueryResolvers } from '../generated/resolvers.ts'
import { accessLogPage } from '../access-log.ts'
import { portalUsage } from '../portal-usage.ts'
import { schools, terms } from '../directory.ts'
import { searchStudents } from '../student-search.ts'
import { permissionReportRows } from '../audit.ts'
import { resolveScope } from '../scope.ts'
import { resolveCorrespondence } from '../correspondence.ts'
import { preferredLanguageOf } from '../preferred-language.ts'

export const Query: QueryResolvers = {
  me: async (_parent, _args, ctx) => {
    const viewer = requireViewer(ctx)
    const person = await ctx.loaders.person.load(viewer.id)
    return {
      id: viewer.id,
      role: viewer.role,
      displayName: person ? `${person.firstName} ${person.lastSurname}` : '',
      preferredLanguage: person?.preferredLanguage ?? DEFAULT_LANGUAGE,
    }
  },
  student: async (_parent, { id }, ctx) => {
    const student = await ctx.loaders.student.load(idArgument('id', id))
    // The rule already checked the scope; a scope naming a student who is gone is a stale scope.
    if (!student) throw forbidden()
    return student
  },
  permissionAudit: () =>
    permissionReportRows().map((row) => ({
      type: row.type,
      field: row.field,
      subgraphs: row.subgraphs,
      rule: row.rule,
      guardian: row.roles.GUARDIAN,
      student: row.roles.STUDENT,
      teacher: row.roles.TEACHER,
      admin: row.roles.ADMIN,
    })),
  accessLog: (_parent, args, ctx) => accessLogPage(ctx.db, args),
  portalUsage: (_parent, args, ctx) => portalUsage(ctx.db, args),
  schools: (_parent, _args, ctx) => schools(ctx.db),
  terms: (_parent, _args, ctx) => terms(ctx.db),
  searchStudents: (_parent, args, ctx) => searchStudents(ctx.db, args),
  viewerScope: async (_parent, { personId }, ctx) => {
    const id = idArgument('personId', personId)
    const today = isoToday()
    const scope = await resolveScope(ctx.db, id, today)
    if (!scope) return null
    const correspondence = await resolveCorrespondence(ctx.db, id, scope, today)
    const language = (await preferredLanguageOf(ctx.db, scope.role, id)) ?? DEFAULT_LANGUAGE
    return { personId, role: scope.role, allStudents: scope.allStudents, grants: toGrants(scope.students), correspondence, language }
  },
}
