/**
 * academics' permission map: which rule guards each field. It builds the shield and is the
 * data behind the admins' permission report.
 */
import { and, rule } from 'graphql-shield'
import { ageOn } from '../../lib/contract/index.ts'
import { forbidden, isoToday, isViewer, rules, type PermissionMap } from '../kit/index.ts'
import type { Context } from './context.ts'
import { AGE_OF_RIGHTS, MINOR_REFUSED } from './record-sharing.ts'

const ownAcademics = rules.canReadStudent('academics')
/** Whom the viewer may write to about a student is messaging's area, which messaging `@requires` of academics. */
const ownMessaging = rules.canReadStudent('messaging')

const LINKED_CHILD = rules.canReadStudentInAnyArea.roles.GUARDIAN ?? 'linked child'

/** An admin, or a guardian who may currently read `studentId` (FERPA lets a parent inspect the record). */
function mayInspectRecordOf(ctx: rules.RuleContext, studentId: unknown): boolean {
  const viewer = isViewer(ctx.caller) ? ctx.caller : undefined
  if (viewer?.role === 'ADMIN') return true
  return viewer?.role === 'GUARDIAN' && typeof studentId === 'string' && (viewer.students[studentId]?.length ?? 0) > 0
}

/** `accessLog`: admins with any filter; a guardian only for a child of theirs named by `studentId`. */
const canReadAccessLog: rules.Permission = {
  name: 'canReadAccessLog',
  roles: { ADMIN: 'any student or viewer', GUARDIAN: `the student named by studentId is a ${LINKED_CHILD}` },
  rule: rule('canReadAccessLog', { cache: 'strict' })((_p: unknown, args: { studentId?: unknown }, ctx: rules.RuleContext) => mayInspectRecordOf(ctx, args.studentId)),
}

/** One entry of the record: its student's, checked again so no page shows another child's entry. */
const canReadDisclosure: rules.Permission = {
  name: 'canReadDisclosure',
  roles: { ADMIN: 'any student', GUARDIAN: LINKED_CHILD },
  rule: rule('canReadDisclosure', { cache: 'no_cache' })((parent: { studentId?: unknown } | undefined, _a: unknown, ctx: rules.RuleContext) =>
    mayInspectRecordOf(ctx, parent?.studentId),
  ),
}

/** The page around the entries (the query's rule already decided who may ask). */
const isAdminOrGuardian: rules.Permission = {
  name: 'isAdminOrGuardian',
  roles: { ADMIN: 'always', GUARDIAN: 'always' },
  rule: rule('isAdminOrGuardian', { cache: 'contextual' })((_p: unknown, _a: unknown, ctx: rules.RuleContext) => {
    const role = isViewer(ctx.caller) ? ctx.caller.role : undefined
    return role === 'ADMIN' || role === 'GUARDIAN'
  }),
}

/**
 * `setRecordSharing`: a student of 18 or over, about themself (the write names no other student).
 * A younger student is told why, with FORBIDDEN: the rights are not theirs yet.
 */
const isAdultStudent: rules.Permission = {
  name: 'isAdultStudent',
  roles: { STUDENT: `self, aged ${AGE_OF_RIGHTS} or over` },
  rule: rule('isAdultStudent', { cache: 'contextual' })(async (_p: unknown, _a: unknown, ctx: Context) => {
    if (ctx.viewer?.role !== 'STUDENT') return false
    const student = await ctx.loaders.student.load(ctx.viewer.id)
    if (!student) return false
    return ageOn(student.birthDate, isoToday()) >= AGE_OF_RIGHTS ? true : forbidden(MINOR_REFUSED)
  }),
}

/** `me.recordSharing`: students only (a minor's list is empty); anyone else is refused, as messaging's staff inbox is. */
const ownStudentRecordSharing: rules.Permission = {
  name: 'ownStudentRecordSharing',
  roles: { STUDENT: 'self' },
  rule: and(
    rules.isSelf.rule,
    rule('isStudent', { cache: 'contextual' })((_p: unknown, _a: unknown, ctx: rules.RuleContext) => isViewer(ctx.caller) && ctx.caller.role === 'STUDENT'),
  ),
}

/** An adult student's sharing decisions (`parent.studentId`): theirs alone to read. */
const ownRecordSharing: rules.Permission = {
  name: 'ownRecordSharing',
  roles: { STUDENT: 'self' },
  rule: rule('ownRecordSharing', { cache: 'no_cache' })((parent: { studentId?: unknown } | undefined, _a: unknown, ctx: rules.RuleContext) => {
    const viewer = isViewer(ctx.caller) ? ctx.caller : undefined
    return viewer?.role === 'STUDENT' && parent?.studentId === viewer.id
  }),
}

