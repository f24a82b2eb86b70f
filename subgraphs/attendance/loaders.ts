/**
 * attendance's per-request DataLoaders: each answers a whole batch of students with one SQL
 * statement.
 *
 * Which days count. A rate is "days present / instructional days enrolled so far", and a day
 * with nothing recorded counts as present, so a day may be counted only once the school has
 * taken its attendance: otherwise today (or a day the seed's data never reached) would count
 * as a day present. "So far" is therefore the calendar's instructional days on or before
 * today (the real date: the last instructional day on or before it, clipped to the term, since
 * the calendar holds only the term's days) that are also marked `attendance_taken`. For the
 * seeded district, whose data runs to AS_OF, that is min(today, last seeded day).
 */
import DataLoader from 'dataloader'
import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql, type SQLWrapper } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { groupBy, isoToday, preparedOnce, uuidInPlaceholder, type Caller, type DayRangeLimit, type ListLimit } from '../kit/index.ts'
import type {
  AbsenceNoticeMapper,
  AttendanceEventMapper,
  AttendanceSummaryMapper,
  CalendarDayMapper,
  Category,
  CategoryCounts,
  SectionAttendanceMapper,
} from './mappers.ts'

export const CATEGORIES: readonly Category[] = t.attendanceEventCategory.enumValues

/** Calendar events on which students are expected in school. */
const SCHOOL_DAYS = [...t.schoolDayEvents]

/** Today's date in the district's calendar (UTC is close enough for a whole-day count). */
export const systemToday = isoToday

/** `recentEvents(limit:)`: 10 unless asked, at most 100 for one student. */
export const RECENT_EVENTS: ListLimit = { default: 10, max: 100 }

/** `Student.absenceNotices(limit:)`: 20 unless asked, at most 100 for one student. */
export const ABSENCE_NOTICES: ListLimit = { default: 20, max: 100 }

/** One selected column per category, keyed by the category: `column(category)` builds each. */
function perCategory<T>(column: (category: Category) => T): Record<Category, T> {
  return Object.fromEntries(CATEGORIES.map((c) => [c, column(c)])) as Record<Category, T>
}

/** `count(*) filter (where category = …)` for each category, aliased for use in a CTE. */
function countsOf(category: SQLWrapper) {
  return perCategory((c) => sql<number>`(count(*) filter (where ${category} = ${c}))::int`.as(`n_${c.toLowerCase().replace(/ /g, '_')}`))
}

/** The counts out of a row that also holds other columns. */
function counts(row: CategoryCounts): CategoryCounts {
  return perCategory((c) => row[c])
}

/**
 * The school days counted for students, by (student, school, date): see the module's comment.
 * A student enrolled before any day is counted keeps one row with no date. Its statement's
 * placeholders: `ids`, the students, and `today`.
 */
function countedDays(db: Db) {
  const a = t.studentSchoolAssociations
  const c = t.calendarDates
  return db.$with('counted_days').as(
    db
      .select({ studentId: a.studentId, schoolId: a.schoolId, date: c.date })
      .from(a)
      .leftJoin(
        c,
        and(
          eq(c.schoolId, a.schoolId),
          gte(c.date, a.entryDate),
          or(isNull(a.exitWithdrawDate), lte(c.date, a.exitWithdrawDate)),
          inArray(c.calendarEvent, SCHOOL_DAYS),
          eq(c.attendanceTaken, true),
          lte(c.date, sql.placeholder('today')),
        ),
      )
      .where(uuidInPlaceholder(a.studentId)),
  )
}

/** `Student.calendar(from:, to:)`: 14 days unless asked, at most 62 (two months, whichever they are). */
export const CALENDAR_DAYS: DayRangeLimit = { default: 14, max: 62 }

/** One student's calendar from `from` to `to`, both included. */
export interface CalendarKey {
  studentId: string
  from: string
  to: string
}

/** One student's list (recent events, absence notices), at most `limit` long. */
/** What every attendance event answers with, daily or per class (after its ids, date, section and period). */
export function eventDetail(e: typeof t.studentSchoolAttendanceEvents | typeof t.studentSectionAttendanceEvents) {
  return {
    category: e.attendanceEventCategory,
    reason: e.attendanceEventReason,
    durationMinutes: e.durationMinutes,
    arrivalTime: e.arrivalTime,
    departureTime: e.departureTime,
  }
}

export interface StudentListKey {
  studentId: string
  limit: number
}

