/**
 * One room per team, and someone to review every file: in `.github/CODEOWNERS` (matched as
 * GitHub matches it, gitignore patterns with the last match winning) every file of the repository
 * has an owner, each team owns its whole subgraph — SDL, code, permission map, tables,
 * migrations, seed and tests, all in `subgraphs/<name>/` — and the platform owns the rest.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import ignore from 'ignore'
import { describe, expect, it } from 'vitest'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'

interface Rule {
  pattern: string
  owners: string[]
  matches: (file: string) => boolean
}

const rules: Rule[] = fs
  .readFileSync('.github/CODEOWNERS', 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    const [pattern = '', ...owners] = line.split(/\s+/)
    const matcher = ignore().add(pattern)
    return { pattern, owners, matches: (file: string) => matcher.ignores(file) }
  })

/** The owners GitHub asks for `file`: those of the last rule that matches it. */
const ownersOf = (file: string) => rules.findLast((rule) => rule.matches(file))?.owners ?? []

// Tracked files, and new ones not yet committed (not those .gitignore leaves out).
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter((file) => file !== '' && fs.existsSync(file))

const PLATFORM = '@district/platform-team'

describe('.github/CODEOWNERS', () => {
  it('names owners that are teams of the district', () => {
    expect(rules.length).toBeGreaterThan(0)
    for (const rule of rules) {
      expect(rule.owners.length, rule.pattern).toBeGreaterThan(0)
      for (const owner of rule.owners) expect(owner, rule.pattern).toMatch(/^@district\/[a-z]+-team$/)
    }
  })

  it('gives every file of the repository an owner', () => {
    expect(files.length).toBeGreaterThan(100)
    expect(files.filter((file) => ownersOf(file).length === 0)).toStrictEqual([])
  })

  it.each(SUBGRAPH_NAMES)("gives the %s team its whole room, and the room the team's whole work", (name) => {
    const room = files.filter((file) => file.startsWith(`subgraphs/${name}/`))
    expect(room.filter((file) => ownersOf(file).join(' ') !== `@district/${name}-team`)).toStrictEqual([])
    const held = [
      'schema.graphql',
      'server.ts',
      'index.ts',
      'permissions.ts',
      'loaders.ts',
      'messages/en.json',
      'generated/resolvers.ts',
      'db/schema.ts',
      'db/seed.ts',
      'db/migrations/meta/_journal.json',
    ]
    expect(held.filter((file) => !room.includes(`subgraphs/${name}/${file}`))).toStrictEqual([])
    expect(room.some((file) => /^subgraphs\/[a-z]+\/db\/migrations\/0000_\w+\.sql$/.test(file))).toBe(true)
    expect(room.some((file) => /^subgraphs\/[a-z]+\/test\/[\w-]+\.test\.ts$/.test(file))).toBe(true)
    // Nothing of the team's is left outside its room.
    expect(files.filter((file) => !file.startsWith(`subgraphs/${name}/`) && new RegExp(`^(db/(schema|seed|migrations)/${name}\\b|test/${name}\\.test\\.ts$)`).test(file))).toStrictEqual([])
  })

  it('gives the platform the kit, the gateway, lib/, the shared db/, scripts/, schema/, the cross-cutting tests and CI', () => {
    const shared = files.filter((file) => /^(subgraphs\/kit\/|subgraphs\/index\.ts$|gateway\/|lib\/|db\/|scripts\/|schema\/|test\/|\.ci\/|\.github\/)/.test(file))
    expect(shared.length).toBeGreaterThan(50)
    expect(shared.filter((file) => ownersOf(file).join(' ') !== PLATFORM)).toStrictEqual([])
  })
})
