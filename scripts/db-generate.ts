/**
 * `npm run db:generate [-- --name <what changed>]`: drizzle-kit generate for each subgraph's
 * tables, into its own folder (`DG_SUBGRAPH=<name>` for one). Extra arguments go to drizzle-kit.
 */
import { execFileSync } from 'node:child_process'
import { isSubgraphName, SUBGRAPH_NAMES } from '../lib/subgraphs.ts'

const only = process.env.DG_SUBGRAPH
const names = only && isSubgraphName(only) ? [only] : SUBGRAPH_NAMES
for (const name of names) {
  execFileSync('npx', ['drizzle-kit', 'generate', '--config', 'drizzle.config.ts', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, DG_SUBGRAPH: name },
  })
}
