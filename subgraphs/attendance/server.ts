/** Builds the attendance subgraph (school calendars, daily and class attendance events). */
import * as t from './db/schema.ts'
import { loadTypeDefs, PLANNED_ONCE, type SubgraphDefinition } from '../kit/index.ts'
import { createLoaders, type AttendanceLoaders } from './loaders.ts'
import { permissions } from './permissions.ts'
import { resolvers } from './resolvers/index.ts'

export const attendance: SubgraphDefinition<AttendanceLoaders> = {
  name: 'attendance',
  typeDefs: loadTypeDefs(import.meta.url),
  resolvers,
  permissions,
  createLoaders: (db, caller) => createLoaders(db, caller),
  // Each statement planned once per connection: its generic plan checked at 1,000 and 53,000 students (README: Query plans).
  planner: PLANNED_ONCE,
  outbox: t.outbox,
}
