/**
 * Every score and grade with its meaning, in the family's language (academics, issue 10): demo.guardian
 * chooses each district language in turn, and ChildDashboard answers every academics label and
 * explanation in the catalogue's words for the values the rows hold — none of them left in
 * English — with whether each piece of work counts toward the grade, what its flags do to it,
 * and what each grade rests on (scored items, the gradebook's last update) worked out from the rows.
 */
import fs from 'node:fs'
import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as academics from '../db/schema.ts'
import { DISTRICT_LANGUAGES, type DistrictLanguage } from '../../../lib/contract/index.ts'
import type { ChildDashboardQuery } from '../../../schema/generated/graphql.ts'
import { gradingPeriodLabel } from '../catalogue.ts'
import { ACADEMIC_SUBJECT, ASSESSMENT_PURPOSE, CLASSROOM_POSITION, GRADEBOOK_ENTRY_TYPE, GRADE_TYPE, SCORE_STATUS } from '../enums.ts'
import { GRADE_POLICY, gradeExplanation } from '../meaning.ts'
import { loadMessages } from '../../kit/index.ts'
import { childrenOf, one } from '../../../test/support/people.ts'
import { setLanguage, stringLeaves } from '../../../test/support/languages.ts'
import { startTestSystem, type TestSystem } from '../../../test/support/system.ts'

const operation = (name: string) => fs.readFileSync(`schema/operations/${name}.graphql`, 'utf8')
const CHILD = operation('ChildDashboard')
/** academics' catalogues, read from the same JSON files the subgraph loads. */
const WORDS = loadMessages(new URL('../messages/', import.meta.url))
const LANGUAGES = DISTRICT_LANGUAGES.map((l) => l.tag)

describe('what a grade rests on, worked out by hand', () => {
  const november18 = new Date('2026-11-18T15:00:00Z')

  it('in English: none, one and several scored items, with the caution under five', () => {
    expect(gradeExplanation('en', 1, november18)).toBe(
      'Based on 1 scored item; the gradebook was last updated on November 18, 2026. With fewer than 5 scored items, one new score can change this grade a lot.',
    )
    expect(gradeExplanation('en', 2, november18)).toBe(
      'Based on 2 scored items; the gradebook was last updated on November 18, 2026. With fewer than 5 scored items, one new score can change this grade a lot.',
    )
    expect(gradeExplanation('en', 5, november18)).toBe('Based on 5 scored items; the gradebook was last updated on November 18, 2026.')
    expect(gradeExplanation('en', 0, null)).toBe(
      'No scored items yet; the teacher has not updated the gradebook yet. With fewer than 5 scored items, one new score can change this grade a lot.',
    )
  })

  it('in Spanish and in Arabic, with its dual, few and many', () => {
    expect(gradeExplanation('es', 1, november18)).toBe(
      'Basada en 1 trabajo calificado; el libro de calificaciones se actualizó por última vez el 18 de noviembre de 2026. Con menos de 5 trabajos calificados, una sola calificación nueva puede cambiar mucho esta nota.',
    )
    expect(gradeExplanation('es', 8, november18)).toBe('Basada en 8 trabajos calificados; el libro de calificaciones se actualizó por última vez el 18 de noviembre de 2026.')
    expect(gradeExplanation('ar', 2, november18)).toBe(
      'بناءً على عملين مقيّمين؛ وآخر تحديث لسجل الدرجات كان في 18 نوفمبر 2026. عندما تكون الأعمال المقيّمة أقل من 5، قد تغيّر درجة جديدة واحدة هذه الدرجة كثيرًا.',
    )
    expect(gradeExplanation('ar', 3, november18)).toBe(
      'بناءً على 3 أعمال مقيّمة؛ وآخر تحديث لسجل الدرجات كان في 18 نوفمبر 2026. عندما تكون الأعمال المقيّمة أقل من 5، قد تغيّر درجة جديدة واحدة هذه الدرجة كثيرًا.',
    )
    expect(gradeExplanation('ar', 11, november18)).toBe('بناءً على 11 عملًا مقيّمًا؛ وآخر تحديث لسجل الدرجات كان في 18 نوفمبر 2026.')
  })
})

let t: TestSystem
beforeAll(async () => {
  // The language travels in the viewer's scope: with no cache, each request reads the new choice.
  t = await startTestSystem({ writable: 'academics-meaning', env: { SCOPE_CACHE_SECONDS: '0' } })
})
afterAll(() => t.close())

type Child = NonNullable<ChildDashboardQuery['student']>

