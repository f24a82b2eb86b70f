/**
 * Seeds academics: the district plan itself, then a term of gradebook — entries per section,
 * a score per enrolled student with every flag families see, and section grades computed from
 * those scores the way the gradebook would.
 */
import * as t from './schema.ts'
import type { SeedLoader } from '../../../db/seed/bulk.ts'
import { planCoursework, type EntryKind } from './coursework.ts'
import type { DistrictPlan } from '../../../db/seed/district.ts'
import { addDays, createRandom, minDay, must, seededUuid, weighted } from '../../../db/seed/random.ts'
import type { SeedProgress } from '../../../db/seed/progress.ts'

type EntryType = (typeof t.gradebookEntryType.enumValues)[number]
const ENTRY_KINDS: Record<EntryKind, { type: EntryType; category: string; weight: number; purpose: 'Formative' | 'Summative' | 'Diagnostic'; points: number }> = {
  Homework: { type: 'Homework', category: 'Homework', weight: 20, purpose: 'Formative', points: 10 },
  Quiz: { type: 'Quiz', category: 'Quizzes', weight: 30, purpose: 'Formative', points: 20 },
  Assignment: { type: 'Assignment', category: 'Classwork', weight: 10, purpose: 'Formative', points: 25 },
  'Unit Test': { type: 'Unit Test', category: 'Tests', weight: 40, purpose: 'Summative', points: 100 },
  // A diagnostic benchmark informs teaching; it carries no weight in the grade.
  'Classroom Assessment': { type: 'Classroom Assessment', category: 'Benchmark', weight: 0, purpose: 'Diagnostic', points: 50 },
}

export function letterFor(percent: number): string {
  if (percent >= 93) return 'A'
  if (percent >= 90) return 'A-'
  if (percent >= 87) return 'B+'
  if (percent >= 83) return 'B'
  if (percent >= 80) return 'B-'
  if (percent >= 77) return 'C+'
  if (percent >= 73) return 'C'
  if (percent >= 70) return 'C-'
  if (percent >= 60) return 'D'
  return 'F'
}

