import type { Resolvers } from '../generated/resolvers.ts'
import { BehaviourRecord, DisciplineAction, Recognition, StudentIncident } from './BehaviourRecord.ts'
import { Student } from './Student.ts'

export const resolvers: Resolvers = {
  Student,
  BehaviourRecord,
  StudentIncident,
  DisciplineAction,
  Recognition,
}
