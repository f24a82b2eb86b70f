/**
 * The plan of a seeded district: schools, people, sections, enrolments and family links, made
 * deterministically from the number of students. academics stores it; every other area's
 * seeder reads it to make its own rows about the same students, sections and staff.
 */
import { schoolCalendar, type SchoolCalendar } from './calendar.ts'
import { MIN_STUDENTS } from './size.ts'
import { addDays, createRandom, must, weighted, type NameLocale, type Random } from './random.ts'

export type SchoolCategory = 'Elementary School' | 'Middle School' | 'High School'
export type Subject =
  | 'English Language Arts'
  | 'Mathematics'
  | 'Science'
  | 'Social Studies'
  | 'Fine and Performing Arts'
  | 'Physical, Health, and Safety Education'
  | 'World Languages'

export interface PlannedSchool {
  id: string
  schoolCode: string
  name: string
  category: SchoolCategory
  lowestGrade: number
  highestGrade: number
  phone: string
}
export interface PlannedStudent {
  id: string
  studentUniqueId: string
  firstName: string
  lastSurname: string
  birthDate: string
  schoolId: string
  gradeLevel: number
  /** Ability in percent: the centre of this student's scores. */
  ability: number
}
export interface PlannedContact {
  id: string
  contactUniqueId: string
  firstName: string
  lastSurname: string
  email: string
  phone: string
  preferredLanguage: string
}
export interface PlannedStaff {
  id: string
  staffUniqueId: string
  firstName: string
  lastSurname: string
  email: string
  classification: 'Teacher' | 'Principal' | 'School Administrator' | 'Counselor' | 'Superintendent' | 'LEA Administrator'
  schoolId: string | null
}
export interface PlannedGuardianship {
  id: string
  studentId: string
  contactId: string
  relation: 'Mother' | 'Father' | 'Guardian' | 'Grandmother' | 'Grandfather' | 'Aunt' | 'Stepfather' | 'Foster Parent'
  legalGuardian: boolean
  livesWith: boolean
  primaryContactStatus: boolean
  contactPriority: number
  restrictionDocument: string | null
  studentConsentGrantedAt: Date | null
}
export interface PlannedSection {
  id: string
  courseId: string
  schoolId: string
  sectionIdentifier: string
  courseCode: string
  courseTitle: string
  subject: Subject
  gradeLevel: number
  period: number | null
  room: string
  teacherId: string
  gradebookUpdatedAt: Date
}
export interface PlannedEnrolment {
  id: string
  studentId: string
  sectionId: string
}
export interface PlannedAccount {
  login: string
  personType: 'Student' | 'Contact' | 'Staff'
  personId: string
  role: 'GUARDIAN' | 'STUDENT' | 'TEACHER' | 'ADMIN'
}

/** The people behind the contract's named logins. */
export interface NamedPeople {
  demoGuardian: string
  demoElementaryChild: string
  demoStudent: string
  demoTeacher: string
  restrictedGuardian: string
  restrictedStudent: string
  adultStudent: string
  adultGuardian: string
  demoAdmin: string
}

/**
 * What one area's seed made that a later area's stories must agree with, filled in seed order
 * (academics, then attendance, …, messaging): a thread about missing work names a class where the
 * child has missing work, a thread about an absence a day the child was home ill.
 */
export interface SeedFacts {
  /** Per student: the sections and due dates of work marked missing (academics). */
  missingWork: Map<string, Array<{ sectionId: string; dueDate: string }>>
  /** Per section: the days of its unit tests over the term, given or still to come (academics). */
  testDays: Map<string, string[]>
  /** Per student: the school days they were home ill (attendance). */
  sickDays: Map<string, string[]>
  /** Per student: the school days with an absence, a late arrival or an early departure (attendance). */
  awayDays: Map<string, string[]>
}

export interface DistrictPlan {
  studentsRequested: number
  /** The term, its holidays and how far the data runs (see calendar.ts). */
  calendar: SchoolCalendar
  /** The last day the data reaches: the seed's "today" (`calendar.asOf`). */
  asOf: string
  termId: string
  gradingPeriods: Array<{ id: string; name: string; beginDate: string; endDate: string }>
  /** Every school day of the term (weekdays less holidays), through its last day. */
  instructionalDays: string[]
  /** The instructional days up to and including `asOf`. */
  daysSoFar: string[]
  schools: PlannedSchool[]
  students: PlannedStudent[]
  contacts: PlannedContact[]
  staff: PlannedStaff[]
  guardianships: PlannedGuardianship[]
  sections: PlannedSection[]
  enrolments: PlannedEnrolment[]
  accounts: PlannedAccount[]
  named: NamedPeople
  facts: SeedFacts
}

