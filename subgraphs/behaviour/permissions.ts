/**
 * behaviour's permission map: which rule guards each field. Every type here is part of one
 * student's record, readable only by those who may read that student's behaviour; what keeps a
 * family from seeing the other students in an incident is that no type exposes them at all.
 */
import { rules, type PermissionMap } from '../kit/index.ts'

const ownBehaviour = rules.canReadStudent('behaviour')

export const permissions: PermissionMap = {
  // The key is readable wherever any area is: other subgraphs' fields hang off it.
  'Student.id': rules.canReadStudentInAnyArea,
  'Student.behaviour': ownBehaviour,
  'BehaviourRecord.*': ownBehaviour,
  'StudentIncident.*': ownBehaviour,
  // The words of a value the viewer already reads, in their language: guarded as the value is.
  'StudentIncident.locationLabel': ownBehaviour,
  'StudentIncident.categoryLabel': ownBehaviour,
  'StudentIncident.participationLabel': ownBehaviour,
  // Shared by every family of the incident: staff only.
  'StudentIncident.incidentIdentifier': rules.staffCanReadStudent('behaviour'),
  'DisciplineAction.*': ownBehaviour,
  'DisciplineAction.actionLabel': ownBehaviour,
  'DisciplineAction.whatItMeans': ownBehaviour,
  'Recognition.*': ownBehaviour,
  'Recognition.typeLabel': ownBehaviour,
  // A staff member's id is directory data: academics answers for the person.
  'Staff.id': rules.isSignedIn,
}
