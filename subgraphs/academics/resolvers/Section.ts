import { ACADEMIC_SUBJECT, ASSESSMENT_PURPOSE, GRADEBOOK_ENTRY_TYPE, GRADE_TYPE, SCHOOL_CATEGORY, SCORE_STATUS } from '../enums.ts'
import { gradingPeriodLabel, label, MESSAGES } from '../catalogue.ts'
import { entryCounts, flagAffectsGrade, flagExplanation, flagsOf, gradeAdvice, gradeExplanation, scoreAdvice, scoreCounts } from '../meaning.ts'
import type {
  GradebookEntryResolvers,
  ScoreFlagResolvers,
  WhatYouCanDoResolvers,
  SchoolResolvers,
  SectionEnrolmentResolvers,
  SectionGradeResolvers,
  SectionResolvers,
  StaffResolvers,
  StudentScoreResolvers,
} from '../generated/resolvers.ts'
import type { Context } from '../context.ts'
import type { SectionGradeMapper } from '../mappers.ts'

export const School: SchoolResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.school.load(id),
  category: (s) => SCHOOL_CATEGORY[s.category],
  categoryLabel: label('SchoolCategory', (s) => SCHOOL_CATEGORY[s.category]),
  lowestGradeLevel: (s) => s.lowestGrade,
  highestGradeLevel: (s) => s.highestGrade,
}

export const Section: SectionResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.section.load(id),
  subject: (s) => ACADEMIC_SUBJECT[s.subject],
  subjectLabel: label('AcademicSubject', (s) => ACADEMIC_SUBJECT[s.subject]),
  school: async (s, _args, ctx) => {
    const school = await ctx.loaders.school.load(s.schoolId)
    if (!school) throw new Error(`Section ${s.id} names a school that does not exist.`)
    return school
  },
  teacher: (s, _args, ctx) => ctx.loaders.teacherOfSection.load(s.id),
}

export const Staff: StaffResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.staff.load(id),
  displayName: (s) => `${s.firstName} ${s.lastSurname}`,
}

export const SectionEnrolment: SectionEnrolmentResolvers = {
  section: async (e, _args, ctx) => {
    const section = await ctx.loaders.section.load(e.sectionId)
    if (!section) throw new Error(`Enrolment ${e.id} names a section that does not exist.`)
    return section
  },
  currentGrade: async (e, _args, ctx) => (await ctx.loaders.latestGrades.load(e.studentId)).find((g) => g.sectionId === e.sectionId) ?? null,
}

export const SectionGrade: SectionGradeResolvers = {
  letter: (g) => g.letterGradeEarned,
  percent: (g) => g.numericGradeEarned,
  asOf: (g) => g.asOfDate,
  gradeType: (g) => GRADE_TYPE[g.gradeType],
  gradeTypeLabel: label('GradeType', (g) => GRADE_TYPE[g.gradeType]),
  gradingPeriod: (g) => g.gradingPeriodName,
  gradingPeriodLabel: (g, _args, ctx) => gradingPeriodLabel(ctx.language, g.gradingPeriodName),
  section: (g, _args, ctx) => sectionOfGrade(g, ctx),
  scoredItems: (g) => g.scoredItems,
  gradebookUpdatedAt: async (g, _args, ctx) => (await sectionOfGrade(g, ctx)).gradebookUpdatedAt,
  explanation: async (g, _args, ctx) => {
    const section = await sectionOfGrade(g, ctx)
    return gradeExplanation(ctx.language, g.scoredItems, section.gradebookUpdatedAt)
  },
  whatYouCanDo: (g, _args, ctx) => gradeAdvice(ctx.language, g),
}

async function sectionOfGrade(g: SectionGradeMapper, ctx: Context) {
  const section = await ctx.loaders.section.load(g.sectionId)
  if (!section) throw new Error(`Section grade ${g.id} names a section that does not exist.`)
  return section
}

export const WhatYouCanDo: WhatYouCanDoResolvers = {
  teacher: (w, _args, ctx) => ctx.loaders.teacherOfSection.load(w.sectionId),
}

export const ScoreFlag: ScoreFlagResolvers = {
  label: label('GradebookFlag', (f) => f.flag),
  explanation: (f, _args, ctx) => flagExplanation(ctx.language, f),
  affectsGrade: (f) => flagAffectsGrade(f),
}

export const GradebookEntry: GradebookEntryResolvers = {
  type: (e) => GRADEBOOK_ENTRY_TYPE[e.entryType],
  purpose: (e) => ASSESSMENT_PURPOSE[e.purpose],
  typeLabel: label('GradebookEntryType', (e) => GRADEBOOK_ENTRY_TYPE[e.entryType]),
  purposeLabel: label('AssessmentPurpose', (e) => ASSESSMENT_PURPOSE[e.purpose]),
  purposeExplanation: (e, _args, ctx) => MESSAGES.format(ctx.language, `purpose.${ASSESSMENT_PURPOSE[e.purpose]}`),
  countsTowardGrade: (e) => entryCounts(e),
  gradingPeriod: async (e, _args, ctx) => {
    const period = await ctx.loaders.gradingPeriod.load(e.gradingPeriodId)
    if (!period) throw new Error(`Gradebook entry ${e.id} names a grading period that does not exist.`)
    return period
  },
  // Work coming up arrives with its section: one batch fewer, and no batch shared by chance with other sections.
  section: async (e, _args, ctx) => {
    const section = e.section ?? (await ctx.loaders.section.load(e.sectionId))
    if (!section) throw new Error(`Gradebook entry ${e.id} names a section that does not exist.`)
    return section
  },
}

export const StudentScore: StudentScoreResolvers = {
  gradebookEntry: (s) => s.entry,
  percent: (s) => (s.pointsEarned === null || s.entry.maxPoints === 0 ? null : Math.round((s.pointsEarned / s.entry.maxPoints) * 1000) / 10),
  scoreStatus: (s) => SCORE_STATUS[s.scoreStatus],
  scoreStatusLabel: label('ScoreStatus', (s) => SCORE_STATUS[s.scoreStatus]),
  countsTowardGrade: (s) => scoreCounts(s),
  flags: (s) => flagsOf(s),
  whatYouCanDo: (s, _args, ctx) => scoreAdvice(ctx.language, s),
}
