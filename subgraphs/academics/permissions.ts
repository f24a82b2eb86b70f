/**
 * academics' permission map: which rule guards each field. It builds the shield and is the
 * data behind the admins' permission report.
 */
import { rules, type PermissionMap } from '../kit/index.ts'

const ownAcademics = rules.canReadStudent('academics')

export const permissions: PermissionMap = {
  'Query.me': rules.isSignedIn,
  'Query.student': rules.canReadStudentArgument,
  'Query.viewerScope': rules.isGateway,
  'Query.permissionAudit': rules.isAdmin,
  'FieldPermission.*': rules.isAdmin,
  'ViewerScope.*': rules.isGateway,
  'ScopedStudent.*': rules.isGateway,
  'Viewer.*': rules.isSelf,
  // The key is readable wherever any area is: other subgraphs' fields hang off it.
  'Student.id': rules.canReadStudentInAnyArea,
  'Student.*': ownAcademics,
  'SectionEnrolment.*': ownAcademics,
  'SectionGrade.*': ownAcademics,
  'StudentScore.*': ownAcademics,
  // Directory and catalogue data: schools, sections, staff names, assignment titles.
  'School.*': rules.isSignedIn,
  'Section.*': rules.isSignedIn,
  'Staff.*': rules.isSignedIn,
  'GradebookEntry.*': rules.isSignedIn,
}
