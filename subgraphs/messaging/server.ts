/** Builds the messaging subgraph: threads about a child, announcements, read state. */
import * as t from './db/schema.ts'
import { loadTypeDefs, PLANNED_ONCE, type SubgraphDefinition } from '../kit/index.ts'
import { notificationRoutes } from './alerts/endpoints.ts'
import { startAlertWorkers } from './alerts/worker.ts'
import { createLoaders, type MessagingLoaders } from './loaders.ts'
import { permissions } from './permissions.ts'
import { resolvers } from './resolvers/index.ts'

export const messaging: SubgraphDefinition<MessagingLoaders> = {
  name: 'messaging',
  typeDefs: loadTypeDefs(import.meta.url),
  resolvers,
  permissions,
  createLoaders,
  // Each statement planned once per connection: its generic plan checked at 1,000 and 53,000 students (README: Query plans).
  planner: PLANNED_ONCE,
  outbox: t.outbox,
  workers: startAlertWorkers,
  routes: notificationRoutes,
}
