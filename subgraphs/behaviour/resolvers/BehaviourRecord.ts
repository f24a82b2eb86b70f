import { toGraphQLEnum } from '../../kit/index.ts'
import type {
  BehaviorCategory,
  BehaviourRecordResolvers,
  DisciplineActionResolvers,
  DisciplineActionType,
  IncidentLocation,
  IncidentParticipation,
  RecognitionResolvers,
  RecognitionType,
  StudentIncidentResolvers,
} from '../generated/resolvers.ts'

export const BehaviourRecord: BehaviourRecordResolvers = {
  incidents: (r, _args, ctx) => ctx.loaders.incidents.load(r.studentId),
  recognitions: (r, _args, ctx) => ctx.loaders.recognitions.load(r.studentId),
}

// Only the incident's own fields and this student's participation are read here.
export const StudentIncident: StudentIncidentResolvers = {
  incidentIdentifier: (p) => p.incident.incidentIdentifier,
  date: (p) => p.incident.incidentDate,
  time: (p) => p.incident.incidentTime,
  location: (p) => toGraphQLEnum<IncidentLocation>(p.incident.incidentLocation),
  category: (p) => toGraphQLEnum<BehaviorCategory>(p.incident.behaviorCategory),
  description: (p) => p.incident.behaviorDescription,
  participation: (p) => toGraphQLEnum<IncidentParticipation>(p.participationCode),
  detail: (p) => p.behaviorDetail,
  reportedBy: (p) => ({ id: p.incident.reportedByStaffId }),
}

export const DisciplineAction: DisciplineActionResolvers = {
  action: (a) => toGraphQLEnum<DisciplineActionType>(a.disciplineAction),
  date: (a) => a.disciplineDate,
  lengthDays: (a) => a.actionLengthDays,
}

export const Recognition: RecognitionResolvers = {
  type: (r) => toGraphQLEnum<RecognitionType>(r.recognitionType),
  awardedBy: (r) => ({ id: r.awardedByStaffId }),
}
