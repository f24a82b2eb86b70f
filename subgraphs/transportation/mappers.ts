/**
 * The rows behind transportation's GraphQL types. Each carries the `studentId` it belongs to,
 * so the shared rules can check the viewer's right to read that student on every type.
 */
import type * as t from './db/schema.ts'

/** A student named by another subgraph: this one adds fields to it and needs nothing but the id. */
export interface StudentMapper {
  id: string
}
export type BusStopMapper = typeof t.busStops.$inferSelect & { studentId: string }
export interface BusAssignmentMapper {
  studentId: string
  route: typeof t.busRoutes.$inferSelect
  stop: BusStopMapper
}
export type StudentTransportationMapper = typeof t.studentTransportations.$inferSelect & {
  am: BusAssignmentMapper | null
  pm: BusAssignmentMapper | null
}
