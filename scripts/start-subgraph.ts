/** `npm run start:subgraph -- <name>`: one subgraph as its own process (production). */
import { isSubgraphName, SUBGRAPH_NAMES } from '../lib/subgraphs.ts'

async function main() {
  const name = process.argv[2] ?? ''
  if (!isSubgraphName(name)) throw new Error(`Name a subgraph: ${SUBGRAPH_NAMES.join(', ')} (not "${name}").`)
  const [{ SUBGRAPHS }, { serveSubgraph }] = await Promise.all([import('../subgraphs/index.ts'), import('../subgraphs/kit/serve.ts')])
  await serveSubgraph(SUBGRAPHS[name])
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
