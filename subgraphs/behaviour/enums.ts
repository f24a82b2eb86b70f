/**
 * How behaviour serves its database enums: for each, a checked map from the stored value (the
 * standards' spelling) to the GraphQL enum value (see subgraphs/kit/enums.ts).
 */
import type * as t from './db/schema.ts'
import { enumMap } from '../kit/index.ts'
import type { BehaviorCategory, DisciplineActionType, IncidentLocation, IncidentParticipation, RecognitionType } from './generated/resolvers.ts'

export const INCIDENT_LOCATION = enumMap<typeof t.incidentLocation, IncidentLocation>()({
  Classroom: 'CLASSROOM',
  'Cafeteria area': 'CAFETERIA_AREA',
  'School bus': 'SCHOOL_BUS',
  'Bus stop': 'BUS_STOP',
  'Hallway or stairs': 'HALLWAY_OR_STAIRS',
  Playground: 'PLAYGROUND',
  Gymnasium: 'GYMNASIUM',
  'Library/media center': 'LIBRARY_MEDIA_CENTER',
  Online: 'ONLINE',
  'Parking lot': 'PARKING_LOT',
})

export const BEHAVIOR_CATEGORY = enumMap<typeof t.behaviorCategory, BehaviorCategory>()({
  'School Code of Conduct': 'SCHOOL_CODE_OF_CONDUCT',
  'School Violation': 'SCHOOL_VIOLATION',
  'State Offense': 'STATE_OFFENSE',
})

export const INCIDENT_PARTICIPATION = enumMap<typeof t.participationCode, IncidentParticipation>()({
  Perpetrator: 'PERPETRATOR',
  Victim: 'VICTIM',
  Witness: 'WITNESS',
  Reporter: 'REPORTER',
})

export const DISCIPLINE_ACTION_TYPE = enumMap<typeof t.disciplineActionType, DisciplineActionType>()({
  'Verbal warning': 'VERBAL_WARNING',
  'Parent conference': 'PARENT_CONFERENCE',
  Detention: 'DETENTION',
  'Removal from Classroom': 'REMOVAL_FROM_CLASSROOM',
  'In School Suspension': 'IN_SCHOOL_SUSPENSION',
  'Out of School Suspension': 'OUT_OF_SCHOOL_SUSPENSION',
})

export const RECOGNITION_TYPE = enumMap<typeof t.recognitionType, RecognitionType>()({
  Commendation: 'COMMENDATION',
  'Citizenship award': 'CITIZENSHIP_AWARD',
  'Honor roll': 'HONOR_ROLL',
  'Perfect attendance': 'PERFECT_ATTENDANCE',
  'Student of the month': 'STUDENT_OF_THE_MONTH',
})
