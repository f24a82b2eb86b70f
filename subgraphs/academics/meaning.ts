/**
 * What a score, its flags and a section grade mean to a family, in words from academics'
 * catalogues: whether work counts toward the grade (as the gradebook's grade calculation counts
 * it), what each flag does to the grade, what a grade rests on, and what a family can do.
 */
import { sql } from 'drizzle-orm'
import type { DistrictLanguage } from '../../lib/contract/index.ts'
import * as t from './db/schema.ts'
import { MESSAGES } from './catalogue.ts'
import type { GradebookEntryMapper, ScoreFlagMapper, SectionGradeMapper, StudentScoreMapper, WhatYouCanDoMapper } from './mappers.ts'

/** The district's grading policy as families are told it (the caution and the advice name these numbers). */
export const GRADE_POLICY = {
  /** A grade resting on fewer scored items than this carries a caution: one new score can move it a lot. */
  fewScoredItems: 5,
  /** Under this percent a grade comes with what the family can do. */
  lowGradePercent: 70,
} as const

/**
 * The gradebook's calculation leaves out categories of weight 0 and diagnostic benchmarks (which
 * inform teaching and are not grades), and exempt or dropped work; missing work counts as zero.
 */
export const entryCounts = (entry: Pick<GradebookEntryMapper, 'categoryWeight' | 'purpose'>) => entry.categoryWeight > 0 && entry.purpose !== 'Diagnostic'
export const scoreCounts = (score: StudentScoreMapper) => entryCounts(score.entry) && !score.exempt && !score.dropped

/** Whether each flag counts against the grade, where the work counts at all. */
const AGAINST_THE_GRADE: Readonly<Record<ScoreFlagMapper['flag'], boolean>> = {
  MISSING: true,
  LATE: false,
  INCOMPLETE: true,
  EXEMPT: false,
  DROPPED: false,
}

/** The flags set on a score, in the order families read them. */
export function flagsOf(score: StudentScoreMapper): ScoreFlagMapper[] {
  const set: Array<[ScoreFlagMapper['flag'], boolean]> = [
    ['MISSING', score.missing],
    ['LATE', score.late],
    ['INCOMPLETE', score.incomplete],
    ['EXEMPT', score.exempt],
    ['DROPPED', score.dropped],
  ]
  const counts = scoreCounts(score)
  return set.filter(([, on]) => on).map(([flag]) => ({ studentId: score.studentId, flag, counts }))
}

export const flagAffectsGrade = (flag: ScoreFlagMapper) => flag.counts && AGAINST_THE_GRADE[flag.flag]

export const flagExplanation = (language: DistrictLanguage, flag: ScoreFlagMapper) =>
  MESSAGES.format(language, `flag.${flag.flag}`, { counts: flag.counts ? 'yes' : 'no' })

/** Missing or incomplete work that counts: ask the teacher whether it can still be turned in or finished. */
export function scoreAdvice(language: DistrictLanguage, score: StudentScoreMapper): WhatYouCanDoMapper | null {
  if (!scoreCounts(score)) return null
  const key = score.missing ? 'whatYouCanDo.missing' : score.incomplete ? 'whatYouCanDo.incomplete' : undefined
  return key === undefined ? null : { studentId: score.studentId, sectionId: score.entry.sectionId, text: MESSAGES.format(language, key) }
}

/** A grade under the policy's low mark: ask the teacher how to bring it up. */
export function gradeAdvice(language: DistrictLanguage, grade: SectionGradeMapper): WhatYouCanDoMapper | null {
  if (grade.numericGradeEarned >= GRADE_POLICY.lowGradePercent) return null
  return { studentId: grade.studentId, sectionId: grade.sectionId, text: MESSAGES.format(language, 'whatYouCanDo.lowGrade') }
}

/**
 * How many scored items `grade` rests on, as a column of the statement that reads the grade: the
 * student's scored work in its section and grading period that counts (`scoreCounts`, said in
 * SQL). Correlated to the grade's row, so it reads only that student's results in that section
 * (by index), whatever the size of the district's gradebooks. Only in a select with a join:
 * drizzle writes a single-table select's template columns unqualified (finance's meal balances
 * use a builder subquery for that reason).
 */
export function scoredItemsOf(grade: typeof t.sectionGrades) {
  const r = t.studentGradebookEntries
  const ge = t.gradebookEntries
  return sql<number>`(select count(*)::int from ${ge} join ${r} on ${r.gradebookEntryId} = ${ge.id} and ${r.studentId} = ${grade.studentId}
    where ${ge.sectionId} = ${grade.sectionId} and ${ge.gradingPeriodId} = ${grade.gradingPeriodId}
      and ${r.pointsEarned} is not null and ${ge.categoryWeight} > 0 and ${ge.purpose} <> 'Diagnostic' and not ${r.exempt} and not ${r.dropped})`
}

/** What a grade rests on in `language`: how many scored items, the gradebook's last update, and a caution under the policy's few. */
export function gradeExplanation(language: DistrictLanguage, items: number, gradebookUpdatedAt: Date | null): string {
  const values = { items, few: items < GRADE_POLICY.fewScoredItems ? 'yes' : 'no', threshold: GRADE_POLICY.fewScoredItems }
  return gradebookUpdatedAt === null
    ? MESSAGES.format(language, 'grade.basisUndated', values)
    : MESSAGES.format(language, 'grade.basis', { ...values, updated: gradebookUpdatedAt })
}
