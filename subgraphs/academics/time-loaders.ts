/**
 * academics' loaders for a student's time: the day's classes, the work coming up, the report
 * card by grading period, and who teaches a section. Each answers a whole batch of keys with one
 * SQL statement; a batch whose keys ask for different days reads the span of them all and each
 * key takes its own part.
 */
import DataLoader from 'dataloader'
import { and, asc, eq, gte, isNull, lte, notExists, or, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { unstampedColumns } from '../../db/schema/common.ts'
import * as t from './db/schema.ts'
import { groupBy, preparedOnce, uuidIn, uuidInPlaceholder, type ListLimit } from '../kit/index.ts'
import { scoredItemsOf } from './meaning.ts'
import type { GradebookEntryMapper, GradingPeriodGradesMapper, ScheduledClassMapper, SectionTeacherMapper } from './mappers.ts'

/** `upcomingAssignments(days:)`: two weeks unless asked, at most 62 days (about two months). */
export const UPCOMING_DAYS: ListLimit = { default: 14, max: 62 }
/** `upcomingAssignments(limit:)`: 10 unless asked, at most 100. */
export const UPCOMING_LIMIT: ListLimit = { default: 10, max: 100 }

/** One student's classes on one day. */
export interface ScheduleKey {
  studentId: string
  date: string
}

/** One student's work due from `from` to `to` (both included), at most `limit` entries. */
export interface UpcomingKey {
  studentId: string
  from: string
  to: string
  limit: number
}

const earliest = (days: readonly string[]) => days.reduce((a, b) => (a < b ? a : b))
const latest = (days: readonly string[]) => days.reduce((a, b) => (a > b ? a : b))

/** `groupBy` as a map, for keys that repeat a student (several days, several limits). */
export function byStudent<Row>(studentIds: readonly string[], rows: readonly Row[], key: (row: Row) => string): Map<string, Row[]> {
  const groups = groupBy(studentIds, rows, key)
  return new Map(studentIds.map((id, i) => [id, groups[i] ?? []]))
}

export function createTimeLoaders(db: Db) {
  return {
    /** The sections each student is enrolled in on the day, within the section's term, in period order. */
    schedule: new DataLoader<ScheduleKey, ScheduledClassMapper[], string>(
      async (keys) => {
        const studentIds = [...new Set(keys.map((k) => k.studentId))]
        const first = earliest(keys.map((k) => k.date))
        const last = latest(keys.map((k) => k.date))
        const e = t.studentSectionAssociations
        const s = t.sections
        const rows = await preparedOnce(db, 'academics.schedule', () =>
          db
            .select({
              studentId: e.studentId,
              beginDate: e.beginDate,
              endDate: e.endDate,
              termBegins: t.terms.beginDate,
              termEnds: t.terms.endDate,
              section: s,
              courseCode: t.courses.courseCode,
              courseTitle: t.courses.title,
              subject: t.courses.subject,
            })
            .from(e)
            .innerJoin(s, eq(s.id, e.sectionId))
            .innerJoin(t.courses, eq(t.courses.id, s.courseId))
            .innerJoin(t.terms, eq(t.terms.id, s.termId))
            .where(
              and(
                uuidInPlaceholder(e.studentId),
                lte(e.beginDate, sql.placeholder('last')),
                or(isNull(e.endDate), gte(e.endDate, sql.placeholder('first'))),
                lte(t.terms.beginDate, sql.placeholder('last')),
                gte(t.terms.endDate, sql.placeholder('first')),
              ),
            )
            .orderBy(asc(s.period), asc(s.sectionIdentifier))
            .prepare('academics_schedule'),
        ).execute({ ids: studentIds, first, last })
        const enrolments = byStudent(studentIds, rows, (r) => r.studentId)
        return keys.map(({ studentId, date }) =>
          (enrolments.get(studentId) ?? [])
            .filter((r) => r.beginDate <= date && (r.endDate === null || r.endDate >= date) && r.termBegins <= date && r.termEnds >= date)
            .map((r) => ({ studentId, date, section: { ...r.section, courseCode: r.courseCode, courseTitle: r.courseTitle, subject: r.subject } })),
        )
      },
      { cacheKeyFn: (k) => `${k.studentId}:${k.date}` },
    ),

    /**
     * Gradebook entries of each student's sections (enrolled on the due date) due in the span,
     * with no result for the student yet, the earliest due first, each with its section.
     */
    upcoming: new DataLoader<UpcomingKey, GradebookEntryMapper[], string>(
      async (keys) => {
        const studentIds = [...new Set(keys.map((k) => k.studentId))]
        const e = t.studentSectionAssociations
        const ge = t.gradebookEntries
        const r = t.studentGradebookEntries
        const rows = await preparedOnce(db, 'academics.upcoming', () =>
          db
            .select({ studentId: e.studentId, entry: unstampedColumns(ge), section: t.sections, courseCode: t.courses.courseCode, courseTitle: t.courses.title, subject: t.courses.subject })
            .from(e)
            .innerJoin(ge, and(eq(ge.sectionId, e.sectionId), gte(ge.dueDate, e.beginDate), or(isNull(e.endDate), lte(ge.dueDate, e.endDate))))
            .innerJoin(t.sections, eq(t.sections.id, ge.sectionId))
            .innerJoin(t.courses, eq(t.courses.id, t.sections.courseId))
            .where(
              and(
                uuidInPlaceholder(e.studentId),
                gte(ge.dueDate, sql.placeholder('from')),
                lte(ge.dueDate, sql.placeholder('to')),
                notExists(
                  db
                    .select({ one: sql`1` })
                    .from(r)
                    .where(and(eq(r.gradebookEntryId, ge.id), eq(r.studentId, e.studentId))),
                ),
              ),
            )
            .orderBy(asc(ge.dueDate), asc(ge.title), asc(ge.id))
            .prepare('academics_upcoming'),
        ).execute({ ids: studentIds, from: earliest(keys.map((k) => k.from)), to: latest(keys.map((k) => k.to)) })
        const entries = byStudent(studentIds, rows, (row) => row.studentId)
        return keys.map(({ studentId, from, to, limit }) =>
          (entries.get(studentId) ?? [])
            .filter((row) => row.entry.dueDate >= from && row.entry.dueDate <= to)
            .slice(0, limit)
            .map(({ entry, section, courseCode, courseTitle, subject }) => ({ ...entry, section: { ...section, courseCode, courseTitle, subject } })),
        )
      },
      { cacheKeyFn: (k) => `${k.studentId}:${k.from}:${k.to}:${k.limit}` },
    ),

    /**
     * Each student's report card: the grading periods of every term they have been enrolled
     * in, each with the student's section grades for it, in the sections' period order.
     */
    gradeHistory: new DataLoader<string, GradingPeriodGradesMapper[]>(async (studentIds) => {
      const e = t.studentSectionAssociations
      const gp = t.gradingPeriods
      const g = t.sectionGrades
      const s = t.sections
      const terms = db.$with('student_terms').as(
        db
          .selectDistinct({ studentId: e.studentId, termId: s.termId })
          .from(e)
          .innerJoin(s, eq(s.id, e.sectionId))
          .where(uuidIn(e.studentId, studentIds)),
      )
      const rows = await db
        .with(terms)
        .select({ studentId: terms.studentId, gradingPeriod: gp, grade: g, gradingPeriodName: gp.name, scoredItems: scoredItemsOf(g) })
        .from(terms)
        .innerJoin(gp, eq(gp.termId, terms.termId))
        .leftJoin(g, and(eq(g.studentId, terms.studentId), eq(g.gradingPeriodId, gp.id)))
        .leftJoin(s, eq(s.id, g.sectionId))
        .orderBy(asc(gp.beginDate), asc(gp.id), asc(s.period), asc(s.sectionIdentifier), asc(g.gradeType), asc(g.asOfDate))
      return groupBy(studentIds, rows, (r) => r.studentId).map((studentRows) => {
        const periods = new Map<string, GradingPeriodGradesMapper>()
        for (const row of studentRows) {
          const period = periods.get(row.gradingPeriod.id) ?? { studentId: row.studentId, gradingPeriod: row.gradingPeriod, grades: [] }
          if (row.grade) period.grades.push({ ...row.grade, gradingPeriodName: row.gradingPeriodName, scoredItems: row.scoredItems })
          periods.set(row.gradingPeriod.id, period)
        }
        return [...periods.values()]
      })
    }),

    /** Everyone who teaches each section: the teacher of record first, then by name. */
    sectionTeachers: new DataLoader<string, SectionTeacherMapper[]>(async (sectionIds) => {
      const a = t.staffSectionAssociations
      const rows = await preparedOnce(db, 'academics.sectionTeachers', () =>
        db
          .select({ sectionId: a.sectionId, classroomPosition: a.classroomPosition, staff: t.staff })
          .from(a)
          .innerJoin(t.staff, eq(t.staff.id, a.staffId))
          .where(uuidInPlaceholder(a.sectionId))
          .orderBy(asc(a.classroomPosition), asc(t.staff.lastSurname), asc(t.staff.firstName), asc(t.staff.id))
          .prepare('academics_section_teachers'),
      ).execute({ ids: [...sectionIds] })
      return groupBy(sectionIds, rows, (r) => r.sectionId).map((list) => list.map(({ staff, classroomPosition }) => ({ staff, classroomPosition })))
    }),
  }
}