/** What ChildDashboard answers about a child's grades and work, by record id. */
function meaningOf(student: Child) {
  const advice = (w: { text: string; teacher?: { id: string } | null } | null | undefined) => (w ? { text: w.text, teacherId: w.teacher?.id ?? null } : null)
  return {
    grades: Object.fromEntries(
      student.sections.flatMap(({ section, currentGrade: g }) =>
        g
          ? [
              [
                section.id,
                {
                  subjectLabel: section.subjectLabel,
                  gradeTypeLabel: g.gradeTypeLabel,
                  gradingPeriod: g.gradingPeriod,
                  gradingPeriodLabel: g.gradingPeriodLabel,
                  scoredItems: g.scoredItems,
                  gradebookUpdatedAt: g.gradebookUpdatedAt,
                  explanation: g.explanation,
                  whatYouCanDo: advice(g.whatYouCanDo),
                },
              ],
            ]
          : [],
      ),
    ),
    missingWork: Object.fromEntries(student.missingWork.map((s) => [s.id, advice(s.whatYouCanDo)])),
    assignments: Object.fromEntries(
      student.assignments.map((s) => [
        s.id,
        {
          typeLabel: s.gradebookEntry.typeLabel,
          purposeLabel: s.gradebookEntry.purposeLabel,
          purposeExplanation: s.gradebookEntry.purposeExplanation,
          entryCounts: s.gradebookEntry.countsTowardGrade,
          categoryWeight: s.gradebookEntry.categoryWeight,
          gradingPeriodId: s.gradebookEntry.gradingPeriod.id,
          scoreStatusLabel: s.scoreStatusLabel,
          countsTowardGrade: s.countsTowardGrade,
          flags: s.flags.map((f) => ({ flag: f.flag, label: f.label, explanation: f.explanation, affectsGrade: f.affectsGrade })),
          comment: s.comment,
          whatYouCanDo: advice(s.whatYouCanDo),
        },
      ]),
    ),
    upcoming: Object.fromEntries(
      (student.upcomingAssignments ?? []).map((e) => [
        e.id,
        { typeLabel: e.typeLabel, purposeLabel: e.purposeLabel, purposeExplanation: e.purposeExplanation, countsTowardGrade: e.countsTowardGrade, gradingPeriodId: e.gradingPeriod.id },
      ]),
    ),
    positions: Object.fromEntries((student.schedule ?? []).map((c) => [c.section.id, c.teachers.map((x) => x.positionLabel)])),
  }
}
type Meaning = ReturnType<typeof meaningOf>

