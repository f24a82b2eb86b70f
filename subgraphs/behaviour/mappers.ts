/**
 * The rows behind behaviour's GraphQL types. Each carries the `studentId` it belongs to, so the
 * shared rules check the viewer's right to read that student's behaviour on every type. An
 * incident reaches a resolver only inside one student's participation, with that student's own
 * actions: no mapper holds another participant.
 */
import type * as t from './db/schema.ts'

/** A student named by another subgraph: this one adds fields to it and needs nothing but the id. */
export interface StudentMapper {
  id: string
}
export interface BehaviourRecordMapper {
  studentId: string
}
export type DisciplineActionMapper = typeof t.disciplineActions.$inferSelect
export type StudentIncidentMapper = typeof t.incidentParticipants.$inferSelect & {
  incident: typeof t.disciplineIncidents.$inferSelect
  actions: DisciplineActionMapper[]
}
export type RecognitionMapper = typeof t.recognitions.$inferSelect
