/** The rows behind academics' GraphQL types: resolvers receive these as parents. */
import type * as t from './db/schema.ts'
import type { Role } from '../kit/index.ts'
import type { Correspondent } from '../../lib/contract/index.ts'
import type { Unstamped } from '../../db/schema/common.ts'

export type StudentMapper = typeof t.students.$inferSelect
export type SchoolMapper = typeof t.schools.$inferSelect
export type StaffMapper = typeof t.staff.$inferSelect
export type SectionMapper = typeof t.sections.$inferSelect & {
  courseCode: string
  courseTitle: string
  subject: (typeof t.academicSubject.enumValues)[number]
}
export type SectionEnrolmentMapper = typeof t.studentSectionAssociations.$inferSelect
/** A section grade, read with how many scored items it rests on (meaning.ts's `scoredItemsOf`). */
export type SectionGradeMapper = typeof t.sectionGrades.$inferSelect & { gradingPeriodName: string; scoredItems: number }
/** A gradebook entry, with its section when the query that found it read that too. */
export type GradebookEntryMapper = Unstamped<typeof t.gradebookEntries.$inferSelect> & { section?: SectionMapper }
export type StudentScoreMapper = Unstamped<typeof t.studentGradebookEntries.$inferSelect> & { entry: GradebookEntryMapper }
export interface SectionTeacherMapper {
  staff: StaffMapper
  classroomPosition: (typeof t.classroomPosition.enumValues)[number]
}
/** A class on one day, with its student for the rule on its fields. */
export interface ScheduledClassMapper {
  studentId: string
  date: string
  section: SectionMapper
}
export type GradingPeriodMapper = typeof t.gradingPeriods.$inferSelect
/** One period of a student's report card, with its student for the rule on its fields. */
export interface GradingPeriodGradesMapper {
  studentId: string
  gradingPeriod: GradingPeriodMapper
  grades: SectionGradeMapper[]
}
export interface ViewerMapper {
  id: string
  role: Role
  displayName: string
  preferredLanguage: string
}
export type DisclosureMapper = typeof t.disclosures.$inferSelect
/** Who read, with the entry's student for the rule on its fields (a guardian sees only their child's entries). */
export interface DisclosureViewerMapper {
  studentId: string
  id: string
  displayName: string | null
  role: Role
}
/** A term with its grading periods (admins' picker: a few rows, loaded with the terms). */
export type TermMapper = typeof t.terms.$inferSelect & { gradingPeriods: GradingPeriodMapper[] }
export interface DisclosureConnectionMapper {
  nodes: DisclosureMapper[]
  endCursor: string | null
  hasNextPage: boolean
}

/** Someone the viewer may write to about a student, with the student for the rule on its fields. */
export type CorrespondentMapper = Correspondent & { studentId: string }

/** A contact linked to an adult student, with the student for the rule on its fields. */
export interface GuardianMapper {
  studentId: string
  id: string
  displayName: string
  relation: string
}

/** An adult student's decision about one linked contact; only that student reads it. */
export interface RecordSharingMapper {
  studentId: string
  guardian: GuardianMapper
  sharedSince: Date | null
  restricted: boolean
  open: boolean
}

export interface SetRecordSharingPayloadMapper {
  studentId: string
  recordSharing: RecordSharingMapper
}

/** One flag set on a score, with the score's student for the rule on its fields. */
export interface ScoreFlagMapper {
  studentId: string
  flag: 'MISSING' | 'LATE' | 'INCOMPLETE' | 'EXEMPT' | 'DROPPED'
  /** Whether the score counts toward the grade at all (a flag on work that does not count changes nothing). */
  counts: boolean
}

/** What a family can do about a student's grade or work, in words already in the viewer's language. */
export interface WhatYouCanDoMapper {
  studentId: string
  text: string
  /** The section whose teacher of record the family may write to. */
  sectionId: string
}