/** What the dashboard must answer in `language`, worked out from the rows (which records appear is dashboard.test.ts's). */
async function expectedMeaning(studentId: string, language: DistrictLanguage, answered: Meaning): Promise<Meaning> {
  const db = t.db('academics')
  const f = (key: string, values?: Record<string, string | number | Date>) => WORDS.format(language, key, values)
  const label = (enumName: string, value: string) => f(`enum.${enumName}.${value}`)
  const scores = await db
    .select({ score: academics.studentGradebookEntries, entry: academics.gradebookEntries })
    .from(academics.studentGradebookEntries)
    .innerJoin(academics.gradebookEntries, eq(academics.gradebookEntries.id, academics.studentGradebookEntries.gradebookEntryId))
    .where(eq(academics.studentGradebookEntries.studentId, studentId))
  const entryCounts = (e: typeof academics.gradebookEntries.$inferSelect) => e.categoryWeight > 0 && e.purpose !== 'Diagnostic'
  const counts = (r: (typeof scores)[number]) => entryCounts(r.entry) && !r.score.exempt && !r.score.dropped
  const teacherOf = async (sectionId: string) =>
    (
      await db
        .select()
        .from(academics.staffSectionAssociations)
        .where(and(eq(academics.staffSectionAssociations.sectionId, sectionId), eq(academics.staffSectionAssociations.classroomPosition, 'Teacher of Record')))
    )[0]?.staffId ?? null
  const scoreRow = (id: string) => one(scores.filter((r) => r.score.id === id), 'score')
  const workAdvice = async (r: (typeof scores)[number]) => {
    if (!counts(r) || !(r.score.missing || r.score.incomplete)) return null
    return { text: f(r.score.missing ? 'whatYouCanDo.missing' : 'whatYouCanDo.incomplete'), teacherId: await teacherOf(r.entry.sectionId) }
  }

  const grades = await Promise.all(
    Object.keys(answered.grades).map(async (sectionId) => {
      const [grade] = await db
        .select({ grade: academics.sectionGrades, period: academics.gradingPeriods })
        .from(academics.sectionGrades)
        .innerJoin(academics.gradingPeriods, eq(academics.gradingPeriods.id, academics.sectionGrades.gradingPeriodId))
        .where(and(eq(academics.sectionGrades.studentId, studentId), eq(academics.sectionGrades.sectionId, sectionId)))
        .orderBy(desc(academics.sectionGrades.asOfDate), desc(academics.gradingPeriods.beginDate))
      if (!grade) throw new Error(`No grade for section ${sectionId}.`)
      const section = one(await db.select().from(academics.sections).where(eq(academics.sections.id, sectionId)), 'section')
      const course = one(await db.select().from(academics.courses).where(eq(academics.courses.id, section.courseId)), 'course')
      const items = scores.filter((r) => r.entry.sectionId === sectionId && r.entry.gradingPeriodId === grade.grade.gradingPeriodId && r.score.pointsEarned !== null && counts(r)).length
      const few = items < GRADE_POLICY.fewScoredItems ? 'yes' : 'no'
      const basis = { items, few, threshold: GRADE_POLICY.fewScoredItems }
      return [
        sectionId,
        {
          subjectLabel: label('AcademicSubject', ACADEMIC_SUBJECT[course.subject]),
          gradeTypeLabel: label('GradeType', GRADE_TYPE[grade.grade.gradeType]),
          gradingPeriod: grade.period.name,
          gradingPeriodLabel: gradingPeriodLabel(language, grade.period.name),
          scoredItems: items,
          gradebookUpdatedAt: section.gradebookUpdatedAt?.toISOString() ?? null,
          explanation: section.gradebookUpdatedAt ? f('grade.basis', { ...basis, updated: section.gradebookUpdatedAt }) : f('grade.basisUndated', basis),
          whatYouCanDo: grade.grade.numericGradeEarned < GRADE_POLICY.lowGradePercent ? { text: f('whatYouCanDo.lowGrade'), teacherId: await teacherOf(sectionId) } : null,
        },
      ] as const
    }),
  )

  const flagsOf = (r: (typeof scores)[number]) =>
    (
      [
        ['MISSING', r.score.missing, true],
        ['LATE', r.score.late, false],
        ['INCOMPLETE', r.score.incomplete, true],
        ['EXEMPT', r.score.exempt, false],
        ['DROPPED', r.score.dropped, false],
      ] as const
    )
      .filter(([, on]) => on)
      .map(([flag, , against]) => ({
        flag,
        label: label('GradebookFlag', flag),
        explanation: f(`flag.${flag}`, { counts: counts(r) ? 'yes' : 'no' }),
        affectsGrade: against && counts(r),
      }))

  const assignments = await Promise.all(
    Object.keys(answered.assignments).map(async (id) => {
      const r = scoreRow(id)
      const purpose = ASSESSMENT_PURPOSE[r.entry.purpose]
      return [
        id,
        {
          typeLabel: label('GradebookEntryType', GRADEBOOK_ENTRY_TYPE[r.entry.entryType]),
          purposeLabel: label('AssessmentPurpose', purpose),
          purposeExplanation: f(`purpose.${purpose}`),
          entryCounts: entryCounts(r.entry),
          categoryWeight: r.entry.categoryWeight,
          gradingPeriodId: r.entry.gradingPeriodId,
          scoreStatusLabel: label('ScoreStatus', SCORE_STATUS[r.score.scoreStatus]),
          countsTowardGrade: counts(r),
          flags: flagsOf(r),
          comment: r.score.comment,
          whatYouCanDo: await workAdvice(r),
        },
      ] as const
    }),
  )

  const upcomingIds = Object.keys(answered.upcoming)
  const upcoming = upcomingIds.length === 0 ? [] : await db.select().from(academics.gradebookEntries).where(inArray(academics.gradebookEntries.id, upcomingIds))

  const positions = await Promise.all(
    Object.keys(answered.positions).map(async (sectionId) => {
      const a = academics.staffSectionAssociations
      const rows = await db
        .select({ position: a.classroomPosition })
        .from(a)
        .innerJoin(academics.staff, eq(academics.staff.id, a.staffId))
        .where(eq(a.sectionId, sectionId))
        .orderBy(asc(a.classroomPosition), asc(academics.staff.lastSurname), asc(academics.staff.firstName), asc(academics.staff.id))
      return [sectionId, rows.map((row) => label('ClassroomPosition', CLASSROOM_POSITION[row.position]))] as const
    }),
  )

  return {
    grades: Object.fromEntries(grades),
    missingWork: Object.fromEntries(await Promise.all(Object.keys(answered.missingWork).map(async (id) => [id, await workAdvice(scoreRow(id))] as const))),
    assignments: Object.fromEntries(assignments),
    upcoming: Object.fromEntries(
      upcomingIds.map((id) => {
        const e = one(upcoming.filter((row) => row.id === id), 'gradebook entry')
        const purpose = ASSESSMENT_PURPOSE[e.purpose]
        return [
          id,
          {
            typeLabel: label('GradebookEntryType', GRADEBOOK_ENTRY_TYPE[e.entryType]),
            purposeLabel: label('AssessmentPurpose', purpose),
            purposeExplanation: f(`purpose.${purpose}`),
            countsTowardGrade: entryCounts(e),
            gradingPeriodId: e.gradingPeriodId,
          },
        ]
      }),
    ),
    positions: Object.fromEntries(positions),
  }
}

