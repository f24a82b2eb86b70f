/** Builds the academics subgraph (the district's student information system). */
import * as t from './db/schema.ts'
import { loadTypeDefs, type SubgraphDefinition } from '../kit/index.ts'
import { createLoaders, type AcademicsLoaders } from './loaders.ts'
import { permissions } from './permissions.ts'
import { resolvers } from './resolvers/index.ts'

export const academics: SubgraphDefinition<AcademicsLoaders> = {
  name: 'academics',
  typeDefs: loadTypeDefs(import.meta.url),
  resolvers,
  permissions,
  createLoaders,
  outbox: t.outbox,
}
