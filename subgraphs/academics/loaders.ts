/**
 * academics' per-request DataLoaders: each answers a whole batch of keys with one SQL statement.
 */
import DataLoader from 'dataloader'
import { and, asc, desc, eq, isNull, lte, sql } from 'drizzle-orm'
import { unionAll } from 'drizzle-orm/pg-core'
import type { Db } from '../../db/client.ts'
import { unstampedColumns } from '../../db/schema/common.ts'
import * as t from './db/schema.ts'
import { byKey, groupBy, isoToday, isViewer, preparedOnce, uuidInPlaceholder, type Caller } from '../kit/index.ts'
import type { Correspondent } from '../../lib/contract/index.ts'
import { correspondentsFor } from './correspondence.ts'
import { scoredItemsOf } from './meaning.ts'
import { byStudent, createTimeLoaders } from './time-loaders.ts'
import type { SectionGradeMapper, SectionMapper, StudentScoreMapper } from './mappers.ts'

export interface PersonRow {
  id: string
  firstName: string
  lastSurname: string
  preferredLanguage: string
}

/** `Student.assignments(limit:)` of one student: their latest results, at most `limit`. */
export interface RecentScoresKey {
  studentId: string
  limit: number
}

const scoreColumns = { score: unstampedColumns(t.studentGradebookEntries), entry: unstampedColumns(t.gradebookEntries) }
/** Results as families read them: the latest due first, then by title (and id, so ties keep one order). */
const scoreOrder = [desc(t.gradebookEntries.dueDate), asc(t.gradebookEntries.title), asc(t.studentGradebookEntries.id)]
const toScore = (r: { score: Omit<StudentScoreMapper, 'entry'>; entry: StudentScoreMapper['entry'] }): StudentScoreMapper => ({ ...r.score, entry: r.entry })