export const permissions: PermissionMap = {
  'Query.me': rules.isSignedIn,
  'Query.student': rules.canReadStudentArgument,
  'Query.viewerScope': rules.isGateway,
  'Query.permissionAudit': rules.isAdmin,
  'Query.accessLog': canReadAccessLog,
  'DisclosureConnection.*': isAdminOrGuardian,
  'Disclosure.*': canReadDisclosure,
  // FERPA lets a parent inspect the record with the parties who read it: whoever may read the entry.
  'DisclosureViewer.*': canReadDisclosure,
  'Mutation.recordDisclosures': rules.isGateway,
  'Mutation.recordSignIn': rules.isGateway,
  'Mutation.setRecordSharing': isAdultStudent,
  'SetRecordSharingPayload.*': ownRecordSharing,
  'RecordSharing.*': ownRecordSharing,
  'Guardian.*': ownRecordSharing,
  // Everyone has a language: guardians, students and staff alike.
  'Mutation.setPreferredLanguage': rules.isSignedIn,
  'SetPreferredLanguagePayload.*': rules.isSignedIn,
  // What admins pick from: the district's schools and terms, and its students by name or id.
  'Query.schools': rules.isAdmin,
  'Query.terms': rules.isAdmin,
  'Query.searchStudents': rules.isAdmin,
  'Term.*': rules.isAdmin,
  'Query.portalUsage': rules.isAdmin,
  'PortalUsage.*': rules.isAdmin,
  'UsagePeriod.*': rules.isAdmin,
  'UsageGroup.*': rules.isAdmin,
  'OutreachFamily.*': rules.isAdmin,
  'OutreachGuardian.*': rules.isAdmin,
  'OutreachFamilyConnection.*': rules.isAdmin,
  'FieldPermission.*': rules.isAdmin,
  'ViewerScope.*': rules.isGateway,
  'ScopeGrant.*': rules.isGateway,
  'ScopeCorrespondence.*': rules.isGateway,
  'ScopeCorrespondenceSchool.*': rules.isGateway,
  'ScopeCorrespondenceStudent.*': rules.isGateway,
  'ScopeCorrespondent.*': rules.isGateway,
  'Viewer.*': rules.isSelf,
  'Viewer.preferredLanguage': rules.isSelf,
  'Viewer.recordSharing': ownStudentRecordSharing,
  // The key is readable wherever any area is: other subgraphs' fields hang off it.
  'Student.id': rules.canReadStudentInAnyArea,
  'Student.*': ownAcademics,
  'Student.correspondents': ownMessaging,
  'Correspondent.*': ownMessaging,
  'SectionEnrolment.*': ownAcademics,
  'SectionGrade.*': ownAcademics,
  'StudentScore.*': ownAcademics,
  // What a grade and a score mean, in the viewer's language: the student's records, like their siblings.
  'SectionGrade.gradeTypeLabel': ownAcademics,
  'SectionGrade.scoredItems': ownAcademics,
  'SectionGrade.gradebookUpdatedAt': ownAcademics,
  'SectionGrade.explanation': ownAcademics,
  'SectionGrade.whatYouCanDo': ownAcademics,
  'StudentScore.scoreStatusLabel': ownAcademics,
  'StudentScore.countsTowardGrade': ownAcademics,
  'StudentScore.flags': ownAcademics,
  'StudentScore.whatYouCanDo': ownAcademics,
  'ScoreFlag.flag': ownAcademics,
  'ScoreFlag.label': ownAcademics,
  'ScoreFlag.explanation': ownAcademics,
  'ScoreFlag.affectsGrade': ownAcademics,
  'WhatYouCanDo.text': ownAcademics,
  'WhatYouCanDo.teacher': ownAcademics,
  // A student's day, work ahead and report card: their records, like the fields that lead to them.
  'Student.schedule': ownAcademics,
  'Student.upcomingAssignments': ownAcademics,
  'Student.gradeHistory': ownAcademics,
  'ScheduledClass.*': ownAcademics,
  'GradingPeriodGrades.*': ownAcademics,
  // Directory and catalogue data: schools, sections, staff names, assignment titles.
  'School.*': rules.isSignedIn,
  'Section.*': rules.isSignedIn,
  'Staff.*': rules.isSignedIn,
  'GradebookEntry.*': rules.isSignedIn,
  // The district's words for an entry's type and purpose, like the entry itself.
  'GradebookEntry.typeLabel': rules.isSignedIn,
  'GradebookEntry.purposeLabel': rules.isSignedIn,
  'GradebookEntry.purposeExplanation': rules.isSignedIn,
  'GradebookEntry.countsTowardGrade': rules.isSignedIn,
  'GradebookEntry.gradingPeriod': rules.isSignedIn,
  'SectionTeacher.*': rules.isSignedIn,
  'SectionTeacher.positionLabel': rules.isSignedIn,
  'GradingPeriod.*': rules.isSignedIn,
}
