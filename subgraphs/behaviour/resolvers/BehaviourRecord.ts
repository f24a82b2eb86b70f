import { label, MESSAGES } from '../catalogue.ts'
import { BEHAVIOR_CATEGORY, DISCIPLINE_ACTION_TYPE, INCIDENT_LOCATION, INCIDENT_PARTICIPATION, RECOGNITION_TYPE } from '../enums.ts'
import type { BehaviourRecordResolvers, DisciplineActionResolvers, RecognitionResolvers, StudentIncidentResolvers } from '../generated/resolvers.ts'
import type { DisciplineActionMapper, RecognitionMapper, StudentIncidentMapper } from '../mappers.ts'

export const BehaviourRecord: BehaviourRecordResolvers = {
  incidents: (r, _args, ctx) => ctx.loaders.incidents.load(r.studentId),
  recognitions: (r, _args, ctx) => ctx.loaders.recognitions.load(r.studentId),
}

const location = (p: StudentIncidentMapper) => INCIDENT_LOCATION[p.incident.incidentLocation]
const category = (p: StudentIncidentMapper) => BEHAVIOR_CATEGORY[p.incident.behaviorCategory]
const participation = (p: StudentIncidentMapper) => INCIDENT_PARTICIPATION[p.participationCode]

// Only the incident's own fields and this student's participation are read here.
export const StudentIncident: StudentIncidentResolvers = {
  incidentIdentifier: (p) => p.incident.incidentIdentifier,
  date: (p) => p.incident.incidentDate,
  time: (p) => p.incident.incidentTime,
  location,
  locationLabel: label('IncidentLocation', location),
  category,
  categoryLabel: label('BehaviorCategory', category),
  description: (p) => p.incident.behaviorDescription,
  participation,
  participationLabel: label('IncidentParticipation', participation),
  detail: (p) => p.behaviorDetail,
  reportedBy: (p) => ({ id: p.incident.reportedByStaffId }),
}

const action = (a: DisciplineActionMapper) => DISCIPLINE_ACTION_TYPE[a.disciplineAction]

export const DisciplineAction: DisciplineActionResolvers = {
  action,
  actionLabel: label('DisciplineActionType', action),
  whatItMeans: (a, _args, ctx) => MESSAGES.format(ctx.language, `meaning.DisciplineActionType.${action(a)}`),
  date: (a) => a.disciplineDate,
  lengthDays: (a) => a.actionLengthDays,
}

const recognitionType = (r: RecognitionMapper) => RECOGNITION_TYPE[r.recognitionType]

export const Recognition: RecognitionResolvers = {
  type: recognitionType,
  typeLabel: label('RecognitionType', recognitionType),
  awardedBy: (r) => ({ id: r.awardedByStaffId }),
}
