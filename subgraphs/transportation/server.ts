/** Builds the transportation subgraph (bus routes, stops and each student's assigned seats). */
import { loadTypeDefs, type SubgraphDefinition } from '../kit/index.ts'
import { createLoaders, type TransportationLoaders } from './loaders.ts'
import { permissions } from './permissions.ts'
import { resolvers } from './resolvers/index.ts'

export const transportation: SubgraphDefinition<TransportationLoaders> = {
  name: 'transportation',
  typeDefs: loadTypeDefs(import.meta.url),
  resolvers,
  permissions,
  createLoaders,
  // Every statement's generic plan is as good as its custom one (EXPLAIN at 1,000 and 53,000 students): planned once per connection.
  planCacheMode: 'force_generic_plan',
}
