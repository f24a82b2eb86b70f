/**
 * `npm run compose`: writes schema/supergraph.graphql and schema/api-schema.graphql.
 * `--check` writes nothing and fails when either is stale. Fails loudly on composition errors.
 */
import fs from 'node:fs'
import { API_SCHEMA_PATH, composeSupergraph, SUPERGRAPH_PATH } from '../schema/compose.ts'

function main() {
  const check = process.argv.includes('--check')
  const composed = composeSupergraph()
  const outputs: Array<[string, string]> = [
    [SUPERGRAPH_PATH, composed.supergraphSdl],
    [API_SCHEMA_PATH, composed.apiSchemaSdl],
  ]
  let stale = 0
  for (const [file, content] of outputs) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
    if (current === content) continue
    if (check) {
      console.error(`${file} is stale: run npm run compose and commit it.`)
      stale++
    } else {
      fs.writeFileSync(file, content)
      console.log(`wrote ${file}`)
    }
  }
  if (stale > 0) process.exit(1)
  if (!check) console.log('supergraph composed from six subgraphs')
}

try {
  main()
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
