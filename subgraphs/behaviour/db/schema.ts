/**
 * behaviour: the district's discipline records (Ed-Fi DisciplineIncident, the student–incident
 * behaviour and non-offender associations, DisciplineAction) and the positive recognitions that
 * belong beside them. An incident may involve several students; each participation is its own
 * row so that a family can be shown its own child's part and nothing of the others'.
 * Student, staff and school ids are plain uuids: academics owns those records, and this schema
 * must be able to move to a database of its own.
 */
import { date, foreignKey, index, numeric, pgSchema, text, time, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { outboxTable, timestamps } from '../../../db/schema/common.ts'

export const behaviour = pgSchema('behaviour')

/** Ed-Fi IncidentLocationDescriptor (the values families meet in portals). */
export const incidentLocation = behaviour.enum('incident_location', [
  'Classroom',
  'Cafeteria area',
  'School bus',
  'Bus stop',
  'Hallway or stairs',
  'Playground',
  'Gymnasium',
  'Library/media center',
  'Online',
  'Parking lot',
])

/** Ed-Fi BehaviorDescriptor: which rule the behaviour broke. */
export const behaviorCategory = behaviour.enum('behavior_category', [
  'School Code of Conduct',
  'School Violation',
  'State Offense',
])

/** Ed-Fi DisciplineIncidentParticipationCodeDescriptor. */
export const participationCode = behaviour.enum('participation_code', ['Perpetrator', 'Victim', 'Witness', 'Reporter'])

/** Ed-Fi DisciplineDescriptor, mildest first. */
export const disciplineActionType = behaviour.enum('discipline_action', [
  'Verbal warning',
  'Parent conference',
  'Detention',
  'Removal from Classroom',
  'In School Suspension',
  'Out of School Suspension',
])

/** Ed-Fi RecognitionTypeDescriptor, the kinds a school hands out during a term. */
export const recognitionType = behaviour.enum('recognition_type', [
  'Commendation',
  'Citizenship award',
  'Honor roll',
  'Perfect attendance',
  'Student of the month',
])

/** Ed-Fi DisciplineIncident: what happened, where and when; it names no student. */
export const disciplineIncidents = behaviour.table(
  'discipline_incidents',
  {
    id: uuid('id').primaryKey(),
    schoolId: uuid('school_id').notNull(),
    /** The school's own number for the incident, what staff and families quote. */
    incidentIdentifier: text('incident_identifier').notNull(),
    incidentDate: date('incident_date', { mode: 'string' }).notNull(),
    incidentTime: time('incident_time').notNull(),
    incidentLocation: incidentLocation('incident_location').notNull(),
    behaviorCategory: behaviorCategory('behavior_category').notNull(),
    /** Shown to every participant's family, so it never names or counts the students involved. */
    behaviorDescription: text('behavior_description').notNull(),
    reportedByStaffId: uuid('reported_by_staff_id').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('discipline_incidents_identifier_idx').on(t.schoolId, t.incidentIdentifier),
    index('discipline_incidents_school_date_idx').on(t.schoolId, t.incidentDate),
  ],
)

/**
 * One student's part in an incident (Ed-Fi StudentDisciplineIncidentBehaviorAssociation and
 * StudentDisciplineIncidentNonOffenderAssociation in one table): their participation and what
 * they, not the others, did or saw.
 */
export const incidentParticipants = behaviour.table(
  'incident_participants',
  {
    id: uuid('id').primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => disciplineIncidents.id),
    studentId: uuid('student_id').notNull(),
    participationCode: participationCode('participation_code').notNull(),
    /** This student's own part, in words that name no other student. */
    behaviorDetail: text('behavior_detail'),
    ...timestamps,
  },
  (t) => [
    // A constraint, not only an index: discipline actions reference it, and a migration creates it with the table.
    unique('incident_participants_incident_student_key').on(t.incidentId, t.studentId),
    index('incident_participants_student_idx').on(t.studentId),
  ],
)

/** Ed-Fi DisciplineAction: what the school did about one student's part in an incident. */
export const disciplineActions = behaviour.table(
  'discipline_actions',
  {
    id: uuid('id').primaryKey(),
    incidentId: uuid('incident_id').notNull(),
    studentId: uuid('student_id').notNull(),
    disciplineAction: disciplineActionType('discipline_action').notNull(),
    disciplineDate: date('discipline_date', { mode: 'string' }).notNull(),
    /** School days the action lasts; null for actions without a length (a warning, a conference). */
    actionLengthDays: numeric('action_length_days', { precision: 4, scale: 1, mode: 'number' }),
    ...timestamps,
  },
  (t) => [
    index('discipline_actions_student_idx').on(t.studentId, t.disciplineDate),
    // An action is taken about a participant of the incident, never about a student outside it.
    foreignKey({
      name: 'discipline_actions_participant_fk',
      columns: [t.incidentId, t.studentId],
      foreignColumns: [incidentParticipants.incidentId, incidentParticipants.studentId],
    }),
  ],
)

/** A positive recognition (Ed-Fi StudentAcademicRecord Recognition): families should not only hear about trouble. */
export const recognitions = behaviour.table(
  'recognitions',
  {
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id').notNull(),
    recognitionType: recognitionType('recognition_type').notNull(),
    description: text('description').notNull(),
    awardedDate: date('awarded_date', { mode: 'string' }).notNull(),
    awardedByStaffId: uuid('awarded_by_staff_id').notNull(),
    ...timestamps,
  },
  (t) => [index('recognitions_student_date_idx').on(t.studentId, t.awardedDate)],
)

/** Events of this subgraph's data, for the district's job queue (see `outboxTable`). */
export const outbox = outboxTable(behaviour)
