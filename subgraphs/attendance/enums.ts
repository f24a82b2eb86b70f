/**
 * How attendance serves its database enums: for each, a checked map from the stored value (the
 * standards' spelling) to the GraphQL enum value (see subgraphs/kit/enums.ts).
 */
import type * as t from '../../db/schema/attendance.ts'
import { enumMap } from '../kit/index.ts'
import type { AttendanceEventCategory } from './generated/resolvers.ts'

export const ATTENDANCE_EVENT_CATEGORY = enumMap<typeof t.attendanceEventCategory, AttendanceEventCategory>()({
  'In Attendance': 'IN_ATTENDANCE',
  'Excused Absence': 'EXCUSED_ABSENCE',
  'Unexcused Absence': 'UNEXCUSED_ABSENCE',
  Tardy: 'TARDY',
  'Early departure': 'EARLY_DEPARTURE',
  Partial: 'PARTIAL',
})