const LEVELS: Array<{ category: SchoolCategory; grades: [number, number]; perSchool: number; suffix: string }> = [
  { category: 'Elementary School', grades: [0, 5], perSchool: 450, suffix: 'Elementary School' },
  { category: 'Middle School', grades: [6, 8], perSchool: 800, suffix: 'Middle School' },
  { category: 'High School', grades: [9, 12], perSchool: 1500, suffix: 'High School' },
]

const ELEMENTARY_SUBJECTS: Subject[] = [
  'English Language Arts',
  'Mathematics',
  'Science',
  'Social Studies',
  'Physical, Health, and Safety Education',
]
const SECONDARY_SUBJECTS: Subject[] = [
  'English Language Arts',
  'Mathematics',
  'Science',
  'Social Studies',
  'World Languages',
  'Physical, Health, and Safety Education',
]
const SUBJECT_CODES: Record<Subject, string> = {
  'English Language Arts': 'ELA',
  Mathematics: 'MATH',
  Science: 'SCI',
  'Social Studies': 'SS',
  'Fine and Performing Arts': 'ART',
  'Physical, Health, and Safety Education': 'PE',
  'World Languages': 'WL',
}
const MATH_TITLES: Record<number, string> = {
  6: 'Math 6',
  7: 'Math 7',
  8: 'Pre-Algebra',
  9: 'Algebra I',
  10: 'Geometry',
  11: 'Algebra II',
  12: 'Pre-Calculus',
}
const LANGUAGE_TITLES: Record<number, string> = { 6: 'Spanish Exploratory', 7: 'Spanish I', 8: 'Spanish I', 9: 'Spanish I', 10: 'Spanish II', 11: 'Spanish III', 12: 'AP Spanish Language' }

function gradeName(grade: number): string {
  return grade === 0 ? 'Kindergarten' : `Grade ${grade}`
}

function courseTitle(subject: Subject, grade: number): string {
  if (subject === 'Mathematics' && MATH_TITLES[grade]) return MATH_TITLES[grade]
  if (subject === 'World Languages') return LANGUAGE_TITLES[grade] ?? 'Spanish I'
  if (subject === 'Physical, Health, and Safety Education') return grade >= 9 ? 'Physical Education and Health' : 'Physical Education'
  if (subject === 'English Language Arts') return grade >= 9 ? `English ${grade}` : `${gradeName(grade)} English Language Arts`
  return `${gradeName(grade)} ${subject}`
}

const LANGUAGES: ReadonlyArray<readonly [string, number]> = [
  ['en', 70],
  ['es', 18],
  ['vi', 4],
  ['so', 3],
  ['zh', 3],
  ['ar', 2],
]

function nameLocale(language: string): NameLocale {
  return language === 'es' ? 'es' : language === 'vi' ? 'vi' : 'en'
}

