/**
 * The house's layers, as the linter enforces them: a planted import that runs back up (lib/ into
 * the gateway, the gateway into a subgraph, one team into another's code or tables) fails lint,
 * and the imports the layers allow pass. `npm run lint` in CI applies the same rule to the tree.
 */
import fs from 'node:fs'
import { ESLint } from 'eslint'
import { afterAll, describe, expect, it } from 'vitest'

const planted: string[] = []
afterAll(() => {
  for (const file of planted) fs.rmSync(file, { force: true })
})

/** Writes a module that imports `from` at `dir`, lints it with the project's config, and returns the layer errors. */
async function lintImport(dir: string, from: string): Promise<string[]> {
  const file = `${dir}/planted-${process.pid}-${planted.length}.ts`
  planted.push(file)
  fs.writeFileSync(file, `import * as planted from '${from}'\n\nexport const keep = planted\n`)
  const [result] = await new ESLint().lintFiles([file])
  return (result?.messages ?? []).filter((m) => m.ruleId === 'import-x/no-restricted-paths').map((m) => m.message)
}

describe('the layer rule', () => {
  it.each([
    ['lib/ importing the gateway', 'lib', '../gateway/server.ts', 'lib/ is the ground floor'],
    ['lib/ importing the db', 'lib', '../db/client.ts', 'lib/ is the ground floor'],
    ['db/ importing a subgraph', 'db', '../subgraphs/academics/scope.ts', 'db/ stands on lib/ alone'],
    ['the gateway importing the kit', 'gateway', '../subgraphs/kit/index.ts', 'The gateway shares only lib/'],
    ['the gateway importing the composition code', 'gateway', '../schema/compose.ts', 'The gateway shares only lib/'],
    ['the kit importing a subgraph', 'subgraphs/kit', '../academics/scope.ts', 'The kit builds every subgraph and knows none of them'],
    ['finance importing academics code', 'subgraphs/finance', '../academics/permissions.ts', "finance never imports another team's code"],
    ['finance importing academics tables', 'subgraphs/finance', '../academics/db/schema.ts', "finance never imports another team's code or tables"],
    ["finance's seed importing academics tables", 'subgraphs/finance/db', '../../academics/db/schema.ts', "finance never imports another team's code or tables"],
    ["finance's server code importing the seed helpers", 'subgraphs/finance', '../../db/seed/bulk.ts', "finance's server code and tables never import the seed"],
    ["finance's server code importing its own seed", 'subgraphs/finance', './db/seed.ts', "finance's server code and tables never import the seed"],
    ["a shared seed helper importing a team's seed", 'db/seed', '../../subgraphs/academics/db/seed.ts', 'db/ stands on lib/ alone'],
    ['schema/ importing the kit', 'schema', '../subgraphs/kit/index.ts', 'schema/ holds what belongs to the whole graph'],
  ])('refuses %s', async (_what, dir, from, sentence) => {
    const errors = await lintImport(dir, from)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(sentence)
  }, 60_000)

  it.each([
    ['the gateway importing the request contract', 'gateway', '../lib/contract/index.ts'],
    ['the kit importing the request contract and the db', 'subgraphs/kit', '../../db/client.ts'],
    ['finance importing the kit', 'subgraphs/finance', '../kit/index.ts'],
    ['finance importing its own tables', 'subgraphs/finance', './db/schema.ts'],
    ["finance's seed importing the shared seed helpers", 'subgraphs/finance/db', '../../../db/seed/bulk.ts'],
    ['a finance test importing academics tables', 'subgraphs/finance/test', '../../academics/db/schema.ts'],
    ['a script importing anything', 'scripts', '../subgraphs/index.ts'],
  ])('allows %s', async (_what, dir, from) => {
    expect(await lintImport(dir, from)).toStrictEqual([])
  }, 60_000)
})
