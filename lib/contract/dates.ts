/** Dates as the district counts them: whole days, ISO-formatted, in UTC. */

/** Today's date (UTC) as an ISO date: whole-day policies and calendars need no finer clock. */
export const isoToday = (now: Date = new Date()) => now.toISOString().slice(0, 10)

/** Whole years between a birth date and a day, both ISO dates. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number]
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}

/** The ISO date `days` days after `day` (before it, when negative). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/** Whole days from `from` to `to`, both ISO dates: 0 for the same day, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}
