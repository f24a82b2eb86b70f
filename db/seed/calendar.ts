/**
 * The demo district's school calendar around a given "today": the semester that holds it (or, in
 * a break or the summer, the nearest one), with the holidays a US district keeps, its two grading
 * periods, early-release and teacher-only days, and how far its data runs.
 *
 * The seed's stories (fee due dates, the named children's weeks) are written once, for the fall
 * of 2026 with its data running to 2026-11-20 (`STORY_TERM_BEGIN`, `STORY_TODAY`); `shift` moves
 * such a date to the same school week and weekday of the term seeded, and `schoolDayOnOrAfter`
 * keeps a moved due date off a holiday.
 */
import { addDays } from './random.ts'

/** The term the seed's fixed dates were written for begins on this Monday… */
export const STORY_TERM_BEGIN = '2026-08-17'
/** …and its data ran to this day. Tests pin the seed's "today" to it. */
export const STORY_TODAY = '2026-11-20'

export type SemesterName = 'Fall Semester' | 'Spring Semester'

export interface SchoolCalendar {
  /** The day asked for (`--today`). */
  requested: string
  /** The last day the seeded data reaches: `requested`, or the nearest school week's last day in a break. */
  asOf: string
  /** Ed-Fi's school year: the calendar year in which the school year ends (2027 for 2026–27). */
  schoolYear: number
  term: { name: SemesterName; beginDate: string; endDate: string }
  gradingPeriods: Array<{ name: string; beginDate: string; endDate: string }>
  /** Weekdays without school inside the term, with their names. */
  holidays: Map<string, string>
  /** Instructional days that end early: the last day of the first grading period, the day before the long break, the last day. */
  earlyReleaseDays: Set<string>
  /** The Thursday and Friday before the school year's first day (none before the spring semester). */
  teacherOnlyDays: string[]
  /** Every school day of the term. */
  instructionalDays: string[]
  /** The school days up to and including `asOf`. */
  daysSoFar: string[]
  /**
   * A date of the seed's stories (written for the fall of 2026) on the same weekday of the same
   * school week of this term; a story date before that fall (last school year's) moves by whole
   * school years only, so it stays in the year before this one.
   */
  shift(storyDate: string): string
  /** The inverse of `shift` for a date of this term: where it falls in the stories' fall of 2026. */
  toStory(date: string): string
  /** `date` if it is a school day of the term, else the next one (the term's last day at the latest). */
  schoolDayOnOrAfter(date: string): string
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** Month names written out, so every machine seeds the same text. */
export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay()
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)

/** The first `day` (0 Sunday … 6 Saturday) on or after `date`. */
function onOrAfter(date: string, day: number): string {
  return addDays(date, (day - weekday(date) + 7) % 7)
}
/** The last `day` on or before `date`. */
function onOrBefore(date: string, day: number): string {
  return addDays(date, -((weekday(date) - day + 7) % 7))
}
/** The `n`th `day` (0 Sunday … 6 Saturday) of a month (n = 1 the first); `n` = -1 the last. */
export function nthWeekday(year: number, month: number, day: number, n: number): string {
  const mm = String(month).padStart(2, '0')
  if (n > 0) return addDays(onOrAfter(`${year}-${mm}-01`, day), 7 * (n - 1))
  const last = addDays(`${month === 12 ? year + 1 : year}-${String((month % 12) + 1).padStart(2, '0')}-01`, -1)
  return onOrBefore(last, day)
}

const MONDAY = 1
const THURSDAY = 4
const FRIDAY = 5

interface Semester {
  name: SemesterName
  schoolYear: number
  beginDate: string
  endDate: string
  holidays: Map<string, string>
  /** The first day of the long break inside the term (Thanksgiving, spring break). */
  longBreakBegins: string
}

function fallOf(year: number): Semester {
  const holidays = new Map<string, string>([
    [nthWeekday(year, 9, MONDAY, 1), 'Labor Day'],
    [nthWeekday(year, 10, MONDAY, 2), "Indigenous Peoples' Day"],
  ])
  const veterans = `${year}-11-11`
  if (weekday(veterans) !== 0 && weekday(veterans) !== 6) holidays.set(veterans, 'Veterans Day')
  const thanksgiving = nthWeekday(year, 11, THURSDAY, 4)
  for (const offset of [-1, 0, 1]) holidays.set(addDays(thanksgiving, offset), 'Thanksgiving break')
  return {
    name: 'Fall Semester',
    schoolYear: year + 1,
    beginDate: onOrAfter(`${year}-08-14`, MONDAY),
    endDate: onOrBefore(`${year}-12-20`, FRIDAY),
    holidays,
    longBreakBegins: addDays(thanksgiving, -1),
  }
}

