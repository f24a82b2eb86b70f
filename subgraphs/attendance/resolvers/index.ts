import type { Resolvers } from '../generated/resolvers.ts'
import { AbsenceNotice } from './AbsenceNotice.ts'
import { AttendanceCategoryTotal, AttendanceEvent, AttendanceSummary, ChronicAbsence, SectionAttendance } from './AttendanceSummary.ts'
import { CalendarDay } from './CalendarDay.ts'
import { Mutation } from './Mutation.ts'
import { Query } from './Query.ts'
import { Student } from './Student.ts'

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Student,
  AbsenceNotice,
  CalendarDay,
  AttendanceSummary,
  ChronicAbsence,
  AttendanceCategoryTotal,
  AttendanceEvent,
  SectionAttendance,
}
