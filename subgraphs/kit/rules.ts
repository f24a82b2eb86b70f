/**
 * The shared authorization rules. Each is a named graphql-shield rule plus what it means for
 * each role, so a permission map both builds the shield middleware and reads as a policy
 * (the admins' audit prints it). Rules that depend only on the viewer cache per request
 * ('contextual'); rules that look at the record being read do not cache.
 */
import type { GraphQLResolveInfo } from 'graphql'
import { allow, or, rule } from 'graphql-shield'
import { canRead, canReadAny, isViewer, recordDisclosure, type Area, type Caller, type Disclosures, type PermissionEntry, type Role, type Viewer } from '../../lib/contract/index.ts'

export interface RuleContext {
  caller: Caller
  /** Where a passing `canReadStudent` notes what was read (absent: nothing is recorded). */
  disclosures?: Disclosures
}

/** Any shield rule: a rule, or a logic rule made of rules. */
export type ShieldRule = Parameters<typeof or>[number]

/** A rule and, for each role, the condition under which it passes (absent: never). */
export interface Permission extends PermissionEntry {
  rule: ShieldRule
}

function viewerOf(ctx: RuleContext): Viewer | undefined {
  return isViewer(ctx.caller) ? ctx.caller : undefined
}

/** The student a record belongs to: a Student's own id, or the record's `studentId`. */
export function studentIdOf(parent: unknown, info: GraphQLResolveInfo): string | undefined {
  if (!parent || typeof parent !== 'object') return undefined
  const record = parent as { id?: unknown; studentId?: unknown }
  const id = info.parentType.name === 'Student' ? record.id : record.studentId
  return typeof id === 'string' ? id : undefined
}

const GUARDIAN_OWN = 'linked child, unless a court order restricts the link or an adult student has not consented'

/**
 * Passes when the viewer may read `area` of the student the record belongs to. Every field of a
 * student's records passes through it, so a pass is also noted as a disclosure of that field.
 */
export function canReadStudent(area: Area): Permission {
  const name = `canReadStudent(${area})`
  const roles: Permission['roles'] = { ADMIN: 'any student', GUARDIAN: GUARDIAN_OWN }
  if (['academics', 'attendance', 'behaviour', 'meals', 'messaging', 'transportation'].includes(area)) roles.STUDENT = 'self'
  if (['academics', 'attendance', 'behaviour', 'messaging', 'transportation'].includes(area)) roles.TEACHER = 'students enrolled in own sections'
  return { name, roles, rule: studentAreaRule(name, area, () => true) }
}

/**
 * Like `canReadStudent(area)`, for school staff only: what identifies a record shared by several
 * students' families (an incident's number) must not let two families match their records.
 */
export function staffCanReadStudent(area: Area): Permission {
  const name = `staffCanReadStudent(${area})`
  const { roles } = canReadStudent(area)
  return {
    name,
    roles: { ...(roles.TEACHER ? { TEACHER: roles.TEACHER } : {}), ...(roles.ADMIN ? { ADMIN: roles.ADMIN } : {}) },
    rule: studentAreaRule(name, area, (viewer) => viewer.role === 'TEACHER' || viewer.role === 'ADMIN'),
  }
}

/** The scope check of every student-area rule; a pass is noted as a disclosure of the field. */
function studentAreaRule(name: string, area: Area, viewerMay: (viewer: Viewer) => boolean): ShieldRule {
  return rule(name, { cache: 'no_cache' })((parent: unknown, _args: unknown, ctx: RuleContext, info: GraphQLResolveInfo) => {
    const viewer = viewerOf(ctx)
    const studentId = studentIdOf(parent, info)
    if (viewer === undefined || studentId === undefined || !viewerMay(viewer) || !canRead(viewer, studentId, area)) return false
    if (ctx.disclosures) recordDisclosure(ctx.disclosures, { studentId, area, field: `${info.parentType.name}.${info.fieldName}` })
    return true
  })
}

/** The student a write names: its `input.studentId` (every mutation takes one `input`). */
export function studentIdOfInput(args: unknown): string | undefined {
  if (!args || typeof args !== 'object' || !('input' in args)) return undefined
  const input = args.input
  if (!input || typeof input !== 'object' || !('studentId' in input)) return undefined
  const id = input.studentId
  return typeof id === 'string' ? id : undefined
}

/**
 * Passes when the viewer's role may make this write (`roles`: role → the condition, in words) and
 * the viewer may read `area` of the student named by `input.studentId`. A pass is noted in the
 * record of disclosures as `Mutation.<field>`: who wrote about which student, and when.
 * What the write then checks against the data (the fee is the student's, the thread is the
 * viewer's) is the resolver's, which answers FORBIDDEN or BAD_USER_INPUT.
 */
