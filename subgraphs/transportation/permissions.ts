/**
 * transportation's permission map: which rule guards each field. A student's stops say where
 * the family lives and when the child is at the curb, so every type here is the student's
 * record, readable only by those who may read that student's transportation.
 */
import { rules, type PermissionMap } from '../kit/index.ts'

const ownTransportation = rules.canReadStudent('transportation')

export const permissions: PermissionMap = {
  // The key is readable wherever any area is: other subgraphs' fields hang off it.
  'Student.id': rules.canReadStudentInAnyArea,
  'Student.transportation': ownTransportation,
  'StudentTransportation.*': ownTransportation,
  // The words of a value the viewer already reads, in their language: guarded as the value is.
  'StudentTransportation.transportationTypeLabel': ownTransportation,
  'StudentTransportation.eligibilityLabel': ownTransportation,
  'StudentTransportation.daysOfWeekLabels': ownTransportation,
  'BusAssignment.*': ownTransportation,
  'BusAssignment.directionLabel': ownTransportation,
  'BusStop.*': ownTransportation,
}
