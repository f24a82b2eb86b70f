/** Builds the messaging subgraph: threads about a child, announcements, read state. */
import * as t from './db/schema.ts'
import { loadTypeDefs, type SubgraphDefinition } from '../kit/index.ts'
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
  outbox: t.outbox,
  workers: startAlertWorkers,
  routes: notificationRoutes,
}