function springOf(year: number): Semester {
  const springBreak = onOrAfter(`${year}-03-22`, MONDAY)
  const holidays = new Map<string, string>([
    [nthWeekday(year, 1, MONDAY, 3), 'Martin Luther King Jr. Day'],
    [nthWeekday(year, 2, MONDAY, 3), "Presidents' Day"],
    [nthWeekday(year, 5, MONDAY, -1), 'Memorial Day'],
  ])
  for (let k = 0; k < 5; k++) holidays.set(addDays(springBreak, k), 'Spring break')
  return {
    name: 'Spring Semester',
    schoolYear: year,
    beginDate: onOrAfter(`${year}-01-04`, MONDAY),
    endDate: onOrBefore(`${year}-06-10`, FRIDAY),
    holidays,
    longBreakBegins: springBreak,
  }
}

/** The semester holding `date`, else the nearer of the one before and the one after, and the day its data runs to. */
function semesterFor(date: string): { semester: Semester; asOf: string } {
  const year = Number(date.slice(0, 4))
  // In calendar order around `date`: last fall, this spring, this fall, next spring.
  const semesters = [fallOf(year - 1), springOf(year), fallOf(year), springOf(year + 1)]
  const holding = semesters.find((s) => s.beginDate <= date && date <= s.endDate)
  if (holding) return { semester: holding, asOf: date }
  const before = semesters.filter((s) => s.endDate < date).at(-1)
  const after = semesters.find((s) => s.beginDate > date)
  if (!before || !after) throw new Error(`No semester near ${date}.`)
  // A break or the summer: the nearest school week — the last one before, or the first one after.
  return daysBetween(before.endDate, date) <= daysBetween(date, after.beginDate)
    ? { semester: before, asOf: before.endDate }
    : { semester: after, asOf: onOrAfter(after.beginDate, FRIDAY) }
}

export function schoolCalendar(today: string): SchoolCalendar {
  if (!ISO_DATE.test(today) || Number.isNaN(Date.parse(`${today}T00:00:00Z`)) || new Date(`${today}T00:00:00Z`).toISOString().slice(0, 10) !== today) {
    throw new Error(`"today" must be a date as YYYY-MM-DD, not "${today}".`)
  }
  const { semester, asOf } = semesterFor(today)
  const instructionalDays: string[] = []
  for (let day = semester.beginDate; day <= semester.endDate; day = addDays(day, 1)) {
    const w = weekday(day)
    if (w !== 0 && w !== 6 && !semester.holidays.has(day)) instructionalDays.push(day)
  }
  // The first grading period ends on the Friday on or before the term's middle.
  const firstEnds = onOrBefore(addDays(semester.beginDate, Math.floor(daysBetween(semester.beginDate, semester.endDate) / 2)), FRIDAY)
  const [first, second] = semester.name === 'Fall Semester' ? ['First Quarter', 'Second Quarter'] : ['Third Quarter', 'Fourth Quarter']
  const gradingPeriods = [
    { name: first, beginDate: semester.beginDate, endDate: firstEnds },
    { name: second, beginDate: addDays(firstEnds, 3), endDate: semester.endDate },
  ]
  const beforeBreak = instructionalDays.filter((day) => day < semester.longBreakBegins).at(-1)
  const earlyReleaseDays = new Set([firstEnds, ...(beforeBreak ? [beforeBreak] : []), semester.endDate])
  const shiftDays = 7 * Math.round(daysBetween(STORY_TERM_BEGIN, semester.beginDate) / 7)
  // The school year's own fall: this fall, or the one before this spring.
  const yearBegins = fallOf(semester.schoolYear - 1).beginDate
  const yearShiftDays = 7 * Math.round(daysBetween(STORY_TERM_BEGIN, yearBegins) / 7)
  const schoolDayOnOrAfter = (date: string) => instructionalDays.find((day) => day >= date) ?? semester.endDate
  return {
    requested: today,
    asOf,
    schoolYear: semester.schoolYear,
    term: { name: semester.name, beginDate: semester.beginDate, endDate: semester.endDate },
    gradingPeriods,
    holidays: semester.holidays,
    earlyReleaseDays,
    // Teachers come back two days before the school year; the spring semester follows the winter break.
    teacherOnlyDays: semester.name === 'Fall Semester' ? [addDays(semester.beginDate, -4), addDays(semester.beginDate, -3)] : [],
    instructionalDays,
    daysSoFar: instructionalDays.filter((day) => day <= asOf),
    shift: (storyDate) => addDays(storyDate, storyDate >= STORY_TERM_BEGIN ? shiftDays : yearShiftDays),
    toStory: (date) => addDays(date, -shiftDays),
    schoolDayOnOrAfter,
  }
}

/** Today in the district's time zone (the seed's default "today"). */
export function districtToday(timeZone = 'America/Chicago', now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}
