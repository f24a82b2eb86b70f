/**
 * behaviour's per-request DataLoaders: each answers a whole batch of students with one SQL
 * statement. Incidents are read through the student's own participation row and joined to that
 * student's own actions only, so no query here ever returns another participant.
 */
import DataLoader from 'dataloader'
import { and, asc, desc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { groupBy, preparedOnce, uuidInPlaceholder, type Caller } from '../kit/index.ts'
import type { RecognitionMapper, StudentIncidentMapper } from './mappers.ts'

export function createLoaders(db: Db, _caller: Caller) {
  return {
    /** Each student's incidents, newest first, each with the student's own actions (oldest first). */
    incidents: new DataLoader<string, StudentIncidentMapper[]>(async (studentIds) => {
      const rows = await preparedOnce(db, 'behaviour.incidents', () =>
        db
          .select({ participant: t.incidentParticipants, incident: t.disciplineIncidents, action: t.disciplineActions })
          .from(t.incidentParticipants)
          .innerJoin(t.disciplineIncidents, eq(t.disciplineIncidents.id, t.incidentParticipants.incidentId))
          .leftJoin(
            t.disciplineActions,
            and(eq(t.disciplineActions.incidentId, t.incidentParticipants.incidentId), eq(t.disciplineActions.studentId, t.incidentParticipants.studentId)),
          )
          .where(uuidInPlaceholder(t.incidentParticipants.studentId))
          .orderBy(
            desc(t.disciplineIncidents.incidentDate),
            desc(t.disciplineIncidents.incidentTime),
            asc(t.disciplineIncidents.incidentIdentifier),
            asc(t.disciplineActions.disciplineDate),
            asc(t.disciplineActions.disciplineAction),
          )
          .prepare('behaviour_incidents'),
      ).execute({ ids: [...studentIds] })
      // One row per (participation, action): fold the actions back into their participation.
      const byParticipation = new Map<string, StudentIncidentMapper>()
      for (const { participant, incident, action } of rows) {
        let entry = byParticipation.get(participant.id)
        if (!entry) {
          entry = { ...participant, incident, actions: [] }
          byParticipation.set(participant.id, entry)
        }
        if (action) entry.actions.push(action)
      }
      return groupBy(studentIds, [...byParticipation.values()], (r) => r.studentId)
    }),
    /** Each student's recognitions, newest first. */
    recognitions: new DataLoader<string, RecognitionMapper[]>(async (studentIds) => {
      const rows = await preparedOnce(db, 'behaviour.recognitions', () =>
        db
          .select()
          .from(t.recognitions)
          .where(uuidInPlaceholder(t.recognitions.studentId))
          .orderBy(desc(t.recognitions.awardedDate), asc(t.recognitions.recognitionType), asc(t.recognitions.id))
          .prepare('behaviour_recognitions'),
      ).execute({ ids: [...studentIds] })
      return groupBy(studentIds, rows, (r) => r.studentId)
    }),
  }
}

export type BehaviourLoaders = ReturnType<typeof createLoaders>