/** The district of `studentCount` students, its data running to `today` (see calendar.ts). */
export function planDistrict(studentCount: number, today: string): DistrictPlan {
  if (!Number.isInteger(studentCount) || studentCount < MIN_STUDENTS) {
    throw new Error(`A district needs a whole number of at least ${MIN_STUDENTS} students, not ${studentCount}.`)
  }
  const calendar = schoolCalendar(today)
  const asOf = calendar.asOf
  const random = createRandom('district')
  const names: Record<NameLocale, Random> = {
    en: createRandom('names:en', 'en'),
    es: createRandom('names:es', 'es'),
    vi: createRandom('names:vi', 'vi'),
  }
  const uuid = () => random.string.uuid()
  const { instructionalDays, daysSoFar } = calendar

  const termId = uuid()
  const gradingPeriods = calendar.gradingPeriods.map((period) => ({ id: uuid(), ...period }))

  // Students: grades K–12, evenly spread; ages follow grades (5 on 1 September in kindergarten).
  const byGrade: number[] = Array.from({ length: 13 }, (_, grade) =>
    Math.floor(((grade + 1) * studentCount) / 13) - Math.floor((grade * studentCount) / 13),
  )

  const schools: PlannedSchool[] = []
  const schoolsByLevel = new Map<SchoolCategory, PlannedSchool[]>()
  for (const level of LEVELS) {
    let students = 0
    for (let g = level.grades[0]; g <= level.grades[1]; g++) students += byGrade[g] ?? 0
    const count = Math.max(level.category === 'Elementary School' ? 2 : 1, Math.round(students / level.perSchool))
    const list: PlannedSchool[] = []
    for (let i = 0; i < count; i++) {
      const school: PlannedSchool = {
        id: uuid(),
        schoolCode: `${level.category[0]}${String(schools.length + 1).padStart(3, '0')}`,
        name: `${random.location.street().replace(/ (Street|Avenue|Road|Lane|Drive|Court|Way)$/, '')} ${level.suffix}`,
        category: level.category,
        lowestGrade: level.grades[0],
        highestGrade: level.grades[1],
        phone: random.phone.number({ style: 'national' }),
      }
      schools.push(school)
      list.push(school)
    }
    schoolsByLevel.set(level.category, list)
  }
  const levelOf = (grade: number) => must(LEVELS.find((l) => grade >= l.grades[0] && grade <= l.grades[1]) ?? LEVELS[0], `a school level for grade ${grade}`)

  const students: PlannedStudent[] = []
  for (let grade = 0; grade <= 12; grade++) {
    const list = schoolsByLevel.get(levelOf(grade).category) ?? []
    const count = byGrade[grade] ?? 0
    for (let i = 0; i < count; i++) {
      const school = must(list[i % list.length], `a school for grade ${grade}`)
      // The school year's first calendar year: 2026 for 2026–27.
      const birthYear = calendar.schoolYear - 1 - grade - 6
      const birth = addDays(`${birthYear}-09-02`, random.number.int({ min: 0, max: 364 }))
      students.push({
        id: uuid(),
        studentUniqueId: String(100_000 + students.length),
        firstName: '',
        lastSurname: '',
        birthDate: birth,
        schoolId: school.id,
        gradeLevel: grade,
        ability: Math.min(99, Math.max(45, Math.round(random.number.float({ min: 0, max: 1 }) * 40 + 58))),
      })
    }
  }

  // The contract's named people are chosen from the plan, then given their fixed situations.
  const firstAt = (category: SchoolCategory, grade: number, skip = 0) => {
    const school = schoolsByLevel.get(category)?.[0]
    const found = students.filter((s) => s.schoolId === school?.id && s.gradeLevel === grade)[skip]
    if (!found) throw new Error(`The district is too small to hold a grade ${grade} student at a ${category}.`)
    return found
  }
  const demoElementary = firstAt('Elementary School', 3)
  const demoStudent = firstAt('High School', 10)
  const restrictedStudent = firstAt('Middle School', 7)
  const adultStudent = firstAt('High School', 12)
  // Eighteen since February: an adult student whose consent decides what a parent reads.
  adultStudent.birthDate = `${calendar.schoolYear - 1 - 18}-02-14`
  const named = new Set([demoElementary.id, demoStudent.id, restrictedStudent.id, adultStudent.id])

  const contacts: PlannedContact[] = []
  const guardianships: PlannedGuardianship[] = []
  const relationOf = (index: number, random: Random): PlannedGuardianship['relation'] =>
    index === 0
      ? weighted(random, [['Mother', 70], ['Father', 18], ['Grandmother', 6], ['Guardian', 4], ['Foster Parent', 2]])
      : weighted(random, [['Father', 75], ['Mother', 10], ['Stepfather', 8], ['Grandfather', 4], ['Aunt', 3]])

  const addFamily = (
    children: PlannedStudent[],
    guardians: Array<{ firstName?: string; relation?: PlannedGuardianship['relation']; restriction?: string; consent?: boolean }>,
    surname?: string,
    language?: string,
  ) => {
    const lang = language ?? weighted(random, LANGUAGES)
    const nameRandom = names[nameLocale(lang)]
    const familyName = surname ?? nameRandom.person.lastName()
    for (const child of children) {
      child.firstName = child.firstName || nameRandom.person.firstName()
      child.lastSurname = familyName
    }
    guardians.forEach((guardian, index) => {
      const relation = guardian.relation ?? relationOf(index, random)
      const sex = ['Mother', 'Grandmother', 'Aunt'].includes(relation) ? 'female' : ['Father', 'Grandfather', 'Stepfather'].includes(relation) ? 'male' : undefined
      const firstName = guardian.firstName ?? nameRandom.person.firstName(sex)
      const contact: PlannedContact = {
        id: uuid(),
        contactUniqueId: String(500_000 + contacts.length),
        firstName,
        lastSurname: familyName,
        email: `${firstName}.${familyName}.${contacts.length}@example.org`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
        phone: random.phone.number({ style: 'national' }),
        preferredLanguage: lang,
      }
      contacts.push(contact)
      for (const child of children) {
        const adult = child.birthDate <= `${Number(asOf.slice(0, 4)) - 18}${asOf.slice(4)}`
        guardianships.push({
          id: uuid(),
          studentId: child.id,
          contactId: contact.id,
          relation,
          legalGuardian: relation !== 'Aunt',
          livesWith: index === 0 || random.datatype.boolean(0.7),
          primaryContactStatus: index === 0,
          contactPriority: index + 1,
          restrictionDocument: guardian.restriction ?? null,
          studentConsentGrantedAt:
            guardian.consent === false ? null : adult && (guardian.consent || random.datatype.boolean(0.7)) ? new Date(`${addDays(calendar.term.beginDate, 3)}T15:00:00Z`) : null,
        })
      }
    })
  }

  const demoGuardianIndex = contacts.length
  demoElementary.firstName = 'Maya'
  demoStudent.firstName = 'Leo'
  addFamily([demoElementary, demoStudent], [{ firstName: 'Alex', relation: 'Mother' }, { firstName: 'Sam', relation: 'Father' }], 'Rivera', 'en')
  const restrictedGuardianIndex = contacts.length + 1
  restrictedStudent.firstName = 'Noah'
  addFamily(
    [restrictedStudent],
    [
      { firstName: 'Dana', relation: 'Mother' },
      { firstName: 'Chris', relation: 'Father', restriction: `Court order ${calendar.schoolYear - 1}-FC-0142: no access to education records` },
    ],
    'Okafor',
    'en',
  )
  const adultGuardianIndex = contacts.length
  adultStudent.firstName = 'Jordan'
  addFamily([adultStudent], [{ firstName: 'Lucia', relation: 'Mother', consent: false }], 'Morales', 'es')

  // Everyone else: families of one to four children, who often attend different schools.
  const rest = random.helpers.shuffle(students.filter((s) => !named.has(s.id)))
  for (let i = 0; i < rest.length; ) {
    const size = weighted(random, [[1, 55], [2, 30], [3, 12], [4, 3]])
    const children = rest.slice(i, i + size)
    i += size
    addFamily(children, random.datatype.boolean(0.7) ? [{}, {}] : [{}])
  }

  // Staff, sections and enrolments, school by school.
  const staff: PlannedStaff[] = []
  const sections: PlannedSection[] = []
  const enrolments: PlannedEnrolment[] = []
  const courses = new Map<string, string>()
  const person = (classification: PlannedStaff['classification'], schoolId: string | null, first?: string, last?: string): PlannedStaff => {
    const firstName = first ?? names.en.person.firstName()
    const lastSurname = last ?? names.en.person.lastName()
    const member: PlannedStaff = {
      id: uuid(),
      staffUniqueId: String(900_000 + staff.length),
      firstName,
      lastSurname,
      email: `${firstName}.${lastSurname}.${staff.length}@district.example.org`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
      classification,
      schoolId,
    }
    staff.push(member)
    return member
  }
  const demoAdmin = person('LEA Administrator', null, 'Pat', 'Nguyen')
  person('Superintendent', null)

  const studentsBySchoolGrade = new Map<string, PlannedStudent[]>()
  for (const s of students) {
    const key = `${s.schoolId}:${s.gradeLevel}`
    const list = studentsBySchoolGrade.get(key) ?? []
    list.push(s)
    studentsBySchoolGrade.set(key, list)
  }
  let demoTeacherId: string | undefined

  for (const school of schools) {
    person('Principal', school.id)
    person('Counselor', school.id)
    const elementary = school.category === 'Elementary School'
    const subjects = elementary ? ELEMENTARY_SUBJECTS : SECONDARY_SUBJECTS
    const classSize = elementary ? 24 : 28
    // Secondary teachers teach one subject to up to five cohorts; elementary homeroom teachers
    // teach their class every core subject, and one teacher per school teaches PE.
    const subjectTeacher = new Map<string, { teacher: PlannedStaff; sections: number }>()
    const teacherFor = (subject: Subject, demo: boolean): PlannedStaff => {
      const current = subjectTeacher.get(subject)
      if (current && current.sections < 5) {
        current.sections++
        return current.teacher
      }
      const teacher = demo ? person('Teacher', school.id, 'Morgan', 'Lee') : person('Teacher', school.id)
      subjectTeacher.set(subject, { teacher, sections: 1 })
      return teacher
    }
    let sectionNumber = 0
    for (let grade = school.lowestGrade; grade <= school.highestGrade; grade++) {
      const cohortStudents = studentsBySchoolGrade.get(`${school.id}:${grade}`) ?? []
      const cohorts = Math.max(1, Math.ceil(cohortStudents.length / classSize))
      for (let c = 0; c < cohorts; c++) {
        const members = cohortStudents.filter((_, i) => i % cohorts === c)
        if (members.length === 0) continue
        const homeroom = elementary ? person('Teacher', school.id) : undefined
        subjects.forEach((subject, s) => {
          const containsDemo = !elementary && members.some((m) => m.id === demoStudent.id) && subject === 'Mathematics'
          // The demo teacher gets a fresh group of sections, starting with the demo student's.
          if (containsDemo) subjectTeacher.delete(subject)
          const teacher =
            elementary && subject !== 'Physical, Health, and Safety Education' && homeroom ? homeroom : teacherFor(subject, containsDemo)
          if (containsDemo) demoTeacherId = teacher.id
          const courseCode = `${SUBJECT_CODES[subject]}-${String(grade).padStart(2, '0')}`
          const courseKey = `${school.id}:${courseCode}`
          let courseId = courses.get(courseKey)
          if (!courseId) {
            courseId = uuid()
            courses.set(courseKey, courseId)
          }
          sectionNumber++
          const section: PlannedSection = {
            id: uuid(),
            courseId,
            schoolId: school.id,
            sectionIdentifier: `${courseCode}-${String(c + 1).padStart(2, '0')}`,
            courseCode,
            courseTitle: courseTitle(subject, grade),
            subject,
            gradeLevel: grade,
            period: elementary ? null : ((c + s) % 6) + 1,
            room: elementary ? `${100 + (sectionNumber % 40)}` : `${200 + random.number.int({ min: 0, max: 80 })}`,
            teacherId: teacher.id,
            gradebookUpdatedAt: new Date(
              `${addDays(asOf, -random.number.int({ min: 0, max: 9 }))}T${String(random.number.int({ min: 14, max: 22 })).padStart(2, '0')}:${String(random.number.int({ min: 0, max: 59 })).padStart(2, '0')}:00Z`,
            ),
          }
          sections.push(section)
          for (const member of members) enrolments.push({ id: uuid(), studentId: member.id, sectionId: section.id })
        })
      }
    }
  }
  if (!demoTeacherId) throw new Error('The demo teacher was not placed: the district plan is inconsistent.')

  const accounts: PlannedAccount[] = []
  const namedLogins = new Map<string, string>([
    [must(contacts[demoGuardianIndex], 'demoGuardian').id, 'demo.guardian'],
    [must(contacts[restrictedGuardianIndex], 'restrictedGuardian').id, 'restricted.guardian'],
    [must(contacts[adultGuardianIndex], 'adultGuardian').id, 'adult.guardian'],
    [demoStudent.id, 'demo.student'],
    [adultStudent.id, 'adult.student'],
    [demoTeacherId, 'demo.teacher'],
    [demoAdmin.id, 'demo.admin'],
  ])
  for (const c of contacts) accounts.push({ login: namedLogins.get(c.id) ?? `guardian.${c.contactUniqueId}`, personType: 'Contact', personId: c.id, role: 'GUARDIAN' })
  for (const s of students) {
    if (s.gradeLevel >= 6) accounts.push({ login: namedLogins.get(s.id) ?? `student.${s.studentUniqueId}`, personType: 'Student', personId: s.id, role: 'STUDENT' })
  }
  for (const m of staff) {
    const role = m.classification === 'LEA Administrator' || m.classification === 'Superintendent' ? 'ADMIN' : 'TEACHER'
    if (m.classification === 'Teacher' || role === 'ADMIN') {
      accounts.push({ login: namedLogins.get(m.id) ?? `staff.${m.staffUniqueId}`, personType: 'Staff', personId: m.id, role })
    }
  }

  return {
    studentsRequested: studentCount,
    calendar,
    asOf,
    termId,
    gradingPeriods,
    instructionalDays,
    daysSoFar,
    schools,
    students,
    contacts,
    staff,
    guardianships,
    sections,
    enrolments,
    accounts,
    named: {
      demoGuardian: must(contacts[demoGuardianIndex], 'demoGuardian').id,
      demoElementaryChild: demoElementary.id,
      demoStudent: demoStudent.id,
      demoTeacher: demoTeacherId,
      restrictedGuardian: must(contacts[restrictedGuardianIndex], 'restrictedGuardian').id,
      restrictedStudent: restrictedStudent.id,
      adultStudent: adultStudent.id,
      adultGuardian: must(contacts[adultGuardianIndex], 'adultGuardian').id,
      demoAdmin: demoAdmin.id,
    },
    facts: { missingWork: new Map(), testDays: new Map(), sickDays: new Map(), awayDays: new Map() },
  }
}
