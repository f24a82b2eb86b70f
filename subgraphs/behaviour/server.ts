/** Builds the behaviour subgraph (discipline incidents, actions and recognitions). */
import * as t from './db/schema.ts'
import { loadTypeDefs, PLANNED_ONCE, type SubgraphDefinition } from '../kit/index.ts'
import { createLoaders, type BehaviourLoaders } from './loaders.ts'
import { permissions } from './permissions.ts'
import { resolvers } from './resolvers/index.ts'

export const behaviour: SubgraphDefinition<BehaviourLoaders> = {
  name: 'behaviour',
  typeDefs: loadTypeDefs(import.meta.url),
  resolvers,
  permissions,
  createLoaders,
  // Each statement planned once per connection: its generic plan checked at 1,000 and 53,000 students (README: Query plans).
  planner: PLANNED_ONCE,
  outbox: t.outbox,
}
