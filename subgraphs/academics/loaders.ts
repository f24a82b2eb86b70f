/**
 * academics' per-request DataLoaders: each answers a whole batch of keys with one SQL statement.
 */
import DataLoader from 'dataloader'
import { and, asc, desc, eq, isNull } from 'drizzle-orm'
import { unionAll } from 'drizzle-orm/pg-core'
import type { Db } from '../../db/client.ts'
import * as t from '../../db/schema/academics.ts'
import { byKey, groupBy, isoToday, isViewer, uuidIn, type Caller } from '../kit/index.ts'
import type { Correspondent } from '../../lib/contract/index.ts'
import { correspondentsFor } from './correspondence.ts'
import { createTimeLoaders } from './time-loaders.ts'
import type { SectionGradeMapper, SectionMapper, StudentScoreMapper } from './mappers.ts'

export interface PersonRow {
  id: string
  firstName: string
  lastSurname: string
  preferredLanguage: string
}

export function createLoaders(db: Db, caller: Caller) {
  const time = createTimeLoaders(db)
  return {
    ...time,
    student: new DataLoader<string, typeof t.students.$inferSelect | null>(async (ids) =>
      byKey(ids, await db.select().from(t.students).where(uuidIn(t.students.id, ids)), (r) => r.id),
    ),
    school: new DataLoader<string, typeof t.schools.$inferSelect | null>(async (ids) =>
      byKey(ids, await db.select().from(t.schools).where(uuidIn(t.schools.id, ids)), (r) => r.id),
    ),
    staff: new DataLoader<string, typeof t.staff.$inferSelect | null>(async (ids) =>
      byKey(ids, await db.select().from(t.staff).where(uuidIn(t.staff.id, ids)), (r) => r.id),
    ),
    section: new DataLoader<string, SectionMapper | null>(async (ids) => {
      const rows = await db
        .select({ section: t.sections, courseCode: t.courses.courseCode, courseTitle: t.courses.title, subject: t.courses.subject })
        .from(t.sections)
        .innerJoin(t.courses, eq(t.courses.id, t.sections.courseId))
        .where(uuidIn(t.sections.id, ids))
      return byKey(
        ids,
        rows.map((r) => ({ ...r.section, courseCode: r.courseCode, courseTitle: r.courseTitle, subject: r.subject })),
        (r) => r.id,
      )
    }),
    gradingPeriod: new DataLoader<string, typeof t.gradingPeriods.$inferSelect | null>(async (ids) =>
      byKey(ids, await db.select().from(t.gradingPeriods).where(uuidIn(t.gradingPeriods.id, ids)), (r) => r.id),
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
    /** Current enrolments of each student. */
    enrolments: new DataLoader<string, Array<typeof t.studentSectionAssociations.$inferSelect>>(async (studentIds) => {
      const rows = await db
        .select({ enrolment: t.studentSectionAssociations })
        .from(t.studentSectionAssociations)
        .innerJoin(t.sections, eq(t.sections.id, t.studentSectionAssociations.sectionId))
        .where(and(uuidIn(t.studentSectionAssociations.studentId, studentIds), isNull(t.studentSectionAssociations.endDate)))
        .orderBy(asc(t.sections.period), asc(t.sections.sectionIdentifier))
      return groupBy(studentIds, rows.map((r) => r.enrolment), (r) => r.studentId)
    }),
    /** Each student's latest grade per section. */
    latestGrades: new DataLoader<string, SectionGradeMapper[]>(async (studentIds) => {
      const rows = await db
        .selectDistinctOn([t.sectionGrades.studentId, t.sectionGrades.sectionId], { grade: t.sectionGrades, gradingPeriodName: t.gradingPeriods.name })
        .from(t.sectionGrades)
        .innerJoin(t.gradingPeriods, eq(t.gradingPeriods.id, t.sectionGrades.gradingPeriodId))
        .where(uuidIn(t.sectionGrades.studentId, studentIds))
        .orderBy(t.sectionGrades.studentId, t.sectionGrades.sectionId, desc(t.sectionGrades.asOfDate), desc(t.gradingPeriods.beginDate))
      return groupBy(studentIds, rows.map((r) => ({ ...r.grade, gradingPeriodName: r.gradingPeriodName })), (r) => r.studentId)
    }),
    /** Every gradebook result of each student, newest due date first. */
    scores: new DataLoader<string, StudentScoreMapper[]>(async (studentIds) => {
      const rows = await db
        .select({ score: t.studentGradebookEntries, entry: t.gradebookEntries })
        .from(t.studentGradebookEntries)
        .innerJoin(t.gradebookEntries, eq(t.gradebookEntries.id, t.studentGradebookEntries.gradebookEntryId))
        .where(uuidIn(t.studentGradebookEntries.studentId, studentIds))
        .orderBy(desc(t.gradebookEntries.dueDate), asc(t.gradebookEntries.title))
      return groupBy(studentIds, rows.map((r) => ({ ...r.score, entry: r.entry })), (r) => r.studentId)
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
          .where(uuidIn(table.id, ids))
      const rows = await unionAll(of(t.students), of(t.contacts), of(t.staff))
      return byKey(ids, rows, (r) => r.id)
    }),
  }
}

export type AcademicsLoaders = ReturnType<typeof createLoaders>
