/**
 * Seeds behaviour: a term of discipline incidents — most involving one student, many two to four
 * students of the same school and grade, each with their own participation, their own part in
 * words that name no one else, and the actions taken about the perpetrators — and the positive
 * recognitions families should hear about too (about four students in ten). The named demo
 * children get fixed records that show every participation and recognition a portal displays.
 */
import * as t from './schema.ts'
import type { SeedLoader } from '../../../db/seed/bulk.ts'
import { type DistrictPlan, type PlannedSchool, type PlannedStudent, type SchoolCategory } from '../../../db/seed/district.ts'
import { MONTH_NAMES } from '../../../db/seed/calendar.ts'
import { createRandom, weighted, type Random } from '../../../db/seed/random.ts'
import type { SeedProgress } from '../../../db/seed/progress.ts'

type Location = (typeof t.incidentLocation.enumValues)[number]
type Category = (typeof t.behaviorCategory.enumValues)[number]
type Role = (typeof t.participationCode.enumValues)[number]
type Action = (typeof t.disciplineActionType.enumValues)[number]
type Severity = 'minor' | 'moderate' | 'serious' | 'severe'
type Choices<T> = ReadonlyArray<readonly [T, number]>

interface Scenario {
  category: Category
  /** How often it happens at an elementary, a middle and a high school. */
  weights: Record<SchoolCategory, number>
  locations: Choices<Location>
  /** Who took part, first the student the incident is about. */
  casts: Choices<Role[]>
  severities: Choices<Severity>
  /** Shown to every participant's family: it neither names nor counts the students involved. */
  descriptions: string[]
  /** Each participant's own part, by participation. */
  details: Partial<Record<Role, string[]>>
}

const WITNESS = ['Saw what happened and gave a written statement to staff.', 'Was present and answered questions from the assistant principal.']
const REPORTER = ['Told a staff member what happened.', 'Reported the incident to a teacher right away.']