export function createLoaders(db: Db, caller: Caller) {
  const time = createTimeLoaders(db)
  const school = new DataLoader<string, typeof t.schools.$inferSelect | null>(async (ids) =>
    byKey(ids, await preparedOnce(db, 'academics.school', () => db.select().from(t.schools).where(uuidInPlaceholder(t.schools.id)).prepare('academics_school')).execute({ ids: [...ids] }), (r) => r.id),
  )
  const section = new DataLoader<string, SectionMapper | null>(async (ids) => {
    const rows = await preparedOnce(db, 'academics.section', () =>
      db
        .select({ section: t.sections, courseCode: t.courses.courseCode, courseTitle: t.courses.title, subject: t.courses.subject })
        .from(t.sections)
        .innerJoin(t.courses, eq(t.courses.id, t.sections.courseId))
        .where(uuidInPlaceholder(t.sections.id))
        .prepare('academics_section'),
    ).execute({ ids: [...ids] })
    return byKey(
      ids,
      rows.map((r) => ({ ...r.section, courseCode: r.courseCode, courseTitle: r.courseTitle, subject: r.subject })),
      (r) => r.id,
    )
  })
  return {
    ...time,
    /** Students by id, each with its school in the same statement (the dashboards read every child's school). */
    student: new DataLoader<string, typeof t.students.$inferSelect | null>(async (ids) => {
      const rows = await preparedOnce(db, 'academics.student', () =>
        db
          .select({ student: t.students, school: t.schools })
          .from(t.students)
          .innerJoin(t.schools, eq(t.schools.id, t.students.schoolId))
          .where(uuidInPlaceholder(t.students.id))
          .prepare('academics_student'),
      ).execute({ ids: [...ids] })
      for (const row of rows) school.prime(row.school.id, row.school)
      return byKey(ids, rows.map((row) => row.student), (r) => r.id)
    }),
    school,
    staff: new DataLoader<string, typeof t.staff.$inferSelect | null>(async (ids) =>
      byKey(ids, await preparedOnce(db, 'academics.staff', () => db.select().from(t.staff).where(uuidInPlaceholder(t.staff.id)).prepare('academics_staff')).execute({ ids: [...ids] }), (r) => r.id),
    ),
    section,
    gradingPeriod: new DataLoader<string, typeof t.gradingPeriods.$inferSelect | null>(async (ids) =>
      byKey(ids, await preparedOnce(db, 'academics.gradingPeriod', () => db.select().from(t.gradingPeriods).where(uuidInPlaceholder(t.gradingPeriods.id)).prepare('academics_grading_period')).execute({ ids: [...ids] }), (r) => r.id),
    ),
    /**
     * The teacher of record of each section, read through `sectionTeachers` (everyone who
     * teaches it): a dashboard asks for a section's teacher and its teachers at several depths,
     * and one statement answers them all.
     */
    teacherOfSection: new DataLoader<string, typeof t.staff.$inferSelect | null>(async (sectionIds) =>
      (await time.sectionTeachers.loadMany(sectionIds)).map((teachers) => {
        if (teachers instanceof Error) throw teachers
        return teachers.find((teacher) => teacher.classroomPosition === 'Teacher of Record')?.staff ?? null
      }),
    ),
    /** Current enrolments of each student, each enrolment's section (with its course) read in the same statement. */
    enrolments: new DataLoader<string, Array<typeof t.studentSectionAssociations.$inferSelect>>(async (studentIds) => {
      const rows = await preparedOnce(db, 'academics.enrolments', () =>
        db
          .select({ enrolment: t.studentSectionAssociations, section: t.sections, courseCode: t.courses.courseCode, courseTitle: t.courses.title, subject: t.courses.subject })
          .from(t.studentSectionAssociations)
          .innerJoin(t.sections, eq(t.sections.id, t.studentSectionAssociations.sectionId))
          .innerJoin(t.courses, eq(t.courses.id, t.sections.courseId))
          .where(and(uuidInPlaceholder(t.studentSectionAssociations.studentId), isNull(t.studentSectionAssociations.endDate)))
          .orderBy(asc(t.sections.period), asc(t.sections.sectionIdentifier))
          .prepare('academics_enrolments'),
      ).execute({ ids: [...studentIds] })
      for (const { section: row, courseCode, courseTitle, subject } of rows) section.prime(row.id, { ...row, courseCode, courseTitle, subject })
      // A student's sections are read with their teachers (the dashboards, the schedule, the
      // advice's teacher): ask for every one of these sections' teachers now, in one batch, so
      // that each later depth finds them loaded or loading and none is a statement of its own.
      void time.sectionTeachers.loadMany([...new Set(rows.map((r) => r.enrolment.sectionId))])
      return groupBy(studentIds, rows.map((r) => r.enrolment), (r) => r.studentId)
    }),
    /** Each student's latest grade per section, with the number of scored items it rests on. */
    latestGrades: new DataLoader<string, SectionGradeMapper[]>(async (studentIds) => {
      const rows = await preparedOnce(db, 'academics.latestGrades', () => {
        const g = t.sectionGrades
        return db
          .selectDistinctOn([g.studentId, g.sectionId], { grade: g, gradingPeriodName: t.gradingPeriods.name, scoredItems: scoredItemsOf(g) })
          .from(g)
          .innerJoin(t.gradingPeriods, eq(t.gradingPeriods.id, g.gradingPeriodId))
          .where(uuidInPlaceholder(g.studentId))
          .orderBy(g.studentId, g.sectionId, desc(g.asOfDate), desc(t.gradingPeriods.beginDate))
          .prepare('academics_latest_grades')
      }).execute({ ids: [...studentIds] })
      return groupBy(studentIds, rows.map((r) => ({ ...r.grade, gradingPeriodName: r.gradingPeriodName, scoredItems: r.scoredItems })), (r) => r.studentId)
    }),
    /**
     * Each student's latest `limit` results (`assignments`): ranked in the database, so a
     * dashboard that shows ten reads ten, not the term's every result.
     */
    recentScores: new DataLoader<RecentScoresKey, StudentScoreMapper[], string>(
      async (keys) => {
        const studentIds = [...new Set(keys.map((k) => k.studentId))]
        const rows = await preparedOnce(db, 'academics.recentScores', () => {
          const r = t.studentGradebookEntries
          const ge = t.gradebookEntries
          const { id: _entryId, ...entryColumns } = unstampedColumns(ge)
          // Every column the answer shows is ranked with its row, so nothing is joined back by id
          // afterwards (under a generic plan that join hashed the district's every result).
          const ranked = db.$with('ranked').as(
            db
              .select({
                ...unstampedColumns(r),
                ...entryColumns,
                entryId: sql<string>`${ge.id}`.as('entry_id'),
                rank: sql<number>`row_number() over (partition by ${r.studentId} order by ${ge.dueDate} desc, ${ge.title}, ${r.id})`.as('rank'),
              })
              .from(r)
              .innerJoin(ge, eq(ge.id, r.gradebookEntryId))
              .where(uuidInPlaceholder(r.studentId)),
          )
          return db
            .with(ranked)
            .select()
            .from(ranked)
            .where(lte(ranked.rank, sql.placeholder('limit')))
            .orderBy(desc(ranked.dueDate), asc(ranked.title), asc(ranked.id))
            .prepare('academics_recent_scores')
        }).execute({ ids: studentIds, limit: Math.max(...keys.map((k) => k.limit)) })
        const scores = rows.map(
          ({ rank: _rank, entryId, sectionId, gradingPeriodId, title, entryType, category, categoryWeight, purpose, assignedDate, dueDate, maxPoints, ...score }): StudentScoreMapper => ({
            ...score,
            entry: { id: entryId, sectionId, gradingPeriodId, title, entryType, category, categoryWeight, purpose, assignedDate, dueDate, maxPoints },
          }),
        )
        const results = byStudent(studentIds, scores, (r) => r.studentId)
        return keys.map(({ studentId, limit }) => (results.get(studentId) ?? []).slice(0, limit))
      },
      { cacheKeyFn: (k) => `${k.studentId}:${k.limit}` },
    ),
    /** Each student's missing work (`Student.missingWork`): missing, neither exempt nor dropped, the latest due first. */
    missingWork: new DataLoader<string, StudentScoreMapper[]>(async (studentIds) => {
      const r = t.studentGradebookEntries
      const rows = await preparedOnce(db, 'academics.missingWork', () =>
        db
          .select(scoreColumns)
          .from(r)
          .innerJoin(t.gradebookEntries, eq(t.gradebookEntries.id, r.gradebookEntryId))
          .where(and(uuidInPlaceholder(r.studentId), eq(r.missing, true), eq(r.exempt, false), eq(r.dropped, false)))
          .orderBy(...scoreOrder)
          .prepare('academics_missing_work'),
      ).execute({ ids: [...studentIds] })
      return groupBy(studentIds, rows.map(toScore), (r) => r.studentId)
    }),
    /** Whom the viewer may start a conversation with about each student (messaging `@requires` it). */
    correspondents: new DataLoader<string, Correspondent[]>((studentIds) =>
      isViewer(caller) ? correspondentsFor(db, caller.id, caller, isoToday(), studentIds) : Promise.resolve(studentIds.map(() => [])),
    ),
    /** Students, contacts and staff by id, in one statement: the viewer's own name and language. */
    person: new DataLoader<string, PersonRow | null>(async (ids) => {
      const of = (table: typeof t.students | typeof t.contacts | typeof t.staff) =>
        db
          .select({ id: table.id, firstName: table.firstName, lastSurname: table.lastSurname, preferredLanguage: table.preferredLanguage })
          .from(table)
          .where(uuidInPlaceholder(table.id))
      const rows = await preparedOnce(db, 'academics.person', () => unionAll(of(t.students), of(t.contacts), of(t.staff)).prepare('academics_person')).execute({ ids: [...ids] })
      return byKey(ids, rows, (r) => r.id)
    }),
  }
}

export type AcademicsLoaders = ReturnType<typeof createLoaders>