export function canWriteStudent(area: Area, roles: Partial<Record<Role, string>>): Permission {
  const allowed = Object.keys(roles)
  const name = `canWriteStudent(${area}: ${allowed.join(', ')})`
  return {
    name,
    roles,
    rule: rule(name, { cache: 'no_cache' })((_parent: unknown, args: unknown, ctx: RuleContext, info: GraphQLResolveInfo) => {
      const viewer = viewerOf(ctx)
      const studentId = studentIdOfInput(args)
      if (viewer === undefined || studentId === undefined || !allowed.includes(viewer.role) || !canRead(viewer, studentId, area)) return false
      if (ctx.disclosures) recordDisclosure(ctx.disclosures, { studentId, area, field: `${info.parentType.name}.${info.fieldName}` })
      return true
    }),
  }
}

/** Passes when the viewer may read the student (the record's own id) in at least one area. */
export const canReadStudentInAnyArea: Permission = {
  name: 'canReadStudentInAnyArea',
  roles: { ADMIN: 'any student', GUARDIAN: GUARDIAN_OWN, STUDENT: 'self', TEACHER: 'students enrolled in own sections' },
  rule: rule('canReadStudentInAnyArea', { cache: 'no_cache' })((parent: unknown, _args: unknown, ctx: RuleContext, info: GraphQLResolveInfo) => {
    const viewer = viewerOf(ctx)
    const studentId = studentIdOf(parent, info)
    return viewer !== undefined && studentId !== undefined && canReadAny(viewer, studentId)
  }),
}

/** Passes when the viewer may read the student named by the field's `id` argument in any area. */
export const canReadStudentArgument: Permission = {
  name: 'canReadStudentArgument',
  roles: { ADMIN: 'any student', GUARDIAN: GUARDIAN_OWN, STUDENT: 'self', TEACHER: 'students enrolled in own sections' },
  rule: rule('canReadStudentArgument', { cache: 'strict' })((_parent: unknown, args: { id?: unknown }, ctx: RuleContext) => {
    const viewer = viewerOf(ctx)
    if (!viewer || typeof args.id !== 'string') return false
    return canReadAny(viewer, args.id)
  }),
}

/** Any signed-in person (the field itself shows only what belongs to them or is directory data). */
export const isSignedIn: Permission = {
  name: 'isSignedIn',
  roles: { ADMIN: 'always', GUARDIAN: 'always', STUDENT: 'always', TEACHER: 'always' },
  rule: rule('isSignedIn', { cache: 'contextual' })((_p: unknown, _a: unknown, ctx: RuleContext) => viewerOf(ctx) !== undefined),
}

/** The record is the viewer themself (`parent.id`). */
export const isSelf: Permission = {
  name: 'isSelf',
  roles: { ADMIN: 'self', GUARDIAN: 'self', STUDENT: 'self', TEACHER: 'self' },
  rule: rule('isSelf', { cache: 'no_cache' })((parent: { id?: unknown } | undefined, _a: unknown, ctx: RuleContext) => {
    const viewer = viewerOf(ctx)
    return viewer !== undefined && parent?.id === viewer.id
  }),
}

/** The viewer takes part in the record (`parent.participantIds`), or is an admin. */
export const isParticipant: Permission = {
  name: 'isParticipant',
  roles: { ADMIN: 'any', GUARDIAN: 'participant', STUDENT: 'participant', TEACHER: 'participant' },
  rule: rule('isParticipant', { cache: 'no_cache' })((parent: { participantIds?: unknown } | undefined, _a: unknown, ctx: RuleContext) => {
    const viewer = viewerOf(ctx)
    if (!viewer) return false
    if (viewer.allStudents) return true
    return Array.isArray(parent?.participantIds) && parent.participantIds.includes(viewer.id)
  }),
}

export const isAdmin: Permission = {
  name: 'isAdmin',
  roles: { ADMIN: 'always' },
  rule: rule('isAdmin', { cache: 'contextual' })((_p: unknown, _a: unknown, ctx: RuleContext) => viewerOf(ctx)?.role === 'ADMIN'),
}

/** The gateway's own calls (viewer scope), never a person's. */
export const isGateway: Permission = {
  name: 'isGateway',
  roles: { GATEWAY: 'always' },
  rule: rule('isGateway', { cache: 'contextual' })((_p: unknown, _a: unknown, ctx: RuleContext) => ctx.caller.role === 'GATEWAY'),
}

/** Federation's own fields (`_service`, `_entities`): what they return is guarded by type rules. */
export const federation: Permission = { name: 'federation', roles: {}, rule: allow }
