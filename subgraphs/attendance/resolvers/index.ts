import type { Resolvers } from '../generated/resolvers.ts'
import { AbsenceNotice } from './AbsenceNotice.ts'
import { AttendanceCategoryTotal, AttendanceEvent, AttendanceSummary, SectionAttendance } from './AttendanceSummary.ts'
import { Mutation } from './Mutation.ts'
import { Query } from './Query.ts'
import { Student } from './Student.ts'

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Student,
  AbsenceNotice,
  AttendanceSummary,
  AttendanceCategoryTotal,
  AttendanceEvent,
  SectionAttendance,
}
