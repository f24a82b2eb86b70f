/**
 * What a class works on over a term: units from a short curated list per subject and level,
 * each a few pieces of practice (homework, classwork, quizzes) and a unit test, with a diagnostic
 * benchmark early in the term and another in its last weeks. Every section gets its own pace and days, so a student's classes
 * do not all run the same items on the same days; every date is a school day.
 */
import type { Subject } from '../../../db/seed/district.ts'
import { must, type Random } from '../../../db/seed/random.ts'

export type EntryKind = 'Homework' | 'Quiz' | 'Assignment' | 'Unit Test' | 'Classroom Assessment'

export interface PlannedEntry {
  kind: EntryKind
  title: string
  /** Index into the term's instructional days. */
  assignedIndex: number
  dueIndex: number
}

type Band = 'elementary' | 'secondary'
interface Unit {
  name: string
  /** Practice titles within the unit, in teaching order. */
  topics: string[]
}

const UNITS: Record<Subject, Record<Band, Unit[]>> = {
  'English Language Arts': {
    elementary: [
      { name: 'Reading Fiction', topics: ['Story elements', 'Character traits', 'Retelling a story', 'Making predictions'] },
      { name: 'Nonfiction Features', topics: ['Main idea and details', 'Text features', 'Compare two texts', 'Vocabulary in context'] },
      { name: 'Opinion Writing', topics: ['Stating an opinion', 'Giving reasons', 'Linking words', 'Revising a draft'] },
      { name: 'Poetry', topics: ['Rhyme and rhythm', 'Figurative language', 'Reading aloud', 'Writing a poem'] },
    ],
    secondary: [
      { name: 'Narrative and Short Story', topics: ['Plot structure', 'Point of view', 'Theme analysis', 'Narrative draft'] },
      { name: 'Argument Writing', topics: ['Claims and counterclaims', 'Evaluating evidence', 'Thesis statements', 'Argument essay draft'] },
      { name: 'Literary Analysis', topics: ['Close reading', 'Symbolism', 'Annotating a novel', 'Analysis paragraph'] },
      { name: 'Research and Sources', topics: ['Finding credible sources', 'MLA citations', 'Paraphrasing', 'Research outline'] },
    ],
  },
  Mathematics: {
    elementary: [
      { name: 'Place Value', topics: ['Reading large numbers', 'Rounding', 'Comparing numbers', 'Expanded form'] },
      { name: 'Addition and Subtraction', topics: ['Regrouping', 'Word problems', 'Estimating sums', 'Mental math'] },
      { name: 'Multiplication', topics: ['Equal groups', 'Arrays', 'Multiplication facts', 'Two-step problems'] },
      { name: 'Fractions', topics: ['Unit fractions', 'Fractions on a number line', 'Equivalent fractions', 'Comparing fractions'] },
    ],
    secondary: [
      { name: 'Expressions and Equations', topics: ['Order of operations', 'Combining like terms', 'Two-step equations', 'Equations with variables on both sides'] },
      { name: 'Linear Relationships', topics: ['Slope from a graph', 'Slope-intercept form', 'Graphing lines', 'Systems of equations'] },
      { name: 'Geometry and Measurement', topics: ['Angle relationships', 'Area and perimeter', 'Volume', 'The Pythagorean theorem'] },
      { name: 'Data and Statistics', topics: ['Mean, median and mode', 'Box plots', 'Scatter plots', 'Probability'] },
    ],
  },
  Science: {
    elementary: [
      { name: 'Plants and Animals', topics: ['Life cycles', 'What plants need', 'Habitats', 'Food chains'] },
      { name: 'Weather', topics: ['Measuring temperature', 'Clouds', 'Weather journal', 'Seasons'] },
      { name: 'Forces and Motion', topics: ['Pushes and pulls', 'Magnets', 'Ramps experiment', 'Balanced forces'] },
      { name: 'Earth Materials', topics: ['Rocks and minerals', 'Soil layers', 'Erosion', 'Fossils'] },
    ],
    secondary: [
      { name: 'Scientific Method', topics: ['Lab safety', 'Variables and controls', 'Lab report', 'Graphing data'] },
      { name: 'Cells and Living Systems', topics: ['Cell structure', 'Microscope lab', 'Cell transport', 'Body systems'] },
      { name: 'Matter and Energy', topics: ['States of matter', 'Chemical reactions', 'Conservation of energy', 'Heat transfer lab'] },
      { name: 'Earth and Space', topics: ['Plate tectonics', 'The water cycle', 'Moon phases', 'Climate data'] },
    ],
  },
  'Social Studies': {
    elementary: [
      { name: 'Our Community', topics: ['Community helpers', 'Maps and globes', 'Local government', 'Needs and wants'] },
      { name: 'Geography', topics: ['Continents and oceans', 'Landforms', 'Map scale', 'Regions of the United States'] },
      { name: 'Early America', topics: ['Native nations', 'Explorers', 'The thirteen colonies', 'Timeline project'] },
      { name: 'Citizenship', topics: ['Rules and laws', 'Voting', 'Our state', 'Civic project'] },
    ],
    secondary: [
      { name: 'Geography and Civilizations', topics: ['Reading primary sources', 'Ancient river valleys', 'Trade routes', 'Map analysis'] },
      { name: 'Founding Documents', topics: ['The Declaration of Independence', 'The Constitution', 'The Bill of Rights', 'Checks and balances'] },
      { name: 'Economics', topics: ['Supply and demand', 'Personal budgets', 'Markets', 'Economic systems'] },
      { name: 'Modern World', topics: ['Industrial Revolution', 'World War I', 'Civil rights movement', 'Current events brief'] },
    ],
  },
  'World Languages': {
    elementary: [],
    secondary: [
      { name: 'Greetings and Introductions', topics: ['Greetings dialogue', 'Numbers and dates', 'Classroom phrases', 'Introducing yourself'] },
      { name: 'Family and Home', topics: ['Family vocabulary', 'Possessive adjectives', 'Describing your home', 'Family tree presentation'] },
      { name: 'Daily Routines', topics: ['Reflexive verbs', 'Telling time', 'Present tense practice', 'Daily routine journal'] },
      { name: 'Food and Culture', topics: ['Food vocabulary', 'Ordering at a restaurant', 'Cultural reading', 'Recipe presentation'] },
    ],
  },
  'Physical, Health, and Safety Education': {
    elementary: [
      { name: 'Movement Skills', topics: ['Throwing and catching', 'Jump rope', 'Balance', 'Teamwork games'] },
      { name: 'Healthy Habits', topics: ['Healthy plate', 'Sleep and rest', 'Hand washing', 'Staying active'] },
    ],
    secondary: [
      { name: 'Fitness', topics: ['Fitness log', 'Heart rate zones', 'Personal fitness plan', 'Mile run'] },
      { name: 'Health', topics: ['Nutrition labels', 'Stress and coping', 'First aid', 'Decision making'] },
      { name: 'Team Sports', topics: ['Volleyball skills', 'Basketball rules', 'Sportsmanship reflection', 'Game strategy'] },
    ],
  },
  'Fine and Performing Arts': {
    elementary: [{ name: 'Art Basics', topics: ['Color wheel', 'Lines and shapes', 'Self-portrait', 'Clay project'] }],
    secondary: [{ name: 'Studio Art', topics: ['Sketchbook prompts', 'Perspective drawing', 'Artist study', 'Portfolio piece'] }],
  },
}

