/**
 * `npm run schema:check [-- <subgraph>] [--base <rev>] [--root <dir>]` (CI runs it): composes the
 * work tree's subgraphs and compares the API schema with the one at the merge-base of HEAD and
 * main (on main itself: HEAD's first parent). Exits 1 on a composition error or a breaking change
 * — naming the subgraph and the committed operations and registered apps it breaks — and 2 on bad
 * input, with a stable code. A removal passes once it was deprecated on main and no document uses it.
 */
import { parseArgs } from 'node:util'
import { isSubgraphName, SUBGRAPH_NAMES } from '../lib/subgraphs.ts'
import { checkSchema, type SchemaCheckOptions } from './schema-check/check.ts'
import { SchemaCheckInputError } from './schema-check/errors.ts'
import { renderReport } from './schema-check/report.ts'

function optionsOf(args: string[]): SchemaCheckOptions {
  let parsed: ReturnType<typeof parseArgs<{ options: { base: { type: 'string' }; root: { type: 'string' } }; allowPositionals: true }>>
  try {
    parsed = parseArgs({ args, options: { base: { type: 'string' }, root: { type: 'string' } }, allowPositionals: true })
  } catch (error) {
    throw new SchemaCheckInputError('BAD_ARGUMENT', `${error instanceof Error ? error.message : String(error)}. Usage: npm run schema:check [-- <subgraph>] [--base <rev>] [--root <dir>]`)
  }
  const [subgraph, ...extra] = parsed.positionals
  if (extra.length > 0) throw new SchemaCheckInputError('BAD_ARGUMENT', `Name at most one subgraph; got ${parsed.positionals.join(', ')}.`)
  if (subgraph !== undefined && !isSubgraphName(subgraph)) {
    throw new SchemaCheckInputError('UNKNOWN_SUBGRAPH', `${subgraph} is not a subgraph: one of ${SUBGRAPH_NAMES.join(', ')}.`)
  }
  return { root: parsed.values.root, base: parsed.values.base, subgraph }
}

async function main() {
  const result = await checkSchema(optionsOf(process.argv.slice(2)))
  process.stdout.write(renderReport(result))
  process.exitCode = result.ok ? 0 : 1
}

main().catch((error: unknown) => {
  if (error instanceof SchemaCheckInputError) {
    console.error(`schema:check (${error.code}): ${error.message}`)
    process.exit(2)
  }
  console.error(error)
  process.exit(1)
})