const SCENARIOS: Scenario[] = [
  {
    category: 'School Code of Conduct',
    weights: { 'Elementary School': 20, 'Middle School': 16, 'High School': 10 },
    locations: [['Classroom', 85], ['Library/media center', 10], ['Gymnasium', 5]],
    casts: [[['Perpetrator'], 1]],
    severities: [['minor', 70], ['moderate', 30]],
    descriptions: ['Repeatedly disrupted instruction after being redirected.', 'Disruptive behaviour during a lesson that stopped the class from working.'],
    details: { Perpetrator: ['Talked over the teacher and did not respond to redirection.', 'Left their seat repeatedly and distracted classmates during independent work.'] },
  },
  {
    category: 'School Code of Conduct',
    weights: { 'Elementary School': 0, 'Middle School': 14, 'High School': 16 },
    locations: [['Classroom', 85], ['Library/media center', 15]],
    casts: [[['Perpetrator'], 1]],
    severities: [['minor', 85], ['moderate', 15]],
    descriptions: ['Used a cell phone during instruction against the classroom phone policy.'],
    details: { Perpetrator: ['Used a phone during a lesson; the phone was held at the office until the end of the day.', 'Was on a phone during a quiz after a reminder to put it away.'] },
  },
  {
    category: 'School Code of Conduct',
    weights: { 'Elementary School': 8, 'Middle School': 10, 'High School': 9 },
    locations: [['Classroom', 60], ['Gymnasium', 25], ['Hallway or stairs', 15]],
    casts: [[['Perpetrator'], 1]],
    severities: [['minor', 40], ['moderate', 60]],
    descriptions: ['Refused to follow a staff member’s reasonable instructions.'],
    details: { Perpetrator: ['Refused to move seats when asked and argued with the teacher.', 'Would not take part in the activity and left the group without permission.'] },
  },
  {
    category: 'School Code of Conduct',
    weights: { 'Elementary School': 0, 'Middle School': 6, 'High School': 12 },
    locations: [['Hallway or stairs', 50], ['Parking lot', 35], ['Library/media center', 15]],
    casts: [[['Perpetrator'], 3], [['Perpetrator', 'Perpetrator'], 1]],
    severities: [['moderate', 100]],
    descriptions: ['Left class without permission and was found elsewhere on campus.', 'Skipped a scheduled class period while on campus.'],
    details: { Perpetrator: ['Was out of class without a pass for most of the period.', 'Did not attend an assigned class and was found elsewhere on campus.'] },
  },
  {
    category: 'School Code of Conduct',
    weights: { 'Elementary School': 0, 'Middle School': 6, 'High School': 8 },
    locations: [['Classroom', 70], ['Online', 30]],
    casts: [[['Perpetrator'], 3], [['Perpetrator', 'Perpetrator'], 1]],
    severities: [['moderate', 100]],
    descriptions: ['Academic dishonesty: work submitted for a grade was not the student’s own.'],
    details: { Perpetrator: ['Copied answers on a unit test; the test will be retaken.', 'Submitted an essay that was largely copied from a website.'] },
  },
  {
    category: 'School Code of Conduct',
    weights: { 'Elementary School': 10, 'Middle School': 10, 'High School': 4 },
    locations: [['School bus', 80], ['Bus stop', 20]],
    casts: [[['Perpetrator'], 4], [['Perpetrator', 'Perpetrator'], 3], [['Perpetrator', 'Perpetrator', 'Reporter'], 1], [['Perpetrator', 'Victim'], 2]],
    severities: [['minor', 60], ['moderate', 40]],
    descriptions: ['Unsafe behaviour on the bus reported by the driver.', 'Did not follow bus safety rules after warnings from the driver.'],
    details: {
      Perpetrator: ['Stood up and moved seats while the bus was moving.', 'Threw objects out of the bus window.', 'Was loud and did not follow the driver’s instructions.'],
      Victim: ['Had belongings thrown by another student; nothing was damaged.'],
    },
  },
  {
    category: 'School Code of Conduct',
    weights: { 'Elementary School': 12, 'Middle School': 8, 'High School': 4 },
    locations: [['Classroom', 35], ['Cafeteria area', 30], ['Playground', 20], ['Hallway or stairs', 15]],
    casts: [[['Perpetrator', 'Victim'], 4], [['Perpetrator', 'Victim', 'Witness'], 1]],
    severities: [['minor', 65], ['moderate', 35]],
    descriptions: ['Inappropriate and disrespectful language directed at another student.'],
    details: {
      Perpetrator: ['Called another student names and used profanity.', 'Made rude comments to another student after being asked to stop.'],
      Victim: ['Was called names by another student and told a teacher.', 'Was the target of rude comments; a counselor checked in afterwards.'],
    },
  },
  {
    category: 'School Code of Conduct',
    weights: { 'Elementary School': 14, 'Middle School': 0, 'High School': 0 },
    locations: [['Playground', 80], ['Gymnasium', 20]],
    casts: [[['Perpetrator', 'Victim'], 3], [['Perpetrator', 'Victim', 'Reporter'], 2], [['Perpetrator', 'Perpetrator', 'Victim'], 1]],
    severities: [['minor', 85], ['moderate', 15]],
    descriptions: ['Rough play during recess that ended with a student hurt.', 'Did not follow recess safety rules during a game.'],
    details: {
      Perpetrator: ['Pushed during a game of tag; apologised afterwards.', 'Tackled during a game that was meant to be two-hand touch.'],
      Victim: ['Fell after being pushed and scraped a knee; seen by the nurse and returned to class.', 'Was knocked over during a game; not injured.'],
    },
  },
  {
    category: 'School Violation',
    weights: { 'Elementary School': 4, 'Middle School': 8, 'High School': 6 },
    locations: [['Cafeteria area', 30], ['Hallway or stairs', 30], ['Playground', 10], ['Gymnasium', 15], ['Parking lot', 5], ['Bus stop', 10]],
    casts: [[['Perpetrator', 'Perpetrator'], 4], [['Perpetrator', 'Victim'], 3], [['Perpetrator', 'Perpetrator', 'Witness'], 2], [['Perpetrator', 'Victim', 'Witness', 'Witness'], 1]],
    severities: [['serious', 55], ['severe', 45]],
    descriptions: ['Physical altercation; staff separated the students involved.', 'Fighting: punches were thrown before staff intervened.'],
    details: {
      Perpetrator: ['Exchanged punches and did not stop when staff told them to.', 'Shoved and struck another student during an argument.'],
      Victim: ['Was struck by another student; seen by the nurse, parent called.', 'Was pushed into a wall by another student and did not fight back.'],
    },
  },
  {
    category: 'School Violation',
    weights: { 'Elementary School': 4, 'Middle School': 9, 'High School': 6 },
    locations: [['Hallway or stairs', 35], ['Classroom', 20], ['Cafeteria area', 20], ['School bus', 15], ['Playground', 10]],
    casts: [[['Perpetrator', 'Victim'], 3], [['Perpetrator', 'Victim', 'Reporter'], 2], [['Perpetrator', 'Perpetrator', 'Victim', 'Witness'], 1]],
    severities: [['serious', 80], ['severe', 20]],
    descriptions: ['Bullying: repeated unwanted behaviour aimed at another student over several weeks.', 'Harassment of another student that continued after a warning.'],
    details: {
      Perpetrator: ['Repeatedly mocked and excluded another student.', 'Took another student’s belongings and made threats over several days.'],
      Victim: ['Was repeatedly mocked and excluded; a safety plan is in place with the counselor.', 'Was the target of repeated unwanted behaviour; the counselor is meeting weekly.'],
    },
  },
  {
    category: 'School Violation',
    weights: { 'Elementary School': 0, 'Middle School': 6, 'High School': 5 },
    locations: [['Online', 1]],
    casts: [[['Perpetrator', 'Victim'], 2], [['Perpetrator', 'Victim', 'Reporter'], 3]],
    severities: [['serious', 75], ['severe', 25]],
    descriptions: ['Cyberbullying on social media that disrupted the school day.'],
    details: {
      Perpetrator: ['Posted hurtful comments and an edited photo of another student.', 'Sent threatening messages to another student in a group chat.'],
      Victim: ['Was the target of hurtful posts; the posts were reported and removed.'],
      Reporter: ['Showed the posts to a counselor.', 'Reported the messages to a teacher.'],
    },
  },
  {
    category: 'School Violation',
    weights: { 'Elementary School': 3, 'Middle School': 5, 'High School': 5 },
    locations: [['Gymnasium', 40], ['Classroom', 30], ['Library/media center', 15], ['Cafeteria area', 15]],
    casts: [[['Perpetrator', 'Victim'], 1]],
    severities: [['moderate', 60], ['serious', 40]],
    descriptions: ['Theft of personal property; the item was recovered and returned.'],
    details: { Perpetrator: ['Took an item from another student’s bag; the item was returned.'], Victim: ['Had an item taken from their bag; it was recovered and returned.'] },
  },
  {
    category: 'School Violation',
    weights: { 'Elementary School': 2, 'Middle School': 5, 'High School': 5 },
    locations: [['Hallway or stairs', 35], ['Classroom', 25], ['Library/media center', 15], ['Parking lot', 15], ['Gymnasium', 10]],
    casts: [[['Perpetrator'], 3], [['Perpetrator', 'Perpetrator'], 2], [['Perpetrator', 'Witness'], 1]],
    severities: [['moderate', 50], ['serious', 50]],
    descriptions: ['Vandalism of school property; restitution was arranged.', 'Damaged school property with markers and a sharp object.'],
    details: { Perpetrator: ['Wrote graffiti on a desk and wall; will help clean it up.', 'Damaged a bathroom fixture.'] },
  },
  {
    category: 'School Violation',
    weights: { 'Elementary School': 0, 'Middle School': 4, 'High School': 8 },
    locations: [['Hallway or stairs', 40], ['Parking lot', 40], ['Gymnasium', 20]],
    casts: [[['Perpetrator'], 3], [['Perpetrator', 'Perpetrator'], 2]],
    severities: [['serious', 100]],
    descriptions: ['Possession of a vaping device on campus.'],
    details: { Perpetrator: ['Had a vaping device in a backpack; it was confiscated and a parent picked it up.'] },
  },
  {
    category: 'State Offense',
    weights: { 'Elementary School': 0, 'Middle School': 1, 'High School': 2 },
    locations: [['Hallway or stairs', 40], ['Parking lot', 30], ['Cafeteria area', 15], ['Gymnasium', 15]],
    casts: [[['Perpetrator', 'Victim', 'Witness'], 2], [['Perpetrator', 'Victim', 'Witness', 'Witness'], 1]],
    severities: [['severe', 100]],
    descriptions: ['Assault causing injury; the school resource officer was notified.'],
    details: { Perpetrator: ['Assaulted another student, who needed medical attention.'], Victim: ['Was injured in an assault and taken to urgent care by a parent.'] },
  },
  {
    category: 'State Offense',
    weights: { 'Elementary School': 0, 'Middle School': 1, 'High School': 2 },
    locations: [['Parking lot', 40], ['Hallway or stairs', 40], ['School bus', 20]],
    casts: [[['Perpetrator'], 2], [['Perpetrator', 'Perpetrator'], 1]],
    severities: [['severe', 100]],
    descriptions: ['Possession of a controlled substance on school grounds; the school resource officer was notified.'],
    details: { Perpetrator: ['Was found with a controlled substance in a backpack search.'] },
  },
  {
    category: 'State Offense',
    weights: { 'Elementary School': 0, 'Middle School': 1, 'High School': 1 },
    locations: [['Online', 70], ['Classroom', 30]],
    casts: [[['Perpetrator'], 1], [['Perpetrator', 'Reporter'], 2]],
    severities: [['severe', 100]],
    descriptions: ['A threat of violence against the school; law enforcement was notified and found no ongoing danger.'],
    details: { Perpetrator: ['Made a written threat against the school.'] },
  },
]