const PRACTICE_LABEL: Record<'Homework' | 'Quiz' | 'Assignment', string> = { Homework: 'Homework', Quiz: 'Quiz', Assignment: 'Classwork' }

/**
 * The term's work for one section: a diagnostic benchmark in the first weeks, then units at this
 * section's pace, each of practice items and a unit test, due on school days across the term.
 */
export function planCoursework(random: Random, subject: Subject, elementary: boolean, termDays: number, season: string): PlannedEntry[] {
  const units = UNITS[subject][elementary ? 'elementary' : 'secondary']
  const plan: PlannedEntry[] = []
  const last = termDays - 1
  const due = (index: number) => Math.max(1, Math.min(last, index))
  // Some classes start later or run a unit longer: offsets differ by section.
  const start = random.number.int({ min: 5, max: 12 })
  const benchmark = due(start - random.number.int({ min: 1, max: 4 }))
  const benchmarkName = subject === 'Mathematics' ? 'math' : subject === 'English Language Arts' ? 'reading' : subject.toLowerCase()
  plan.push({ kind: 'Classroom Assessment', title: `${season} ${benchmarkName} benchmark`, assignedIndex: benchmark, dueIndex: benchmark })
  // A second diagnostic in the term's last weeks shows the growth since the first (winter in a fall term, end of year in spring).
  const later = due(Math.floor(termDays * 0.75) + random.number.int({ min: -3, max: 3 }))
  const laterSeason = season === 'Fall' ? 'Winter' : 'End-of-year'
  plan.push({ kind: 'Classroom Assessment', title: `${laterSeason} ${benchmarkName} benchmark`, assignedIndex: later, dueIndex: later })
  const unitCount = Math.min(units.length, random.number.int({ min: 3, max: 4 }))
  const span = Math.max(4, Math.floor((termDays - start - 3) / unitCount))
  for (let u = 0; u < unitCount; u++) {
    const unit = must(units[u], 'a unit')
    const unitStart = start + u * span
    const practice = random.number.int({ min: 2, max: 3 })
    const topics = random.helpers.arrayElements(unit.topics, practice).sort((a, b) => unit.topics.indexOf(a) - unit.topics.indexOf(b))
    topics.forEach((topic, k) => {
      const kind = random.helpers.arrayElement(['Homework', 'Homework', 'Assignment', 'Quiz'] as const)
      const dueIndex = due(unitStart + Math.floor(((k + 1) * (span - 2)) / (practice + 1)) + random.number.int({ min: -1, max: 1 }))
      plan.push({ kind, title: `${PRACTICE_LABEL[kind]}: ${topic}`, assignedIndex: Math.max(0, dueIndex - random.number.int({ min: 1, max: 4 })), dueIndex })
    })
    const testIndex = due(unitStart + span - 1 - random.number.int({ min: 0, max: 1 }))
    plan.push({ kind: 'Unit Test', title: `Unit ${u + 1} Test: ${unit.name}`, assignedIndex: Math.max(0, testIndex - random.number.int({ min: 5, max: 8 })), dueIndex: testIndex })
  }
  return plan.sort((a, b) => a.dueIndex - b.dueIndex)
}
