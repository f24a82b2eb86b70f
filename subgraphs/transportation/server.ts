/** Builds the transportation subgraph (bus routes, stops and each student's assigned seats). */
import { loadTypeDefs, PLANNED_ONCE, type SubgraphDefinition } from '../kit/index.ts'
import { createLoaders, type TransportationLoaders } from './loaders.ts'
import { permissions } from './permissions.ts'
import { resolvers } from './resolvers/index.ts'

export const transportation: SubgraphDefinition<TransportationLoaders> = {
  name: 'transportation',
  typeDefs: loadTypeDefs(import.meta.url),
  resolvers,
  permissions,
  createLoaders,
  // Each statement planned once per connection: its generic plan checked at 1,000 and 53,000 students (README: Query plans).
  planner: PLANNED_ONCE,
}
