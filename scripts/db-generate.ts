/** `npm run db:generate`: drizzle-kit generate for each subgraph's tables, into its own folder. */
import { execFileSync } from 'node:child_process'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'

for (const name of SUBGRAPH_NAMES) {
  execFileSync('npx', ['drizzle-kit', 'generate', '--config', 'drizzle.config.ts'], {
    stdio: 'inherit',
    env: { ...process.env, DG_SUBGRAPH: name },
  })
}
