/** `npm run start:subgraph -- <name>`: one subgraph as its own process (production), loading that subgraph's code alone. */
import { isSubgraphName, SUBGRAPH_NAMES } from '../lib/subgraphs.ts'
import type { SubgraphDefinition } from '../subgraphs/kit/index.ts'
import { serveSubgraph } from '../subgraphs/kit/serve.ts'

async function main() {
  const name = process.argv[2] ?? ''
  if (!isSubgraphName(name)) throw new Error(`Name a subgraph: ${SUBGRAPH_NAMES.join(', ')} (not "${name}").`)
  const module = (await import(`../subgraphs/${name}/server.ts`)) as Record<string, SubgraphDefinition<unknown>>
  const definition = module[name]
  if (!definition) throw new Error(`subgraphs/${name}/server.ts exports no "${name}" definition.`)
  await serveSubgraph(definition)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
