/**
 * academics: the district's student information system. It owns people (students, contacts,
 * staff), schools, courses, sections, enrolments, guardianship links with their restrictions
 * and consent, and the gradebook. Names follow Ed-Fi and OneRoster.
 */
import {
  boolean,
  date,
  index,
  integer,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { outboxTable, timestamps } from '../../../db/schema/common.ts'

export const academics = pgSchema('academics')

export const schoolCategory = academics.enum('school_category', [
  'Elementary School',
  'Middle School',
  'High School',
])

export const role = academics.enum('role', ['GUARDIAN', 'STUDENT', 'TEACHER', 'ADMIN'])

export const personType = academics.enum('person_type', ['Student', 'Contact', 'Staff'])

/** Ed-Fi RelationDescriptor. */
export const relation = academics.enum('relation', [
  'Mother',
  'Father',
  'Guardian',
  'Court Appointed Guardian',
  'Foster Parent',
  'Grandmother',
  'Grandfather',
  'Aunt',
  'Uncle',
  'Stepmother',
  'Stepfather',
  'Other',
])

export const staffClassification = academics.enum('staff_classification', [
  'Teacher',
  'Principal',
  'School Administrator',
  'Counselor',
  'Superintendent',
  'LEA Administrator',
])

export const classroomPosition = academics.enum('classroom_position', [
  'Teacher of Record',
  'Assistant Teacher',
  'Support Teacher',
])

export const academicSubject = academics.enum('academic_subject', [
  'English Language Arts',
  'Mathematics',
  'Science',
  'Social Studies',
  'Fine and Performing Arts',
  'Physical, Health, and Safety Education',
  'World Languages',
])

/** Ed-Fi GradebookEntryTypeDescriptor. */
export const gradebookEntryType = academics.enum('gradebook_entry_type', [
  'Assignment',
  'Homework',
  'Quiz',
  'Unit Test',
  'Classroom Assessment',
  'Project',
  'Lab',
])

/** What an assessment is for, so a portal can say what a number means. */
export const assessmentPurpose = academics.enum('assessment_purpose', ['Formative', 'Summative', 'Diagnostic'])

/** OneRoster 1.2 ScoreStatus. */
export const scoreStatus = academics.enum('score_status', [
  'exempt',
  'fully graded',
  'not submitted',
  'partially graded',
  'submitted',
])

/** Ed-Fi GradeTypeDescriptor. */
export const gradeType = academics.enum('grade_type', ['Progress Report', 'Grading Period', 'Semester', 'Final'])

export const schools = academics.table('schools', {
  id: uuid('id').primaryKey(),
  schoolCode: text('school_code').notNull().unique(),
  name: text('name').notNull(),
  category: schoolCategory('category').notNull(),
  lowestGrade: integer('lowest_grade').notNull(),
  highestGrade: integer('highest_grade').notNull(),
  phone: text('phone').notNull(),
  ...timestamps,
})

/** A school year's term (Ed-Fi Session), shared by the district's schools. */
export const terms = academics.table('terms', {
  id: uuid('id').primaryKey(),
  schoolYear: integer('school_year').notNull(),
  name: text('name').notNull(),
  beginDate: date('begin_date', { mode: 'string' }).notNull(),
  endDate: date('end_date', { mode: 'string' }).notNull(),
  ...timestamps,
})

export const gradingPeriods = academics.table(
  'grading_periods',
  {
    id: uuid('id').primaryKey(),
    termId: uuid('term_id')
      .notNull()
      .references(() => terms.id),
    name: text('name').notNull(),
    beginDate: date('begin_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    ...timestamps,
  },
  (t) => [index('grading_periods_term_idx').on(t.termId)],
)

export const students = academics.table(
  'students',
  {
    id: uuid('id').primaryKey(),
    studentUniqueId: text('student_unique_id').notNull().unique(),
    firstName: text('first_name').notNull(),
    lastSurname: text('last_surname').notNull(),
    preferredName: text('preferred_name'),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    gradeLevel: integer('grade_level').notNull(),
    /** BCP 47 language tag the student reads the portal in (one of lib/contract/languages.ts). */
    preferredLanguage: text('preferred_language').notNull().default('en'),
    ...timestamps,
  },
  (t) => [index('students_school_idx').on(t.schoolId)],
)

/** Ed-Fi Contact (formerly Parent): a guardian or other adult linked to students. */
export const contacts = academics.table('contacts', {
  id: uuid('id').primaryKey(),
  contactUniqueId: text('contact_unique_id').notNull().unique(),
  firstName: text('first_name').notNull(),
  lastSurname: text('last_surname').notNull(),
  email: text('email').notNull(),
  phone: text('phone').notNull(),
  /** BCP 47 language tag for correspondence ('en', 'es', 'vi', …). */
  preferredLanguage: text('preferred_language').notNull(),
  ...timestamps,
})

export const staff = academics.table(
  'staff',
  {
    id: uuid('id').primaryKey(),
    staffUniqueId: text('staff_unique_id').notNull().unique(),
    firstName: text('first_name').notNull(),
    lastSurname: text('last_surname').notNull(),
    email: text('email').notNull(),
    classification: staffClassification('classification').notNull(),
    /** Null for district-level staff. */
    schoolId: uuid('school_id').references(() => schools.id),
    /** BCP 47 language tag the staff member reads the portal in (one of lib/contract/languages.ts). */
    preferredLanguage: text('preferred_language').notNull().default('en'),
    ...timestamps,
  },
  (t) => [index('staff_school_idx').on(t.schoolId)],
)

/** Sign-in names of people: `login` is what a user types, `personId` what tokens carry. */
export const accounts = academics.table(
  'accounts',
  {
    login: text('login').primaryKey(),
    personType: personType('person_type').notNull(),
    personId: uuid('person_id').notNull(),
    role: role('role').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('accounts_person_idx').on(t.personId)],
)

/**
 * Ed-Fi StudentContactAssociation, with PowerSchool-style portal data access and a
 * restriction backed by a document (a court order). Custody alone revokes nothing.
 */
export const studentContactAssociations = academics.table(
  'student_contact_associations',
  {
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    relation: relation('relation').notNull(),
    legalGuardian: boolean('legal_guardian').notNull(),
    livesWith: boolean('lives_with').notNull(),
    primaryContactStatus: boolean('primary_contact_status').notNull(),
    emergencyContactStatus: boolean('emergency_contact_status').notNull(),
    contactPriority: integer('contact_priority').notNull(),
    dataAccessBeginDate: date('data_access_begin_date', { mode: 'string' }).notNull(),
    dataAccessEndDate: date('data_access_end_date', { mode: 'string' }),
    /** The document (court order, legal notice) that revokes this contact's record access. */
    restrictionDocument: text('restriction_document'),
    restrictedAt: timestamp('restricted_at', { withTimezone: true, mode: 'date' }),
    /** An eligible (18+) student's consent to share records with this contact. */
    studentConsentGrantedAt: timestamp('student_consent_granted_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('sca_student_contact_idx').on(t.studentId, t.contactId),
    index('sca_contact_idx').on(t.contactId),
  ],
)

export const courses = academics.table(
  'courses',
  {
    id: uuid('id').primaryKey(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    courseCode: text('course_code').notNull(),
    title: text('title').notNull(),
    subject: academicSubject('subject').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('courses_school_code_idx').on(t.schoolId, t.courseCode)],
)

export const sections = academics.table(
  'sections',
  {
    id: uuid('id').primaryKey(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    termId: uuid('term_id')
      .notNull()
      .references(() => terms.id),
    sectionIdentifier: text('section_identifier').notNull(),
    period: integer('period'),
    room: text('room').notNull(),
    /** When the teacher last changed this section's gradebook: families judge freshness by it. */
    gradebookUpdatedAt: timestamp('gradebook_updated_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [index('sections_course_idx').on(t.courseId), uniqueIndex('sections_identifier_idx').on(t.schoolId, t.sectionIdentifier)],
)

export const staffSectionAssociations = academics.table(
  'staff_section_associations',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    sectionId: uuid('section_id')
      .notNull()
      .references(() => sections.id),
    classroomPosition: classroomPosition('classroom_position').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.staffId, t.sectionId] }), index('ssa_section_idx').on(t.sectionId)],
)

/** Enrolments: Ed-Fi StudentSectionAssociation. */
export const studentSectionAssociations = academics.table(
  'student_section_associations',
  {
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    sectionId: uuid('section_id')
      .notNull()
      .references(() => sections.id),
    beginDate: date('begin_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('stsa_student_section_idx').on(t.studentId, t.sectionId, t.beginDate),
    index('stsa_section_idx').on(t.sectionId),
  ],
)

/** OneRoster lineItem / Ed-Fi GradebookEntry. */
export const gradebookEntries = academics.table(
  'gradebook_entries',
  {
    id: uuid('id').primaryKey(),
    sectionId: uuid('section_id')
      .notNull()
      .references(() => sections.id),
    gradingPeriodId: uuid('grading_period_id')
      .notNull()
      .references(() => gradingPeriods.id),
    title: text('title').notNull(),
    entryType: gradebookEntryType('entry_type').notNull(),
    category: text('category').notNull(),
    /** Share of the section grade carried by this entry's category, in percent. */
    categoryWeight: integer('category_weight').notNull(),
    purpose: assessmentPurpose('purpose').notNull(),
    assignedDate: date('assigned_date', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    maxPoints: numeric('max_points', { precision: 7, scale: 2, mode: 'number' }).notNull(),
    ...timestamps,
  },
  (t) => [index('gradebook_entries_section_due_idx').on(t.sectionId, t.dueDate)],
)

/** OneRoster result / Ed-Fi StudentGradebookEntry, with the flags families see. */
export const studentGradebookEntries = academics.table(
  'student_gradebook_entries',
  {
    id: uuid('id').primaryKey(),
    gradebookEntryId: uuid('gradebook_entry_id')
      .notNull()
      .references(() => gradebookEntries.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    pointsEarned: numeric('points_earned', { precision: 7, scale: 2, mode: 'number' }),
    letterGrade: text('letter_grade'),
    scoreStatus: scoreStatus('score_status').notNull(),
    missing: boolean('missing').notNull().default(false),
    late: boolean('late').notNull().default(false),
    incomplete: boolean('incomplete').notNull().default(false),
    exempt: boolean('exempt').notNull().default(false),
    dropped: boolean('dropped').notNull().default(false),
    comment: text('comment'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('sge_entry_student_idx').on(t.gradebookEntryId, t.studentId),
    index('sge_student_idx').on(t.studentId),
  ],
)

/** Ed-Fi Grade: a section grade "as of" a date. */
export const sectionGrades = academics.table(
  'section_grades',
  {
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    sectionId: uuid('section_id')
      .notNull()
      .references(() => sections.id),
    gradingPeriodId: uuid('grading_period_id')
      .notNull()
      .references(() => gradingPeriods.id),
    gradeType: gradeType('grade_type').notNull(),
    letterGradeEarned: text('letter_grade_earned').notNull(),
    numericGradeEarned: numeric('numeric_grade_earned', { precision: 5, scale: 2, mode: 'number' }).notNull(),
    asOfDate: date('as_of_date', { mode: 'string' }).notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('section_grades_key_idx').on(t.studentId, t.sectionId, t.gradingPeriodId, t.gradeType),
  ],
)

/**
 * The record of disclosures (FERPA, 34 CFR 99.32): who read which parts of a student's records,
 * when, through which operation. The gateway writes it in batches; it is kept as long as the
 * student's records, and parents may inspect it.
 */
export const disclosures = academics.table(
  'disclosures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    viewerId: uuid('viewer_id').notNull(),
    viewerRole: role('viewer_role').notNull(),
    studentId: uuid('student_id').notNull(),
    /** The areas read (academics, attendance, …). */
    areas: text('areas').array().notNull(),
    /** The schema coordinates read (`Student.missingWork`, …). */
    fields: text('fields').array().notNull(),
    operationName: text('operation_name'),
    requestId: text('request_id').notNull(),
  },
  (t) => [
    index('disclosures_student_idx').on(t.studentId, t.occurredAt.desc()),
    index('disclosures_viewer_idx').on(t.viewerId, t.occurredAt.desc()),
    // One operation reads a student once: a batch the gateway sends again (its acknowledgement
    // lost, or replayed from its spool) is taken as a no-op.
    uniqueIndex('disclosures_request_student_idx').on(t.requestId, t.studentId),
  ],
)

/**
 * Guardians' portal sign-ins, one row per guardian per day (the first request of the day):
 * the data behind portal usage, so a district can see which families it is not reaching.
 */
export const portalSignIns = academics.table(
  'portal_sign_ins',
  {
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    signedInOn: date('signed_in_on', { mode: 'string' }).notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.signedInOn] }), index('portal_sign_ins_day_idx').on(t.signedInOn)],
)

/** Events of this subgraph's data, for the district's job queue (see `outboxTable`). */
export const outbox = outboxTable(academics)
