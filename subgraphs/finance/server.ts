/** Builds the finance subgraph: fees, the payments ledger and meal accounts. */
import * as t from './db/schema.ts'
import { loadTypeDefs, type SubgraphDefinition } from '../kit/index.ts'
import { createLoaders, type FinanceLoaders } from './loaders.ts'
import { permissions } from './permissions.ts'
import { resolvers } from './resolvers/index.ts'

export const finance: SubgraphDefinition<FinanceLoaders> = {
  name: 'finance',
  typeDefs: loadTypeDefs(import.meta.url),
  resolvers,
  permissions,
  createLoaders,
  outbox: t.outbox,
}
