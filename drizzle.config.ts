/**
 * drizzle-kit configuration for one subgraph's tables (`DG_SUBGRAPH=<name>`): each subgraph
 * keeps its own Postgres schema and its own migration folder in its room
 * (`subgraphs/<name>/db/`), so a team can move its tables to a database of its own.
 * `npm run db:generate` runs it for all six.
 */
import { defineConfig } from 'drizzle-kit'
import { isSubgraphName } from './lib/subgraphs.ts'

const name = process.env.DG_SUBGRAPH ?? ''
if (!isSubgraphName(name)) {
  throw new Error(`Set DG_SUBGRAPH to a subgraph's name (academics, attendance, …), not "${name}".`)
}

export default defineConfig({
  dialect: 'postgresql',
  schema: `./subgraphs/${name}/db/schema.ts`,
  out: `./subgraphs/${name}/db/migrations`,
  schemaFilter: [name],
  migrations: { table: `__migrations_${name}`, schema: 'drizzle' },
})
