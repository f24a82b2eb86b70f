/**
 * attendance's permission map: which rule guards each field. Every type here but the Section
 * stub is one student's record (its mapper row carries `studentId`), readable only by those who
 * may read that student's attendance.
 */
import { rules, type PermissionMap } from '../kit/index.ts'

const ownAttendance = rules.canReadStudent('attendance')

export const permissions: PermissionMap = {
  // The key is readable wherever any area is: other subgraphs' fields hang off it.
  'Student.id': rules.canReadStudentInAnyArea,
  'Student.attendance': ownAttendance,
  'AttendanceSummary.*': ownAttendance,
  'AttendanceCategoryTotal.*': ownAttendance,
  'AttendanceEvent.*': ownAttendance,
  'SectionAttendance.*': ownAttendance,
  // A section's id is directory data, as in academics.
  'Section.id': rules.isSignedIn,
}