/** Every string the catalogue gave (labels, explanations, advice), by its path. */
/** The words academics gives (labels, explanations, advice, positions), by path. */
const academicWords = (value: unknown) => stringLeaves(value, (path) => /(Label|label|xplanation|text)$/.test(path) || /^\.positions/.test(path))

describe("demo.guardian's ChildDashboard, academics, in each district language", () => {
  const answered = new Map<string, Meaning>()

  it.each(LANGUAGES)('%s: every label, explanation and piece of advice is the catalogue’s for the rows, with what counts and what a grade rests on', async (language) => {
    expect((await setLanguage(t, language)).body).toStrictEqual({ data: { setPreferredLanguage: { viewer: { id: await t.personId('demo.guardian'), preferredLanguage: language } } } })
    const children = await childrenOf(t, 'demo.guardian')
    expect(children.map((c) => c.firstName)).toStrictEqual(['Maya', 'Leo'])
    for (const child of children) {
      const response = await t.query<ChildDashboardQuery>({ login: 'demo.guardian' }, CHILD, { studentId: child.id })
      expect(response.body.errors).toBeUndefined()
      const student = response.body.data?.student
      if (!student) throw new Error(`No dashboard for ${child.firstName}.`)
      const meaning = meaningOf(student)
      expect(meaning).toStrictEqual(await expectedMeaning(child.id, language, meaning))
      answered.set(`${language}:${child.firstName}`, meaning)
    }
  })

  it('has something to say: grades, flags, work that does not count, and advice with a teacher to write to', () => {
    const all = ['Maya', 'Leo'].map((name) => answered.get(`en:${name}`))
    const scores = all.flatMap((m) => Object.values(m?.assignments ?? {}))
    expect(all.every((m) => Object.keys(m?.grades ?? {}).length > 0)).toBe(true)
    expect(scores.some((s) => s.flags.length > 0)).toBe(true)
    expect(scores.some((s) => !s.countsTowardGrade)).toBe(true)
    expect(all.some((m) => Object.values(m?.missingWork ?? {}).some((w) => w?.teacherId))).toBe(true)
  })

  it.each(LANGUAGES.filter((language) => language !== 'en'))('%s: leaves none of them in English', (language) => {
    for (const child of ['Maya', 'Leo']) {
      const english = new Map(academicWords(answered.get(`en:${child}`)))
      const translated = academicWords(answered.get(`${language}:${child}`))
      expect(translated.length).toBe(english.size)
      expect(translated.length).toBeGreaterThan(10)
      expect(translated.filter(([path, value]) => english.get(path) === value)).toStrictEqual([])
    }
  })
})

describe('the report card', () => {
  it('gives every grade of every grading period the scored items it rests on, as the rows count them', async () => {
    await setLanguage(t, 'en')
    const db = t.db('academics')
    let counted = 0
    for (const child of await childrenOf(t, 'demo.guardian')) {
      const response = await t.query<{
        student: { gradeHistory: Array<{ gradingPeriod: { id: string }; grades: Array<{ section: { id: string }; scoredItems: number; explanation: string }> }> }
      }>({ login: 'demo.guardian' }, 'query ($id: ID!) { student(id: $id) { gradeHistory { gradingPeriod { id } grades { section { id } scoredItems explanation } } } }', { id: child.id })
      expect(response.body.errors).toBeUndefined()
      const scores = await db
        .select({ score: academics.studentGradebookEntries, entry: academics.gradebookEntries })
        .from(academics.studentGradebookEntries)
        .innerJoin(academics.gradebookEntries, eq(academics.gradebookEntries.id, academics.studentGradebookEntries.gradebookEntryId))
        .where(eq(academics.studentGradebookEntries.studentId, child.id))
      const itemsOf = (sectionId: string, periodId: string) =>
        scores.filter(
          (r) =>
            r.entry.sectionId === sectionId &&
            r.entry.gradingPeriodId === periodId &&
            r.score.pointsEarned !== null &&
            r.entry.categoryWeight > 0 &&
            r.entry.purpose !== 'Diagnostic' &&
            !r.score.exempt &&
            !r.score.dropped,
        ).length
      for (const period of response.body.data?.student.gradeHistory ?? []) {
        for (const grade of period.grades) {
          const items = itemsOf(grade.section.id, period.gradingPeriod.id)
          expect({ section: grade.section.id, period: period.gradingPeriod.id, scoredItems: grade.scoredItems }).toStrictEqual({ section: grade.section.id, period: period.gradingPeriod.id, scoredItems: items })
          expect(grade.explanation).toContain(items === 1 ? '1 scored item' : items === 0 ? 'No scored items' : `${items} scored items`)
          if (items > 0) counted++
        }
      }
    }
    expect(counted).toBeGreaterThan(0)
  })
})
