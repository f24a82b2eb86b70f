/**
 * How academics serves its database enums: for each, a checked map from the stored value (the
 * standards' spelling) to the GraphQL enum value (see subgraphs/kit/enums.ts).
 */
import type * as t from './db/schema.ts'
import { enumMap } from '../kit/index.ts'
import type { AcademicSubject, AssessmentPurpose, ClassroomPosition, GradeType, GradebookEntryType, SchoolCategory, ScoreStatus } from './generated/resolvers.ts'

export const SCHOOL_CATEGORY = enumMap<typeof t.schoolCategory, SchoolCategory>()({
  'Elementary School': 'ELEMENTARY_SCHOOL',
  'Middle School': 'MIDDLE_SCHOOL',
  'High School': 'HIGH_SCHOOL',
})

export const ACADEMIC_SUBJECT = enumMap<typeof t.academicSubject, AcademicSubject>()({
  'English Language Arts': 'ENGLISH_LANGUAGE_ARTS',
  Mathematics: 'MATHEMATICS',
  Science: 'SCIENCE',
  'Social Studies': 'SOCIAL_STUDIES',
  'Fine and Performing Arts': 'FINE_AND_PERFORMING_ARTS',
  'Physical, Health, and Safety Education': 'PHYSICAL_HEALTH_AND_SAFETY_EDUCATION',
  'World Languages': 'WORLD_LANGUAGES',
})

export const GRADE_TYPE = enumMap<typeof t.gradeType, GradeType>()({
  'Progress Report': 'PROGRESS_REPORT',
  'Grading Period': 'GRADING_PERIOD',
  Semester: 'SEMESTER',
  Final: 'FINAL',
})

export const GRADEBOOK_ENTRY_TYPE = enumMap<typeof t.gradebookEntryType, GradebookEntryType>()({
  Assignment: 'ASSIGNMENT',
  Homework: 'HOMEWORK',
  Quiz: 'QUIZ',
  'Unit Test': 'UNIT_TEST',
  'Classroom Assessment': 'CLASSROOM_ASSESSMENT',
  Project: 'PROJECT',
  Lab: 'LAB',
})

export const ASSESSMENT_PURPOSE = enumMap<typeof t.assessmentPurpose, AssessmentPurpose>()({
  Formative: 'FORMATIVE',
  Summative: 'SUMMATIVE',
  Diagnostic: 'DIAGNOSTIC',
})

export const SCORE_STATUS = enumMap<typeof t.scoreStatus, ScoreStatus>()({
  exempt: 'EXEMPT',
  'fully graded': 'FULLY_GRADED',
  'not submitted': 'NOT_SUBMITTED',
  'partially graded': 'PARTIALLY_GRADED',
  submitted: 'SUBMITTED',
})

export const CLASSROOM_POSITION = enumMap<typeof t.classroomPosition, ClassroomPosition>()({
  'Teacher of Record': 'TEACHER_OF_RECORD',
  'Assistant Teacher': 'ASSISTANT_TEACHER',
  'Support Teacher': 'SUPPORT_TEACHER',
})
