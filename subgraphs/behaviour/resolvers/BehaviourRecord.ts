import { BEHAVIOR_CATEGORY, DISCIPLINE_ACTION_TYPE, INCIDENT_LOCATION, INCIDENT_PARTICIPATION, RECOGNITION_TYPE } from '../enums.ts'
import type { BehaviourRecordResolvers, DisciplineActionResolvers, RecognitionResolvers, StudentIncidentResolvers } from '../generated/resolvers.ts'

export const BehaviourRecord: BehaviourRecordResolvers = {
  incidents: (r, _args, ctx) => ctx.loaders.incidents.load(r.studentId),
  recognitions: (r, _args, ctx) => ctx.loaders.recognitions.load(r.studentId),
}

// Only the incident's own fields and this student's participation are read here.
export const StudentIncident: StudentIncidentResolvers = {
  incidentIdentifier: (p) => p.incident.incidentIdentifier,
  date: (p) => p.incident.incidentDate,
  time: (p) => p.incident.incidentTime,
  location: (p) => INCIDENT_LOCATION[p.incident.incidentLocation],
  category: (p) => BEHAVIOR_CATEGORY[p.incident.behaviorCategory],
  description: (p) => p.incident.behaviorDescription,
  participation: (p) => INCIDENT_PARTICIPATION[p.participationCode],
  detail: (p) => p.behaviorDetail,
  reportedBy: (p) => ({ id: p.incident.reportedByStaffId }),
}

export const DisciplineAction: DisciplineActionResolvers = {
  action: (a) => DISCIPLINE_ACTION_TYPE[a.disciplineAction],
  date: (a) => a.disciplineDate,
  lengthDays: (a) => a.actionLengthDays,
}

export const Recognition: RecognitionResolvers = {
  type: (r) => RECOGNITION_TYPE[r.recognitionType],
  awardedBy: (r) => ({ id: r.awardedByStaffId }),
}
