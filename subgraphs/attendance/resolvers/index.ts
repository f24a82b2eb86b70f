import type { Resolvers } from '../generated/resolvers.ts'
import { AttendanceCategoryTotal, AttendanceEvent, AttendanceSummary, SectionAttendance } from './AttendanceSummary.ts'
import { Student } from './Student.ts'

export const resolvers: Resolvers = {
  Student,
  AttendanceSummary,
  AttendanceCategoryTotal,
  AttendanceEvent,
  SectionAttendance,
}
