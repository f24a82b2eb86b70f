/**
 * How attendance serves its database enums: for each, a checked map from the stored value (the
 * standards' spelling) to the GraphQL enum value (see subgraphs/kit/enums.ts). Enums a client
 * sends (a notice's reason, a decision) are mapped back through `fromGraphQL`.
 */
import type * as t from './db/schema.ts'
import { enumMap } from '../kit/index.ts'
import type { AbsenceNoticeReason, AbsenceNoticeStatus, AttendanceEventCategory, CalendarEvent } from './generated/resolvers.ts'

export const ATTENDANCE_EVENT_CATEGORY = enumMap<typeof t.attendanceEventCategory, AttendanceEventCategory>()({
  'In Attendance': 'IN_ATTENDANCE',
  'Excused Absence': 'EXCUSED_ABSENCE',
  'Unexcused Absence': 'UNEXCUSED_ABSENCE',
  Tardy: 'TARDY',
  'Early departure': 'EARLY_DEPARTURE',
  Partial: 'PARTIAL',
})

export const CALENDAR_EVENT = enumMap<typeof t.calendarEvent, CalendarEvent>()({
  'Instructional day': 'INSTRUCTIONAL_DAY',
  'Make-up day': 'MAKE_UP_DAY',
  Holiday: 'HOLIDAY',
  'Teacher only day': 'TEACHER_ONLY_DAY',
  'Non-instructional day': 'NON_INSTRUCTIONAL_DAY',
  'Weather day': 'WEATHER_DAY',
  'Student late arrival/early dismissal': 'EARLY_RELEASE',
  Other: 'OTHER',
})

export const ABSENCE_NOTICE_REASON = enumMap<typeof t.absenceNoticeReason, AbsenceNoticeReason>()({
  Illness: 'ILLNESS',
  'Medical appointment': 'MEDICAL_APPOINTMENT',
  'Family emergency': 'FAMILY_EMERGENCY',
  'Religious observance': 'RELIGIOUS_OBSERVANCE',
  Bereavement: 'BEREAVEMENT',
  'Court appearance': 'COURT_APPEARANCE',
  Other: 'OTHER',
})

export const ABSENCE_NOTICE_STATUS = enumMap<typeof t.absenceNoticeStatus, AbsenceNoticeStatus>()({
  Pending: 'PENDING',
  Excused: 'EXCUSED',
  Unexcused: 'UNEXCUSED',
})

/** The stored value a GraphQL enum value stands for (the map is one to one). */
export function fromGraphQL<Stored extends string, Gql extends string>(map: Readonly<Record<Stored, Gql>>, value: Gql): Stored {
  const entry = (Object.entries(map) as Array<[Stored, Gql]>).find(([, gql]) => gql === value)
  if (!entry) throw new Error(`No stored value maps to ${value}.`)
  return entry[0]
}
