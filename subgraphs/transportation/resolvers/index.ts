import type { Resolvers } from '../generated/resolvers.ts'
import { Student } from './Student.ts'
import { BusAssignment, BusStop, StudentTransportation } from './StudentTransportation.ts'

export const resolvers: Resolvers = {
  Student,
  StudentTransportation,
  BusAssignment,
  BusStop,
}
