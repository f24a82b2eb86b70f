/**
 * `npm run start:subgraph -- <name>`: one subgraph as its own process (production), through its
 * entry point `subgraphs/<name>/index.ts`, which loads that subgraph's code alone.
 */
import { isSubgraphName, SUBGRAPH_NAMES } from '../lib/subgraphs.ts'

async function main() {
  const name = process.argv[2] ?? ''
  if (!isSubgraphName(name)) throw new Error(`Name a subgraph: ${SUBGRAPH_NAMES.join(', ')} (not "${name}").`)
  // The entry point serves as it loads: the import settles once the subgraph listens.
  await import(`../subgraphs/${name}/index.ts`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