export async function seedAcademics(loader: SeedLoader, plan: DistrictPlan, progress: SeedProgress): Promise<void> {
  const random = createRandom('academics')
  const { term } = plan.calendar
  await loader.load(t.terms, [{ id: plan.termId, schoolYear: plan.calendar.schoolYear, name: term.name, beginDate: term.beginDate, endDate: term.endDate }])
  await loader.load(t.gradingPeriods, plan.gradingPeriods.map((p) => ({ ...p, termId: plan.termId })))
  await loader.load(t.schools, plan.schools)
  await loader.load(t.students, plan.students.map(({ ability: _ability, ...s }) => s))
  await loader.load(t.contacts, plan.contacts)
  await loader.load(t.staff, plan.staff)
  await loader.load(t.accounts, plan.accounts)
  await loader.load(
    t.studentContactAssociations,
    plan.guardianships.map((g) => ({
      ...g,
      emergencyContactStatus: true,
      dataAccessBeginDate: term.beginDate,
      dataAccessEndDate: null,
      restrictedAt: g.restrictionDocument ? new Date(`${plan.calendar.shift('2026-09-03')}T16:00:00Z`) : null,
    })),
  )
  const courses = new Map<string, typeof t.courses.$inferInsert>()
  for (const s of plan.sections) {
    courses.set(s.courseId, { id: s.courseId, schoolId: s.schoolId, courseCode: s.courseCode, title: s.courseTitle, subject: s.subject })
  }
  await loader.load(t.courses, [...courses.values()])
  await loader.load(
    t.sections,
    plan.sections.map((s) => ({
      id: s.id,
      courseId: s.courseId,
      schoolId: s.schoolId,
      termId: plan.termId,
      sectionIdentifier: s.sectionIdentifier,
      period: s.period,
      room: s.room,
      gradebookUpdatedAt: s.gradebookUpdatedAt,
    })),
  )
  await loader.load(t.staffSectionAssociations, plan.sections.map((s) => ({ staffId: s.teacherId, sectionId: s.id, classroomPosition: 'Teacher of Record' as const })))
  await loader.load(t.studentSectionAssociations, plan.enrolments.map((e) => ({ ...e, beginDate: term.beginDate, endDate: null })))
  progress('academics: people, sections and enrolments')
  await seedPortalSignIns(loader, plan)
  progress('academics: portal sign-ins')

  const ability = new Map(plan.students.map((s) => [s.id, s.ability]))
  const enrolled = new Map<string, string[]>()
  for (const e of plan.enrolments) {
    const list = enrolled.get(e.sectionId) ?? []
    list.push(e.studentId)
    enrolled.set(e.sectionId, list)
  }
  const [firstQuarter, secondQuarter] = plan.gradingPeriods
  if (!firstQuarter || !secondQuarter) throw new Error('The plan has no grading periods.')
  const days = plan.instructionalDays
  const elementarySchools = new Set(plan.schools.filter((s) => s.category === 'Elementary School').map((s) => s.id))
  const season = term.name === 'Fall Semester' ? 'Fall' : 'Spring'
  let entries: Array<typeof t.gradebookEntries.$inferInsert> = []
  let scores: Array<typeof t.studentGradebookEntries.$inferInsert> = []
  let grades: Array<typeof t.sectionGrades.$inferInsert> = []
  let done = 0

  const flush = async (force: boolean) => {
    // Small batches, so their rows die young in V8's heap; the loader gathers them into larger COPYs.
    if (!force && scores.length < 2_000) return
    await loader.load(t.gradebookEntries, entries)
    await loader.load(t.studentGradebookEntries, scores)
    await loader.load(t.sectionGrades, grades)
    entries = []
    scores = []
    grades = []
    progress(`academics: gradebooks of ${done} of ${plan.sections.length} sections`)
  }

  for (const section of plan.sections) {
    const roster = enrolled.get(section.id) ?? []
    // The section's own units and days over the term; what is due after the data's last day has no scores yet.
    const coursework = planCoursework(random, section.subject, elementarySchools.has(section.schoolId), days.length, season)
    // Per student per grading period: points earned and possible in each category.
    const tallies = new Map<string, Map<string, { earned: number; possible: number; weight: number }>>()
    // demo.guardian writes to demo.teacher about the demo student's missing work: the latest practice due a week before the data's last day is it.
    const demoSection = section.teacherId === plan.named.demoTeacher && roster.includes(plan.named.demoStudent)
    const weekAgo = plan.daysSoFar.at(-6) ?? ''
    const demoMissing = demoSection
      ? coursework.findLast((p) => p.kind !== 'Unit Test' && p.kind !== 'Classroom Assessment' && (days[p.dueIndex] ?? '') <= weekAgo)
      : undefined
    coursework.forEach((planned) => {
      const kind = ENTRY_KINDS[planned.kind]
      const dueDate = must(days[planned.dueIndex], 'a due date')
      if (planned.kind === 'Unit Test') {
        const tests = plan.facts.testDays.get(section.id) ?? []
        tests.push(dueDate)
        plan.facts.testDays.set(section.id, tests)
      }
      const period = dueDate <= firstQuarter.endDate ? firstQuarter : secondQuarter
      const entryId = seededUuid(random)
      entries.push({
        id: entryId,
        sectionId: section.id,
        gradingPeriodId: period.id,
        title: planned.title,
        entryType: kind.type,
        category: kind.category,
        categoryWeight: kind.weight,
        purpose: kind.purpose,
        assignedDate: must(days[planned.assignedIndex], 'an assigned date'),
        dueDate,
        maxPoints: kind.points,
      })
      if (dueDate > plan.asOf) return
      for (const studentId of roster) {
        const center = ability.get(studentId) ?? 80
        const drawn = weighted(random, [['graded', 84], ['late', 5], ['missing', 5], ['incomplete', 2], ['exempt', 2], ['dropped', 2]] as const)
        const outcome = planned === demoMissing && studentId === plan.named.demoStudent ? 'missing' : drawn
        if (outcome === 'missing') {
          const missing = plan.facts.missingWork.get(studentId) ?? []
          missing.push({ sectionId: section.id, dueDate })
          plan.facts.missingWork.set(studentId, missing)
        }
        const percent = Math.max(0, Math.min(100, center + random.number.int({ min: -15, max: 12 })))
        const points = Math.round((kind.points * percent) / 10) / 10
        const score: typeof t.studentGradebookEntries.$inferInsert = {
          id: seededUuid(random),
          gradebookEntryId: entryId,
          studentId,
          pointsEarned: outcome === 'missing' ? 0 : outcome === 'exempt' ? null : outcome === 'incomplete' ? Math.round(points / 2) : points,
          letterGrade: null,
          scoreStatus: outcome === 'missing' ? 'not submitted' : outcome === 'exempt' ? 'exempt' : outcome === 'incomplete' ? 'partially graded' : 'fully graded',
          missing: outcome === 'missing',
          late: outcome === 'late',
          incomplete: outcome === 'incomplete',
          exempt: outcome === 'exempt',
          dropped: outcome === 'dropped',
          comment: outcome === 'late' ? 'Turned in after the due date.' : outcome === 'dropped' ? 'Lowest score dropped.' : null,
          submittedAt: outcome === 'missing' || outcome === 'exempt' ? null : new Date(`${outcome === 'late' ? minDay(addDays(dueDate, 2), plan.asOf) : dueDate}T20:00:00Z`),
        }
        scores.push(score)
        // Exempt and dropped work does not count against the grade; missing work counts as zero.
        if (kind.weight === 0 || outcome === 'exempt' || outcome === 'dropped') continue
        const key = `${studentId}:${period.id}`
        const byCategory = tallies.get(key) ?? new Map<string, { earned: number; possible: number; weight: number }>()
        const tally = byCategory.get(kind.category) ?? { earned: 0, possible: 0, weight: kind.weight }
        tally.earned += score.pointsEarned ?? 0
        tally.possible += kind.points
        byCategory.set(kind.category, tally)
        tallies.set(key, byCategory)
      }
    })
    for (const [key, byCategory] of tallies) {
      const [studentId, periodId] = key.split(':') as [string, string]
      let weighted = 0
      let weights = 0
      for (const { earned, possible, weight } of byCategory.values()) {
        weighted += (earned / possible) * weight
        weights += weight
      }
      const percent = Math.round((weighted / weights) * 10_000) / 100
      const current = periodId === secondQuarter.id
      grades.push({
        id: seededUuid(random),
        studentId,
        sectionId: section.id,
        gradingPeriodId: periodId,
        gradeType: current ? 'Progress Report' : 'Grading Period',
        letterGradeEarned: letterFor(percent),
        numericGradeEarned: percent,
        asOfDate: current ? section.gradebookUpdatedAt.toISOString().slice(0, 10) : firstQuarter.endDate,
      })
    }
    done++
    await flush(false)
  }
  await flush(true)
}

