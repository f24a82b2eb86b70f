import { schoolDayEvents } from '../../../db/schema/attendance.ts'
import { CALENDAR_EVENT } from '../enums.ts'
import type { CalendarDayResolvers } from '../generated/resolvers.ts'

const SCHOOL_DAYS: ReadonlySet<string> = new Set(schoolDayEvents)

export const CalendarDay: CalendarDayResolvers = {
  event: (d) => CALENDAR_EVENT[d.calendarEvent],
  schoolDay: (d) => SCHOOL_DAYS.has(d.calendarEvent),
}
