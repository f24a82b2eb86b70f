/** Dates as the district counts them: whole days, ISO-formatted, in UTC. */

/** Today's date (UTC) as an ISO date: whole-day policies and calendars need no finer clock. */
export const isoToday = (now: Date = new Date()) => now.toISOString().slice(0, 10)

/** Whole years between a birth date and a day, both ISO dates. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number]
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}
