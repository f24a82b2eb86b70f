/**
 * A student's time as the tables hold it, for the tests of the calendar, the day's classes, the
 * work coming up and the report card: read straight from each subgraph's own rows, in the order
 * the graph promises (the database orders text, so both sides sort alike).
 */
import { and, asc, eq, gte, isNull, lte, notExists, or, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as academics from '../../subgraphs/academics/db/schema.ts'
import * as attendance from '../../subgraphs/attendance/db/schema.ts'
import { ASSESSMENT_PURPOSE, CLASSROOM_POSITION, GRADEBOOK_ENTRY_TYPE, GRADE_TYPE } from '../../subgraphs/academics/enums.ts'
import { CALENDAR_EVENT } from '../../subgraphs/attendance/enums.ts'

/** Days students attend, as a family reads the calendar: instructional, make-up, early release. */
const SCHOOL_DAYS: ReadonlyArray<string> = ['Instructional day', 'Make-up day', 'Student late arrival/early dismissal']

/** The days of the calendar of the student's (only) school from `from` to `to`, both included. */
export async function calendarOf(db: Db, studentId: string, from: string, to: string) {
  const a = attendance.studentSchoolAssociations
  const c = attendance.calendarDates
  const days = await db
    .select({ date: c.date, event: c.calendarEvent })
    .from(c)
    .innerJoin(a, eq(a.schoolId, c.schoolId))
    .where(and(eq(a.studentId, studentId), gte(c.date, from), lte(c.date, to)))
    .orderBy(asc(c.date))
  return days.map((d) => ({ date: d.date, event: CALENDAR_EVENT[d.event], schoolDay: SCHOOL_DAYS.includes(d.event) }))
}

/** The sections the student is enrolled in on `date`, in a term that holds it, in period order, with every teacher. */
export async function scheduleOf(db: Db, studentId: string, date: string) {
  const e = academics.studentSectionAssociations
  const s = academics.sections
  const classes = await db
    .select({ id: s.id, period: s.period, room: s.room, courseTitle: academics.courses.title })
    .from(e)
    .innerJoin(s, eq(s.id, e.sectionId))
    .innerJoin(academics.courses, eq(academics.courses.id, s.courseId))
    .innerJoin(academics.terms, eq(academics.terms.id, s.termId))
    .where(
      and(
        eq(e.studentId, studentId),
        lte(e.beginDate, date),
        or(isNull(e.endDate), gte(e.endDate, date)),
        lte(academics.terms.beginDate, date),
        gte(academics.terms.endDate, date),
      ),
    )
    .orderBy(asc(s.period), asc(s.sectionIdentifier))
  const a = academics.staffSectionAssociations
  return Promise.all(
    classes.map(async (c) => {
      const teachers = await db
        .select({ id: academics.staff.id, firstName: academics.staff.firstName, lastSurname: academics.staff.lastSurname, position: a.classroomPosition })
        .from(a)
        .innerJoin(academics.staff, eq(academics.staff.id, a.staffId))
        .where(eq(a.sectionId, c.id))
        .orderBy(asc(a.classroomPosition), asc(academics.staff.lastSurname), asc(academics.staff.firstName), asc(academics.staff.id))
      return {
        date,
        period: c.period,
        room: c.room,
        section: { id: c.id, courseTitle: c.courseTitle },
        teachers: teachers.map((x) => ({ staff: { id: x.id, displayName: `${x.firstName} ${x.lastSurname}` }, position: CLASSROOM_POSITION[x.position] })),
      }
    }),
  )
}

/** Gradebook entries of the student's sections due from `from` to `to` with no result for the student, the earliest due first. */
export async function upcomingOf(db: Db, studentId: string, from: string, to: string, limit: number) {
  const e = academics.studentSectionAssociations
  const g = academics.gradebookEntries
  const r = academics.studentGradebookEntries
  const entries = await db
    .select({ entry: g, courseTitle: academics.courses.title })
    .from(g)
    .innerJoin(e, and(eq(e.sectionId, g.sectionId), lte(e.beginDate, g.dueDate), or(isNull(e.endDate), gte(e.endDate, g.dueDate))))
    .innerJoin(academics.sections, eq(academics.sections.id, g.sectionId))
    .innerJoin(academics.courses, eq(academics.courses.id, academics.sections.courseId))
    .where(
      and(
        eq(e.studentId, studentId),
        gte(g.dueDate, from),
        lte(g.dueDate, to),
        notExists(db.select({ one: sql`1` }).from(r).where(and(eq(r.gradebookEntryId, g.id), eq(r.studentId, studentId)))),
      ),
    )
    .orderBy(asc(g.dueDate), asc(g.title), asc(g.id))
    .limit(limit)
  return entries.map(({ entry, courseTitle }) => ({
    id: entry.id,
    title: entry.title,
    type: GRADEBOOK_ENTRY_TYPE[entry.entryType],
    purpose: ASSESSMENT_PURPOSE[entry.purpose],
    category: entry.category,
    dueDate: entry.dueDate,
    section: { id: entry.sectionId, courseTitle },
  }))
}

/** Every grading period of the student's terms, the earliest first, each with the student's section grades for it. */
export async function gradeHistoryOf(db: Db, studentId: string) {
  const termIds = await db
    .selectDistinct({ id: academics.sections.termId })
    .from(academics.studentSectionAssociations)
    .innerJoin(academics.sections, eq(academics.sections.id, academics.studentSectionAssociations.sectionId))
    .where(eq(academics.studentSectionAssociations.studentId, studentId))
  const periods = (await db.select().from(academics.gradingPeriods).orderBy(asc(academics.gradingPeriods.beginDate), asc(academics.gradingPeriods.id))).filter((p) =>
    termIds.some((term) => term.id === p.termId),
  )
  const g = academics.sectionGrades
  const s = academics.sections
  const grades = await db
    .select({ grade: g })
    .from(g)
    .innerJoin(s, eq(s.id, g.sectionId))
    .where(eq(g.studentId, studentId))
    .orderBy(asc(s.period), asc(s.sectionIdentifier), asc(g.gradeType), asc(g.asOfDate))
  return periods.map((p) => ({
    gradingPeriod: { id: p.id, name: p.name, beginDate: p.beginDate, endDate: p.endDate },
    grades: grades
      .filter(({ grade }) => grade.gradingPeriodId === p.id)
      .map(({ grade }) => ({
        section: { id: grade.sectionId },
        gradeType: GRADE_TYPE[grade.gradeType],
        letter: grade.letterGradeEarned,
        percent: grade.numericGradeEarned,
        asOf: grade.asOfDate,
        gradingPeriod: p.name,
      })),
  }))
}
