import { schoolDayEvents } from '../db/schema.ts'
import { label } from '../catalogue.ts'
import { CALENDAR_EVENT } from '../enums.ts'
import type { CalendarDayResolvers } from '../generated/resolvers.ts'
import type { CalendarDayMapper } from '../mappers.ts'

const SCHOOL_DAYS: ReadonlySet<string> = new Set(schoolDayEvents)

export const CalendarDay: CalendarDayResolvers = {
  event: (d) => CALENDAR_EVENT[d.calendarEvent],
  eventLabel: label('CalendarEvent', (d: CalendarDayMapper) => CALENDAR_EVENT[d.calendarEvent]),
  schoolDay: (d) => SCHOOL_DAYS.has(d.calendarEvent),
}
