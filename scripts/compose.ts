/**
 * `npm run compose`: composes the subgraphs' SDL and writes schema/supergraph.graphql,
 * schema/api-schema.graphql and schema/permission-report.json (who may read each field, from the
 * same SDL and every subgraph's permission map). `--check` writes nothing and fails when any is
 * stale. Fails loudly on composition errors.
 */
import fs from 'node:fs'
import { API_SCHEMA_PATH, PERMISSION_REPORT_PATH, SUPERGRAPH_PATH } from '../lib/paths.ts'
import { composeSupergraph } from '../schema/compose.ts'
import { buildPermissionReport } from '../schema/permission-report.ts'
import { loadPermissionMaps } from './permission-maps.ts'

async function main() {
  const check = process.argv.includes('--check')
  const composed = composeSupergraph()
  const report = buildPermissionReport(composed.supergraphSdl, await loadPermissionMaps())
  const outputs: Array<[string, string]> = [
    [SUPERGRAPH_PATH, composed.supergraphSdl],
    [API_SCHEMA_PATH, composed.apiSchemaSdl],
    [PERMISSION_REPORT_PATH, `${JSON.stringify(report, null, 2)}\n`],
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
  if (!check) console.log('supergraph and permission report composed from six subgraphs')
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
