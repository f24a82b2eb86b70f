import type { Resolvers } from '../generated/resolvers.ts'
import { Disclosure } from './Disclosure.ts'
import { Mutation } from './Mutation.ts'
import { Query } from './Query.ts'
import { ScheduledClass, SectionTeacher } from './ScheduledClass.ts'
import { GradebookEntry, School, ScoreFlag, Section, SectionEnrolment, SectionGrade, Staff, StudentScore, WhatYouCanDo } from './Section.ts'
import { Student } from './Student.ts'
import { GradingPeriod, Term } from './Term.ts'
import { RecordSharing, Viewer } from './Viewer.ts'

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Viewer,
  RecordSharing,
  Student,
  School,
  Section,
  Staff,
  SectionEnrolment,
  SectionGrade,
  GradebookEntry,
  StudentScore,
  ScoreFlag,
  WhatYouCanDo,
  Disclosure,
  Term,
  GradingPeriod,
  ScheduledClass,
  SectionTeacher,
}