const ACTION_PLANS: Record<Severity, Choices<Action[]>> = {
  minor: [[['Verbal warning'], 70], [['Verbal warning', 'Parent conference'], 30]],
  moderate: [[['Detention'], 40], [['Parent conference', 'Detention'], 25], [['Removal from Classroom'], 20], [['Removal from Classroom', 'Parent conference'], 15]],
  serious: [[['In School Suspension'], 50], [['Parent conference', 'In School Suspension'], 50]],
  severe: [[['Parent conference', 'Out of School Suspension'], 1]],
}

/** Incidents a term, per student, by school level. About 8% of students take part in one. */
const INCIDENT_RATE: Record<SchoolCategory, number> = { 'Elementary School': 0.032, 'Middle School': 0.075, 'High School': 0.062 }

const COMMENDATIONS = [
  'Helped a classmate catch up after an absence.',
  'Outstanding effort on the unit project.',
  'Showed leadership during group work.',
  'Consistently kind and respectful to classmates.',
  'Great improvement in effort and focus this quarter.',
  'Volunteered to help set up the school book fair.',
  'Welcomed a new student and showed them around.',
  'Asked thoughtful questions that helped the whole class.',
  'Stayed after class to help clean up the lab.',
  'Turned in a lost wallet to the office.',
]
const CITIZENSHIP = [
  'Citizenship award: respect, responsibility and kindness.',
  'Citizenship award for service to the school community.',
  'Citizenship award for helping younger students at arrival.',
]