/**
 * A term of guardians' portal sign-ins with the gaps the research found: most English-speaking
 * families of elementary children sign in at some point, far fewer families who correspond in
 * another language, and fewer as children grow older.
 */
async function seedPortalSignIns(loader: SeedLoader, plan: DistrictPlan): Promise<void> {
  const random = createRandom('portal')
  const categoryOf = new Map(plan.schools.map((s) => [s.id, s.category]))
  const youngestSchool = new Map<string, string>()
  const studentSchool = new Map(plan.students.map((s) => [s.id, s.schoolId]))
  const gradeOf = new Map(plan.students.map((s) => [s.id, s.gradeLevel]))
  const youngestGrade = new Map<string, number>()
  for (const link of plan.guardianships) {
    const grade = gradeOf.get(link.studentId) ?? 12
    if (grade < (youngestGrade.get(link.contactId) ?? 99)) {
      youngestGrade.set(link.contactId, grade)
      youngestSchool.set(link.contactId, studentSchool.get(link.studentId) ?? '')
    }
  }
  const reach: Record<string, number> = { 'Elementary School': 0.82, 'Middle School': 0.66, 'High School': 0.52 }
  const rows: Array<typeof t.portalSignIns.$inferInsert> = []
  for (const contact of plan.contacts) {
    const category = categoryOf.get(youngestSchool.get(contact.id) ?? '') ?? 'High School'
    const english = contact.preferredLanguage === 'en'
    const named = contact.id === plan.named.demoGuardian
    const ever = named || random.datatype.boolean((reach[category] ?? 0.5) * (english ? 1 : 0.3))
    if (!ever) continue
    // Some families look every few days, others once or twice a term.
    const often = random.number.float({ min: 0.02, max: named ? 0.5 : 0.35 })
    const firstDay = random.number.int({ min: 0, max: Math.max(0, plan.daysSoFar.length - 1) })
    plan.daysSoFar.forEach((day, index) => {
      if (index === firstDay || (index > firstDay && random.datatype.boolean(often))) {
        const minute = random.number.int({ min: 6 * 60, max: 22 * 60 })
        rows.push({ contactId: contact.id, signedInOn: day, firstSeenAt: new Date(`${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`) })
      }
    })
  }
  await loader.load(t.portalSignIns, rows)
}