export function createLoaders(db: Db, _caller: Caller, today: () => string = systemToday) {
  return {
    /** Each student's days enrolled, days absent and daily events by category, on counted days. */
    summary: new DataLoader<string, AttendanceSummaryMapper | null>(async (studentIds) => {
      const rows = await preparedOnce(db, 'attendance.summary', () => {
        const days = countedDays(db)
        const e = t.studentSchoolAttendanceEvents
        // One row per counted day first, so a day with two events (a tardy, then an early
        // departure) is still one day, absent by its worst event.
        const perDay = db.$with('per_day').as(
          db
            .with(days)
            .select({
              studentId: days.studentId,
              date: days.date,
              halfDaysAbsent: sql<number>`coalesce(max(case
                when ${e.attendanceEventCategory} in ('Excused Absence', 'Unexcused Absence') then 2
                when ${e.attendanceEventCategory} = 'Partial' then 1 else 0 end), 0)`.as('half_days_absent'),
              ...countsOf(e.attendanceEventCategory),
            })
            .from(days)
            .leftJoin(e, and(eq(e.studentId, days.studentId), eq(e.schoolId, days.schoolId), eq(e.eventDate, days.date)))
            .groupBy(days.studentId, days.date),
        )
        const sums = perCategory((c) => sql<number>`sum(${perDay[c]})::int`)
        return db
          .with(perDay)
          .select({
            studentId: perDay.studentId,
            asOfDate: sql<string | null>`max(${perDay.date})::text`,
            daysEnrolled: sql<number>`count(${perDay.date})::int`,
            halfDaysAbsent: sql<number>`sum(${perDay.halfDaysAbsent})::int`,
            ...sums,
          })
          .from(perDay)
          .groupBy(perDay.studentId)
          .prepare('attendance_summary')
      }).execute({ ids: [...studentIds], today: today() })
      const byStudent = new Map(rows.map((r) => [r.studentId, r]))
      return studentIds.map((studentId) => {
        const row = byStudent.get(studentId)
        return row
          ? { studentId, asOfDate: row.asOfDate, daysEnrolled: row.daysEnrolled, halfDaysAbsent: row.halfDaysAbsent, totals: counts(row) }
          : null
      })
    }),

    /**
     * Each student's latest events, daily and per class: the newest `limit` of each kind are
     * ranked in SQL, then merged here (the newest `limit` overall are among them).
     */
    recentEvents: new DataLoader<StudentListKey, AttendanceEventMapper[], string>(
      async (keys) => {
        const studentIds = [...new Set(keys.map((k) => k.studentId))]
        const limit = Math.max(0, ...keys.map((k) => k.limit))
        const rows = await preparedOnce(db, 'attendance.recentEvents', () => {
          const d = t.studentSchoolAttendanceEvents
          const s = t.studentSectionAttendanceEvents
          const daily = db
            .select({
              id: d.id,
              studentId: d.studentId,
              eventDate: d.eventDate,
              sectionId: sql<string | null>`null::uuid`.as('section_id'),
              period: sql<number | null>`null::int`.as('period'),
              ...eventDetail(d),
              rank: sql<number>`row_number() over (partition by ${d.studentId} order by ${d.eventDate} desc, ${d.id})`.as('rank'),
            })
            .from(d)
            .where(and(uuidInPlaceholder(d.studentId), lte(d.eventDate, sql.placeholder('today'))))
            .as('daily')
          const classes = db
            .select({
              id: s.id,
              studentId: s.studentId,
              eventDate: s.eventDate,
              sectionId: s.sectionId,
              period: s.period,
              ...eventDetail(s),
              rank: sql<number>`row_number() over (partition by ${s.studentId} order by ${s.eventDate} desc, ${s.period} nulls first, ${s.id})`.as('rank'),
            })
            .from(s)
            .where(and(uuidInPlaceholder(s.studentId), lte(s.eventDate, sql.placeholder('today'))))
            .as('classes')
          return db
            .select()
            .from(daily)
            .where(lte(daily.rank, sql.placeholder('limit')))
            .unionAll(db.select().from(classes).where(lte(classes.rank, sql.placeholder('limit'))))
            .prepare('attendance_recent_events')
        }).execute({ ids: studentIds, today: today(), limit })
        // Newest day first; the daily event, then the classes in period order.
        rows.sort(
          (a, b) =>
            b.eventDate.localeCompare(a.eventDate) ||
            (a.period ?? 0) - (b.period ?? 0) ||
            (a.sectionId === null ? 0 : 1) - (b.sectionId === null ? 0 : 1) ||
            a.id.localeCompare(b.id),
        )
        const events = groupBy(studentIds, rows.map(({ rank: _rank, ...event }) => event), (r) => r.studentId)
        const byStudent = new Map(studentIds.map((id, i) => [id, events[i] ?? []]))
        return keys.map((k) => (byStudent.get(k.studentId) ?? []).slice(0, k.limit))
      },
      { cacheKeyFn: (k) => `${k.studentId}:${k.limit}` },
    ),

    /** Each student's absence notices, the latest day first: the newest `limit` of each, ranked in SQL. */
    absenceNotices: new DataLoader<StudentListKey, AbsenceNoticeMapper[], string>(
      async (keys) => {
        const studentIds = [...new Set(keys.map((k) => k.studentId))]
        const limit = Math.max(0, ...keys.map((k) => k.limit))
        const n = t.absenceNotices
        const rows = await preparedOnce(db, 'attendance.absenceNotices', () => {
          const ranked = db
            .select({ id: n.id, rank: sql<number>`row_number() over (partition by ${n.studentId} order by ${n.date} desc)`.as('rank') })
            .from(n)
            .where(uuidInPlaceholder(n.studentId))
            .as('ranked')
          return db
            .select({ notice: n })
            .from(n)
            .innerJoin(ranked, eq(ranked.id, n.id))
            .where(lte(ranked.rank, sql.placeholder('limit')))
            .orderBy(desc(n.date))
            .prepare('attendance_absence_notices')
        }).execute({ ids: studentIds, limit })
        const notices = groupBy(studentIds, rows.map((r) => r.notice), (r) => r.studentId)
        const byStudent = new Map(studentIds.map((id, i) => [id, notices[i] ?? []]))
        return keys.map((k) => (byStudent.get(k.studentId) ?? []).slice(0, k.limit))
      },
      { cacheKeyFn: (k) => `${k.studentId}:${k.limit}` },
    ),

    /**
     * Each student's calendar days: the days of the calendar of the school the student is
     * enrolled in on each, and before their first enrolment, of the school they entered first
     * (the staff days before the term). The batch reads the span of all its keys at once.
     */
    calendar: new DataLoader<CalendarKey, CalendarDayMapper[], string>(
      async (keys) => {
        const studentIds = [...new Set(keys.map((k) => k.studentId))]
        const from = keys.map((k) => k.from).reduce((a, b) => (a < b ? a : b))
        const to = keys.map((k) => k.to).reduce((a, b) => (a > b ? a : b))
        const rows = await preparedOnce(db, 'attendance.calendar', () => {
          const a = t.studentSchoolAssociations
          const c = t.calendarDates
          const spans = db.$with('spans').as(
            db
              .select({
                studentId: a.studentId,
                schoolId: a.schoolId,
                entryDate: a.entryDate,
                exitWithdrawDate: a.exitWithdrawDate,
                first: sql<boolean>`row_number() over (partition by ${a.studentId} order by ${a.entryDate}) = 1`.as('first'),
              })
              .from(a)
              .where(uuidInPlaceholder(a.studentId)),
          )
          return db
            .with(spans)
            .select({ studentId: spans.studentId, date: c.date, calendarEvent: c.calendarEvent })
            .from(spans)
            .innerJoin(
              c,
              and(
                eq(c.schoolId, spans.schoolId),
                gte(c.date, sql.placeholder('from')),
                lte(c.date, sql.placeholder('to')),
                or(spans.first, gte(c.date, spans.entryDate)),
                or(isNull(spans.exitWithdrawDate), lte(c.date, spans.exitWithdrawDate)),
              ),
            )
            .orderBy(asc(c.date), asc(c.schoolId))
            .prepare('attendance_calendar')
        }).execute({ ids: studentIds, from, to })
        const days = groupBy(studentIds, rows, (r) => r.studentId)
        const byStudent = new Map(studentIds.map((id, i) => [id, days[i] ?? []]))
        return keys.map((k) => (byStudent.get(k.studentId) ?? []).filter((d) => d.date >= k.from && d.date <= k.to))
      },
      { cacheKeyFn: (k) => `${k.studentId}:${k.from}:${k.to}` },
    ),

    /** Each student's class events by section, on counted days, every period-taken class listed. */
    bySection: new DataLoader<string, SectionAttendanceMapper[]>(async (studentIds) => {
      const rows = await preparedOnce(db, 'attendance.bySection', () => {
        const r = t.studentSectionAssociations
        const e = t.studentSectionAttendanceEvents
        const c = t.calendarDates
        return db
          .select({
            studentId: r.studentId,
            sectionId: r.sectionId,
            period: r.period,
            // Counting calendar rows counts only the events on counted days.
            ...perCategory((category) => sql<number>`(count(${c.id}) filter (where ${e.attendanceEventCategory} = ${category}))::int`),
          })
          .from(r)
          .leftJoin(
            e,
            and(
              eq(e.studentId, r.studentId),
              eq(e.sectionId, r.sectionId),
              gte(e.eventDate, r.beginDate),
              or(isNull(r.endDate), lte(e.eventDate, r.endDate)),
            ),
          )
          // An event counts only on a counted day of the section's school (see the module's comment).
          .leftJoin(
            c,
            and(eq(c.schoolId, r.schoolId), eq(c.date, e.eventDate), inArray(c.calendarEvent, SCHOOL_DAYS), eq(c.attendanceTaken, true), lte(c.date, sql.placeholder('today'))),
          )
          .where(and(uuidInPlaceholder(r.studentId), sql`${r.period} is not null`))
          .groupBy(r.studentId, r.sectionId, r.period)
          .orderBy(asc(r.period), asc(r.sectionId))
          .prepare('attendance_by_section')
      }).execute({ ids: [...studentIds], today: today() })
      return groupBy(
        studentIds,
        rows.map((row) => ({ studentId: row.studentId, sectionId: row.sectionId, period: row.period, totals: counts(row) })),
        (row) => row.studentId,
      )
    }),
  }
}

export type AttendanceLoaders = ReturnType<typeof createLoaders>
