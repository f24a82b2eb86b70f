/**
 * transportation's per-request DataLoaders: each answers a whole batch of students with one
 * SQL statement.
 */
import DataLoader from 'dataloader'
import { desc, eq, gte, isNull, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { byKey, isoToday, preparedOnce, uuidInPlaceholder, type Caller } from '../kit/index.ts'
import type { BusAssignmentMapper, StudentTransportationMapper } from './mappers.ts'

/** Today's date in the district's calendar (UTC is close enough for a whole-day arrangement). */
const today = isoToday

function assignment(
  studentId: string,
  route: typeof t.busRoutes.$inferSelect | null,
  stop: typeof t.busStops.$inferSelect | null,
): BusAssignmentMapper | null {
  return route && stop ? { studentId, route, stop: { ...stop, studentId } } : null
}

export function createLoaders(db: Db, _caller: Caller) {
  return {
    /**
     * Each student's transportation now: the record in effect today, else the next to begin
     * (a change the office has already entered), with both stops and their routes joined in.
     */
    transportation: new DataLoader<string, StudentTransportationMapper | null>(async (studentIds) => {
      const date = today()
      const amStop = alias(t.busStops, 'am_stop')
      const amRoute = alias(t.busRoutes, 'am_route')
      const pmStop = alias(t.busStops, 'pm_stop')
      const pmRoute = alias(t.busRoutes, 'pm_route')
      const rows = await preparedOnce(db, 'transportation.current', () =>
        db
        .selectDistinctOn([t.studentTransportations.studentId], {
          record: t.studentTransportations,
          amStop,
          amRoute,
          pmStop,
          pmRoute,
        })
        .from(t.studentTransportations)
        .leftJoin(amStop, eq(amStop.id, t.studentTransportations.amStopId))
        .leftJoin(amRoute, eq(amRoute.id, amStop.routeId))
        .leftJoin(pmStop, eq(pmStop.id, t.studentTransportations.pmStopId))
        .leftJoin(pmRoute, eq(pmRoute.id, pmStop.routeId))
        .where(
          sql`${uuidInPlaceholder(t.studentTransportations.studentId)} and ${or(isNull(t.studentTransportations.endDate), gte(t.studentTransportations.endDate, sql.placeholder('date')))}`,
        )
        .orderBy(
          t.studentTransportations.studentId,
          desc(sql`${t.studentTransportations.beginDate} <= ${sql.placeholder('date')}::date`),
          desc(t.studentTransportations.beginDate),
        )
        .prepare('transportation_current'),
      ).execute({ ids: [...studentIds], date })
      return byKey(
        studentIds,
        rows.map((r) => ({
          ...r.record,
          am: assignment(r.record.studentId, r.amRoute, r.amStop),
          pm: assignment(r.record.studentId, r.pmRoute, r.pmStop),
        })),
        (r) => r.studentId,
      )
    }),
  }
}

export type TransportationLoaders = ReturnType<typeof createLoaders>
