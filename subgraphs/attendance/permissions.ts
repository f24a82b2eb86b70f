/**
 * attendance's permission map: which rule guards each field. Every type here but the Section
 * stub is one student's record (its mapper row carries `studentId`), readable only by those who
 * may read that student's attendance. A guardian reports a linked child's absence; school staff
 * review notices (a teacher those of students in their sections, an admin any): the viewer's scope
 * carries no staff member's school, so for teachers "staff of the student's school" is narrowed to
 * the student's own teachers. A write's payload is guarded like the records it shows.
 */
import { chain, rule } from 'graphql-shield'
import { badUserInput, rules, UUID, type PermissionMap } from '../kit/index.ts'
import type { Context } from './context.ts'

const ownAttendance = rules.canReadStudent('attendance')

/** A malformed student id is bad input, not someone else's student: checked before the scope. */
const studentIdIsAnId = rule('studentIdIsAnId', { cache: 'no_cache' })((_p: unknown, args: { input?: { studentId?: unknown } }) =>
  typeof args.input?.studentId === 'string' && UUID.test(args.input.studentId) ? true : badUserInput('studentId must be an id (a UUID).'),
)

const reportsAbsence = rules.canWriteStudent('attendance', { GUARDIAN: ownAttendance.roles.GUARDIAN ?? 'linked child' })
const canSubmitAbsenceNotice: rules.Permission = { ...reportsAbsence, rule: chain(studentIdIsAnId, reportsAbsence.rule) }

/**
 * School staff, who review absence notices. Which notices is the data's question: the resolver
 * checks the notice's student against the scope (and notes the review in the record of
 * disclosures), and each notice listed passes `canReadStudent(attendance)`.
 */
const reviewsAbsenceNotices: rules.Permission = {
  name: 'reviewsAbsenceNotices',
  roles: { TEACHER: `notices of ${ownAttendance.roles.TEACHER ?? 'students enrolled in own sections'}`, ADMIN: 'notices of any student' },
  rule: rule('reviewsAbsenceNotices', { cache: 'contextual' })((_p: unknown, _a: unknown, ctx: Context) => ctx.viewer?.role === 'TEACHER' || ctx.viewer?.role === 'ADMIN'),
}

export const permissions: PermissionMap = {
  'Query.pendingAbsenceNotices': reviewsAbsenceNotices,
  'Mutation.submitAbsenceNotice': canSubmitAbsenceNotice,
  'Mutation.reviewAbsenceNotice': reviewsAbsenceNotices,
  'SubmitAbsenceNoticePayload.notice': ownAttendance,
  'ReviewAbsenceNoticePayload.notice': ownAttendance,
  'ReviewAbsenceNoticePayload.attendanceEvents': ownAttendance,
  // The key is readable wherever any area is: other subgraphs' fields hang off it.
  'Student.id': rules.canReadStudentInAnyArea,
  'Student.attendance': ownAttendance,
  'Student.absenceNotices': ownAttendance,
  // The calendar is the school's, but which school's, and when the student entered it, is the student's record.
  'Student.calendar': ownAttendance,
  'CalendarDay.*': ownAttendance,
  'CalendarDay.eventLabel': ownAttendance,
  // A notice is the student's attendance record, the family's note included: each field named, so a new one is a decision.
  'AbsenceNotice.id': ownAttendance,
  'AbsenceNotice.student': ownAttendance,
  'AbsenceNotice.date': ownAttendance,
  'AbsenceNotice.reason': ownAttendance,
  // The words of a value the viewer already reads, in their language: guarded as the value is.
  'AbsenceNotice.reasonLabel': ownAttendance,
  'AbsenceNotice.note': ownAttendance,
  'AbsenceNotice.status': ownAttendance,
  'AbsenceNotice.statusLabel': ownAttendance,
  'AbsenceNotice.submittedAt': ownAttendance,
  'AbsenceNotice.reviewedAt': ownAttendance,
  'AttendanceSummary.*': ownAttendance,
  // What the days absent mean says them again in words: as private as they are, each field named.
  'AttendanceSummary.chronicAbsence': ownAttendance,
  'ChronicAbsence.line': ownAttendance,
  'ChronicAbsence.absentShare': ownAttendance,
  'ChronicAbsence.isChronic': ownAttendance,
  'ChronicAbsence.explanation': ownAttendance,
  'ChronicAbsence.whatYouCanDo': ownAttendance,
  'AttendanceCategoryTotal.*': ownAttendance,
  'AttendanceCategoryTotal.categoryLabel': ownAttendance,
  'AttendanceEvent.*': ownAttendance,
  'AttendanceEvent.categoryLabel': ownAttendance,
  'SectionAttendance.*': ownAttendance,
  // A section's id is directory data, as in academics.
  'Section.id': rules.isSignedIn,
}