/** The months of the term so far after its first (a student of the month is named at each one's start): '2026-10' and 'October 2026'. */
function monthsOf(plan: DistrictPlan): Array<{ month: string; name: string }> {
  const months = [...new Set(plan.daysSoFar.map((day) => day.slice(0, 7)))].filter((m) => m !== plan.calendar.term.beginDate.slice(0, 7))
  return months.map((month) => ({ month, name: `${MONTH_NAMES[Number(month.slice(5)) - 1] ?? ''} ${month.slice(0, 4)}` }))
}

type IncidentRow = typeof t.disciplineIncidents.$inferInsert
type ParticipantRow = typeof t.incidentParticipants.$inferInsert
type ActionRow = typeof t.disciplineActions.$inferInsert
type RecognitionRow = typeof t.recognitions.$inferInsert

/** An incident before its school numbers it. */
interface Draft {
  incident: Omit<IncidentRow, 'incidentIdentifier'>
  participants: ParticipantRow[]
  actions: ActionRow[]
}

function clock(random: Random, from: string, to: string): string {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
  const m = random.number.int({ min: minutes(from), max: minutes(to) })
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`
}

/** When, in the school day, an incident at `location` happens. */
function timeAt(random: Random, location: Location): string {
  const morning = random.datatype.boolean(0.5)
  switch (location) {
    case 'School bus':
      return morning ? clock(random, '07:05', '07:55') : clock(random, '15:10', '15:55')
    case 'Bus stop':
      return morning ? clock(random, '06:50', '07:30') : clock(random, '15:20', '16:10')
    case 'Online':
      return clock(random, '16:00', '22:30')
    case 'Cafeteria area':
      return clock(random, '11:00', '12:55')
    case 'Parking lot':
      return morning ? clock(random, '07:15', '08:00') : clock(random, '14:45', '15:30')
    default:
      return clock(random, '08:00', '15:00')
  }
}

/** School days an action lasts (a detention is one session); warnings and conferences have no length. */
function lengthOf(random: Random, action: Action, category: Category): number | null {
  switch (action) {
    case 'Detention':
      return 1
    case 'Removal from Classroom':
      return random.helpers.arrayElement([0.5, 1])
    case 'In School Suspension':
      return random.number.int({ min: 1, max: 3 })
    case 'Out of School Suspension':
      return category === 'State Offense' ? random.number.int({ min: 3, max: 10 }) : random.number.int({ min: 1, max: 5 })
    default:
      return null
  }
}

/** The plan, indexed the ways this seeder looks it up, and the draws it makes about people. */
function indexDistrict(plan: DistrictPlan, random: Random) {
  const days = plan.daysSoFar
  const named = new Set<string>([plan.named.demoStudent, plan.named.demoElementaryChild, plan.named.restrictedStudent, plan.named.adultStudent])
  const byGrade = new Map<string, PlannedStudent[]>()
  const bySchool = new Map<string, PlannedStudent[]>()
  const add = (map: Map<string, PlannedStudent[]>, key: string, student: PlannedStudent) => {
    const list = map.get(key)
    if (list) list.push(student)
    else map.set(key, [student])
  }
  for (const s of plan.students) {
    if (named.has(s.id)) continue
    add(byGrade, `${s.schoolId}:${s.gradeLevel}`, s)
    add(bySchool, s.schoolId, s)
  }
  const teacherOfSection = new Map(plan.sections.map((s) => [s.id, s.teacherId]))
  const teachers = new Map<string, string[]>()
  for (const e of plan.enrolments) {
    const teacher = teacherOfSection.get(e.sectionId)
    const list = teachers.get(e.studentId) ?? []
    if (teacher && !list.includes(teacher)) list.push(teacher)
    teachers.set(e.studentId, list)
  }
  /** Each school's principal and counselor, who handle what happens outside classrooms. */
  const leaders = new Map<string, { principal: string; counselor: string }>()
  for (const school of plan.schools) {
    const principal = plan.staff.find((m) => m.schoolId === school.id && m.classification === 'Principal')
    const counselor = plan.staff.find((m) => m.schoolId === school.id && m.classification === 'Counselor')
    if (!principal || !counselor) throw new Error(`School ${school.schoolCode} lacks a principal or a counselor in the plan.`)
    leaders.set(school.id, { principal: principal.id, counselor: counselor.id })
  }
  const leadersOf = (student: PlannedStudent) => {
    const found = leaders.get(student.schoolId)
    if (!found) throw new Error(`Student ${student.studentUniqueId} attends a school the plan does not hold.`)
    return found
  }
  const teacherOf = (student: PlannedStudent): string => {
    const list = teachers.get(student.id) ?? []
    return list.length > 0 ? random.helpers.arrayElement(list) : leadersOf(student).principal
  }
  return {
    days,
    named,
    uuid: () => random.string.uuid(),
    /** The `after`-th school day after `day`, but never past the data's last day: the seed holds no future. */
    schoolDayAfter: (day: string, after = 1): string => days[Math.min(days.length - 1, days.indexOf(day) + after)] ?? day,
    /** The school day `n` school days before the data's last day (its first day, early in a term). */
    ago: (n: number): string => days[Math.max(0, days.length - 1 - n)] ?? plan.asOf,
    /** Students of a school, or of one grade there, in the plan's order; never a named one. */
    schoolmates: (schoolId: string) => bySchool.get(schoolId) ?? [],
    gradeMates: (student: PlannedStudent) => byGrade.get(`${student.schoolId}:${student.gradeLevel}`) ?? [],
    principalOf: (student: PlannedStudent) => leadersOf(student).principal,
    counselorOf: (student: PlannedStudent) => leadersOf(student).counselor,
    teacherOf,
    /** Teachers report what happens in their rooms; elsewhere, often the office does. */
    reporterOf: (student: PlannedStudent, location: Location): string =>
      ['Classroom', 'Gymnasium', 'Library/media center'].includes(location) || random.datatype.boolean(0.4)
        ? teacherOf(student)
        : random.helpers.arrayElement([leadersOf(student).principal, leadersOf(student).counselor]),
    student: (id: string): PlannedStudent => {
      const found = plan.students.find((s) => s.id === id)
      if (!found) throw new Error(`The plan lacks its named student ${id}.`)
      return found
    },
  }
}
type District = ReturnType<typeof indexDistrict>

interface Part {
  student: PlannedStudent
  role: Role
  detail: string
  actions?: Array<{ action: Action; days: number | null; after?: number }>
}
type IncidentFields = Pick<IncidentRow, 'incidentDate' | 'incidentTime' | 'incidentLocation' | 'behaviorCategory' | 'behaviorDescription' | 'reportedByStaffId'>

/** A hand-made incident: each student with their own part and the actions taken about it. */
function fixedIncident(d: District, fields: IncidentFields, parts: Part[]): Draft {
  const first = parts[0]
  if (!first) throw new Error('An incident needs at least one student.')
  const incidentId = d.uuid()
  const schoolId = first.student.schoolId
  return {
    incident: { id: incidentId, schoolId, ...fields },
    participants: parts.map(({ student, role, detail }) => ({ id: d.uuid(), incidentId, studentId: student.id, participationCode: role, behaviorDetail: detail })),
    actions: parts.flatMap(({ student, actions }) =>
      (actions ?? []).map(({ action, days, after }) => ({
        id: d.uuid(),
        incidentId,
        studentId: student.id,
        disciplineAction: action,
        disciplineDate: after ? d.schoolDayAfter(fields.incidentDate, after) : fields.incidentDate,
        actionLengthDays: days,
      })),
    ),
  }
}

/**
 * The named children's incidents: the demo high-schooler as victim, perpetrator (alone and with
 * a classmate) and witness; the demo elementary child as reporter; the restricted and the adult
 * student with a record of their own, so that denials have something to withhold.
 */
function demoIncidents(plan: DistrictPlan, random: Random, d: District): Draft[] {
  const leo = d.student(plan.named.demoStudent)
  const maya = d.student(plan.named.demoElementaryChild)
  const noah = d.student(plan.named.restrictedStudent)
  const jordan = d.student(plan.named.adultStudent)
  const classmates = (student: PlannedStudent, count: number): PlannedStudent[] => {
    const pool = d.gradeMates(student)
    if (pool.length < count) throw new Error(`Grade ${student.gradeLevel} at a demo school needs ${count} more students.`)
    return random.helpers.arrayElements(pool, count)
  }
  const [shover, onlooker] = classmates(leo, 2) as [PlannedStudent, PlannedStudent]
  const [skipper] = classmates(leo, 1) as [PlannedStudent]
  const [thrower, target] = classmates(leo, 2) as [PlannedStudent, PlannedStudent]
  const [pusher, fallen] = classmates(maya, 2) as [PlannedStudent, PlannedStudent]
  const [taunted] = classmates(noah, 1) as [PlannedStudent]
  const skipped = 'Left class without permission and was found elsewhere on campus.'
  return [
    fixedIncident(
      d,
      {
        incidentDate: d.ago(4),
        incidentTime: '12:10:00',
        incidentLocation: 'Cafeteria area',
        behaviorCategory: 'School Violation',
        behaviorDescription: 'Physical altercation in the lunch line; staff separated the students involved.',
        reportedByStaffId: d.principalOf(leo),
      },
      [
        { student: leo, role: 'Victim', detail: 'Was shoved into a table by another student and did not fight back; seen by the nurse, not injured.' },
        {
          student: shover,
          role: 'Perpetrator',
          detail: 'Shoved another student into a table after an argument in the lunch line.',
          actions: [
            { action: 'Parent conference', days: null, after: 1 },
            { action: 'Out of School Suspension', days: 2, after: 1 },
          ],
        },
        { student: onlooker, role: 'Witness', detail: 'Saw what happened and gave a written statement to staff.' },
      ],
    ),
    fixedIncident(
      d,
      {
        incidentDate: d.ago(21),
        incidentTime: '10:35:00',
        incidentLocation: 'Classroom',
        behaviorCategory: 'School Code of Conduct',
        behaviorDescription: 'Used a cell phone during instruction against the classroom phone policy.',
        reportedByStaffId: plan.named.demoTeacher,
      },
      [{ student: leo, role: 'Perpetrator', detail: 'Was texting during a geometry lesson after a reminder to put the phone away.', actions: [{ action: 'Verbal warning', days: null }] }],
    ),
    fixedIncident(
      d,
      { incidentDate: d.ago(33), incidentTime: '13:40:00', incidentLocation: 'Parking lot', behaviorCategory: 'School Code of Conduct', behaviorDescription: skipped, reportedByStaffId: d.counselorOf(leo) },
      [
        {
          student: leo,
          role: 'Perpetrator',
          detail: 'Left fifth period without a pass and was found in the student parking lot.',
          actions: [
            { action: 'Detention', days: 1 },
            { action: 'Parent conference', days: null, after: 2 },
          ],
        },
        { student: skipper, role: 'Perpetrator', detail: 'Walked out of fifth period without asking and was found in the parking lot.', actions: [{ action: 'Detention', days: 1 }] },
      ],
    ),
    fixedIncident(
      d,
      {
        incidentDate: d.ago(48),
        incidentTime: '15:25:00',
        incidentLocation: 'School bus',
        behaviorCategory: 'School Code of Conduct',
        behaviorDescription: 'Unsafe behaviour on the bus reported by the driver.',
        reportedByStaffId: d.principalOf(leo),
      },
      [
        { student: leo, role: 'Witness', detail: 'Saw objects thrown on the afternoon bus and described it to the assistant principal.' },
        { student: thrower, role: 'Perpetrator', detail: 'Threw objects at another student on the bus.', actions: [{ action: 'Detention', days: 1 }] },
        { student: target, role: 'Victim', detail: 'Had objects thrown at them by another student; not hurt.' },
      ],
    ),
    fixedIncident(
      d,
      {
        incidentDate: d.ago(9),
        incidentTime: '11:50:00',
        incidentLocation: 'Playground',
        behaviorCategory: 'School Code of Conduct',
        behaviorDescription: 'Rough play during recess that ended with a student hurt.',
        reportedByStaffId: d.teacherOf(maya),
      },
      [
        { student: maya, role: 'Reporter', detail: 'Told the recess teacher right away that a classmate had been hurt.' },
        { student: pusher, role: 'Perpetrator', detail: 'Pushed during a game of tag; apologised afterwards.', actions: [{ action: 'Verbal warning', days: null }] },
        { student: fallen, role: 'Victim', detail: 'Fell after being pushed and scraped a knee; seen by the nurse and returned to class.' },
      ],
    ),
    fixedIncident(
      d,
      {
        incidentDate: d.ago(14),
        incidentTime: '09:20:00',
        incidentLocation: 'Hallway or stairs',
        behaviorCategory: 'School Code of Conduct',
        behaviorDescription: 'Inappropriate and disrespectful language directed at another student.',
        reportedByStaffId: d.teacherOf(noah),
      },
      [
        { student: noah, role: 'Perpetrator', detail: 'Made rude comments to another student after being asked to stop.', actions: [{ action: 'Removal from Classroom', days: 0.5 }] },
        { student: taunted, role: 'Victim', detail: 'Was the target of rude comments; a counselor checked in afterwards.' },
      ],
    ),
    fixedIncident(
      d,
      {
        incidentDate: d.ago(26),
        incidentTime: '07:40:00',
        incidentLocation: 'Parking lot',
        behaviorCategory: 'School Violation',
        behaviorDescription: 'Possession of a vaping device on campus.',
        reportedByStaffId: d.principalOf(jordan),
      },
      [{ student: jordan, role: 'Perpetrator', detail: 'Had a vaping device in a car parked on campus; it was confiscated.', actions: [{ action: 'In School Suspension', days: 1, after: 1 }] }],
    ),
  ]
}

/**
 * A term of incidents at one school. A few students find trouble again and again; most never
 * appear. The others involved come from the first student's grade, each at most once.
 */
function schoolIncidents(school: PlannedSchool, random: Random, d: District): Draft[] {
  const students = d.schoolmates(school.id)
  if (students.length === 0) return []
  const frequent = random.helpers.arrayElements(students, Math.max(1, Math.round(students.length * 0.015)))
  const scenarios: Choices<Scenario> = SCENARIOS.map((s) => [s, s.weights[school.category]] as const).filter(([, w]) => w > 0)
  const count = Math.round(students.length * INCIDENT_RATE[school.category] * random.number.float({ min: 0.85, max: 1.15 }))
  const drafts: Draft[] = []
  for (let i = 0; i < count; i++) {
    const scenario = weighted(random, scenarios)
    const first = random.datatype.boolean(0.3) ? random.helpers.arrayElement(frequent) : random.helpers.arrayElement(students)
    const roles = weighted(random, scenario.casts)
    const pool = d.gradeMates(first).filter((s) => s.id !== first.id)
    const others = random.helpers.arrayElements(pool, Math.min(pool.length, roles.length - 1))
    const location = weighted(random, scenario.locations)
    const day = random.helpers.arrayElement(d.days)
    const severity = weighted(random, scenario.severities)
    const incidentId = d.uuid()
    const draft: Draft = {
      incident: {
        id: incidentId,
        schoolId: school.id,
        incidentDate: day,
        incidentTime: timeAt(random, location),
        incidentLocation: location,
        behaviorCategory: scenario.category,
        behaviorDescription: random.helpers.arrayElement(scenario.descriptions),
        reportedByStaffId: d.reporterOf(first, location),
      },
      participants: [],
      actions: [],
    }
    ;[first, ...others].forEach((student, k) => {
      const role = roles[k] ?? 'Witness'
      const details = scenario.details[role] ?? (role === 'Reporter' ? REPORTER : WITNESS)
      draft.participants.push({ id: d.uuid(), incidentId, studentId: student.id, participationCode: role, behaviorDetail: random.helpers.arrayElement(details) })
      if (role !== 'Perpetrator') return
      // Warnings, detentions and removals happen the same day; conferences and suspensions follow.
      for (const action of weighted(random, ACTION_PLANS[severity])) {
        draft.actions.push({
          id: d.uuid(),
          incidentId,
          studentId: student.id,
          disciplineAction: action,
          disciplineDate: ['Parent conference', 'In School Suspension', 'Out of School Suspension'].includes(action) ? d.schoolDayAfter(day) : day,
          actionLengthDays: lengthOf(random, action, scenario.category),
        })
      }
    })
    drafts.push(draft)
  }
  return drafts
}

const gradeName = (grade: number) => (grade === 0 ? 'Kindergarten' : `Grade ${grade}`)

/**
 * Recognitions: the named children's own, a student of the month per grade per school each
 * month, and for everyone else honor roll by ability, citizenship awards and teachers'
 * commendations. Quarter awards follow the end of the first grading period. Perfect attendance
 * goes only to the demo elementary child, when attendance's seed (which runs first, plan.facts)
 * recorded no absence of hers in the first grading period.
 */
function* recognitionsOf(plan: DistrictPlan, random: Random, d: District): Generator<RecognitionRow> {
  const firstQuarter = plan.gradingPeriods[0]
  if (!firstQuarter) throw new Error('The plan has no grading periods.')
  // A week into the second grading period (none before it).
  const quarterAwards = d.days.filter((day) => day > firstQuarter.endDate)[4]
  const award = (student: PlannedStudent, recognitionType: RecognitionRow['recognitionType'], description: string, awardedDate: string, by: string): RecognitionRow => ({
    id: d.uuid(),
    studentId: student.id,
    recognitionType,
    description,
    awardedDate,
    awardedByStaffId: by,
  })
  const leo = d.student(plan.named.demoStudent)
  const maya = d.student(plan.named.demoElementaryChild)
  const noah = d.student(plan.named.restrictedStudent)
  const jordan = d.student(plan.named.adultStudent)
  const monthStart = (month: string) => d.days.find((day) => day.startsWith(month))
  const months = monthsOf(plan)
  const quarter = firstQuarter.name
  yield award(leo, 'Commendation', 'Showed leadership during group work.', d.ago(12), plan.named.demoTeacher)
  // The demo high-schooler holds the term's first full month's award for his grade and school.
  const leoMonth = months[0]
  const leoMonthStart = leoMonth && monthStart(leoMonth.month)
  if (leoMonth && leoMonthStart) {
    yield award(leo, 'Student of the month', `Student of the Month, ${leoMonth.name} — ${gradeName(leo.gradeLevel)}`, leoMonthStart, d.principalOf(leo))
  }
  if (quarterAwards) {
    yield award(maya, 'Honor roll', `${quarter} Honor Roll`, quarterAwards, d.principalOf(maya))
    // Perfect attendance only when attendance's records of her first grading period hold no absence, late arrival or early departure.
    const mayaAway = (plan.facts.awayDays.get(maya.id) ?? []).some((day) => day <= firstQuarter.endDate)
    if (!mayaAway) yield award(maya, 'Perfect attendance', `Perfect attendance, ${quarter}`, quarterAwards, d.principalOf(maya))
  }
  yield award(maya, 'Citizenship award', 'Citizenship award: respect, responsibility and kindness.', d.ago(6), d.teacherOf(maya))
  yield award(maya, 'Commendation', 'Helped a classmate catch up after an absence.', d.ago(17), d.teacherOf(maya))
  yield award(noah, 'Commendation', 'Great improvement in effort and focus this quarter.', d.ago(8), d.teacherOf(noah))
  if (quarterAwards) yield award(jordan, 'Honor roll', `${quarter} Honor Roll`, quarterAwards, d.principalOf(jordan))

  const taken = new Set(leoMonth ? [`${leo.schoolId}:${leo.gradeLevel}:${leoMonth.month}`] : [])
  for (const school of plan.schools) {
    for (let grade = school.lowestGrade; grade <= school.highestGrade; grade++) {
      const pool = d.schoolmates(school.id).filter((s) => s.gradeLevel === grade)
      for (const { month, name } of months) {
        const first = monthStart(month)
        if (pool.length === 0 || !first || taken.has(`${school.id}:${grade}:${month}`)) continue
        const student = random.helpers.arrayElement(pool)
        yield award(student, 'Student of the month', `Student of the Month, ${name} — ${gradeName(grade)}`, first, d.principalOf(student))
      }
    }
  }
  for (const student of plan.students) {
    if (d.named.has(student.id)) continue
    // Honor roll follows the student's ability, the centre of their gradebook scores.
    if (quarterAwards && student.gradeLevel >= 3 && student.ability >= 91) {
      yield award(student, 'Honor roll', student.ability >= 96 ? `${quarter} Principal’s List` : `${quarter} Honor Roll`, quarterAwards, d.principalOf(student))
    }
    if (random.datatype.boolean(0.05)) yield award(student, 'Citizenship award', random.helpers.arrayElement(CITIZENSHIP), random.helpers.arrayElement(d.days), d.teacherOf(student))
    const commendations = random.datatype.boolean(0.21) ? (random.datatype.boolean(0.25) ? 2 : 1) : 0
    for (let k = 0; k < commendations; k++) {
      yield award(student, 'Commendation', random.helpers.arrayElement(COMMENDATIONS), random.helpers.arrayElement(d.days), d.teacherOf(student))
    }
  }
}

export async function seedBehaviour(loader: SeedLoader, plan: DistrictPlan, progress: SeedProgress): Promise<void> {
  const random = createRandom('behaviour')
  const district = indexDistrict(plan, random)
  const drafts = new Map<string, Draft[]>(plan.schools.map((s) => [s.id, []]))
  for (const draft of demoIncidents(plan, random, district)) drafts.get(draft.incident.schoolId)?.push(draft)
  for (const school of plan.schools) drafts.get(school.id)?.push(...schoolIncidents(school, random, district))

  let incidents: IncidentRow[] = []
  let participants: ParticipantRow[] = []
  let actions: ActionRow[] = []
  let recognitions: RecognitionRow[] = []
  let written = 0
  const flush = async (force: boolean) => {
    if (!force && incidents.length + participants.length + actions.length + recognitions.length < 50_000) return
    // Parents first: participants reference incidents, and actions reference participants.
    await loader.load(t.disciplineIncidents, incidents)
    await loader.load(t.incidentParticipants, participants)
    await loader.load(t.disciplineActions, actions)
    await loader.load(t.recognitions, recognitions)
    written += incidents.length
    incidents = []
    participants = []
    actions = []
    recognitions = []
  }
  // Each school numbers its incidents in the order they happened, as its office would.
  for (const school of plan.schools) {
    const list = (drafts.get(school.id) ?? []).sort(
      (a, b) => a.incident.incidentDate.localeCompare(b.incident.incidentDate) || a.incident.incidentTime.localeCompare(b.incident.incidentTime),
    )
    list.forEach((draft, k) => {
      incidents.push({ ...draft.incident, incidentIdentifier: `${school.schoolCode}-${plan.calendar.schoolYear}-${String(k + 1).padStart(4, '0')}` })
      participants.push(...draft.participants)
      actions.push(...draft.actions)
    })
    await flush(false)
  }
  await flush(true)
  progress(`behaviour: ${written} discipline incidents`)

  let awarded = 0
  for (const recognition of recognitionsOf(plan, random, district)) {
    recognitions.push(recognition)
    awarded++
    await flush(false)
  }
  await flush(true)
  progress(`behaviour: ${awarded} recognitions`)
}
