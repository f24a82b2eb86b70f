/**
 * `npm run schema:check`: a district team's schema change against main, in a throwaway git
 * repository holding this project's subgraph SDL and operations. A removal fails until it was
 * deprecated on main and no document uses it; additions pass; a composition error names its
 * subgraph; the report names the operations and apps a breaking change breaks.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkSchema } from '../scripts/schema-check/check.ts'
import { renderReport } from '../scripts/schema-check/report.ts'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'

const PROJECT = process.cwd()
const TRANSPORTATION = 'subgraphs/transportation/schema.graphql'
const BUS_NUMBER = '  busNumber: String!\n'
const repos: string[] = []

afterEach(() => {
  for (const dir of repos.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

/** A repository whose main holds this project's subgraphs' SDL, operations and manifest, with `change` applied. */
function repository(change: (edit: Edit) => void = () => {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-schema-check-'))
  repos.push(dir)
  const files = [
    ...SUBGRAPH_NAMES.map((name) => `subgraphs/${name}/schema.graphql`),
    ...fs.readdirSync(path.join(PROJECT, 'schema/operations')).map((file) => `schema/operations/${file}`),
    'schema/generated/persisted-documents.json',
  ]
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.copyFileSync(path.join(PROJECT, file), path.join(dir, file))
  }
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], { encoding: 'utf8' })
  const edit = editor(dir)
  git('init', '-q', '-b', 'main')
  change(edit)
  git('add', '-A')
  git('commit', '-qm', 'main')
  return {
    dir,
    edit,
    git,
    /** Work on a branch of main, as a team does before its pull request. */
    branch() {
      git('switch', '-q', '-c', 'feature')
    },
    commit(message: string) {
      git('add', '-A')
      git('commit', '-qm', message)
    },
  }
}

type Edit = (file: string, from: string, to: string) => void

function editor(dir: string): Edit {
  return (file, from, to) => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8')
    if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`)
    fs.writeFileSync(path.join(dir, file), text.replace(from, to))
  }
}

/** An app's registered manifest, as codegen's client preset writes it (sha256 → document). */
function registerApp(dir: string, app: string, documents: string[]) {
  const manifest = Object.fromEntries(documents.map((text) => [createHash('sha256').update(text).digest('hex'), text]))
  fs.mkdirSync(path.join(dir, 'schema/trusted-documents'), { recursive: true })
  fs.writeFileSync(path.join(dir, `schema/trusted-documents/${app}.json`), JSON.stringify(manifest, null, 2))
}

const commits = (text: string) => text.replace(/\b[0-9a-f]{12}\b/g, '<commit>')
const report = async (dir: string, options: { subgraph?: 'transportation' | 'finance' } = {}) => {
  const result = await checkSchema({ root: dir, ...options })
  return { ok: result.ok, text: commits(renderReport(result)) }
}

const DEPRECATE_FIRST = '      Not deprecated on main: deprecate it first (@deprecated(reason: "…") in the subgraph\'s SDL), land that on main, then remove it.'

describe('schema:check', () => {
  it('fails a removed field, naming the subgraph and the operations that select it', () => {
    const repo = repository()
    repo.branch()
    repo.edit(TRANSPORTATION, BUS_NUMBER, '')
    repo.commit('transportation: drop busNumber')

    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/schema-check.ts', '--root', repo.dir], { cwd: PROJECT, encoding: 'utf8' })
    expect({ status: run.status, stderr: run.stderr }).toStrictEqual({ status: 1, stderr: '' })
    expect(commits(run.stdout)).toBe(
      [
        "schema:check: the work tree's subgraphs against the merge-base of HEAD and main (<commit>)",
        'Composition: the subgraphs compose.',
        '1 breaking change (these fail the check):',
        "  x Field 'busNumber' was removed from object type 'BusAssignment' [BusAssignment.busNumber, subgraph transportation]",
        DEPRECATE_FIRST,
        '      Used by ChildDashboard, FamilyDashboard (committed operations).',
        'schema:check failed: 1 breaking change.',
        '',
      ].join('\n'),
    )
  }, 60_000)

  it('passes an added field', async () => {
    const repo = repository()
    repo.branch()
    repo.edit(TRANSPORTATION, BUS_NUMBER, `${BUS_NUMBER}  "The colour painted on the bus, for young riders."\n  busColour: String\n`)

    expect(await report(repo.dir)).toStrictEqual({
      ok: true,
      text: [
        "schema:check: the work tree's subgraphs against HEAD (<commit>), as HEAD is already in main and the work tree changes the subgraphs' SDL",
        'Composition: the subgraphs compose.',
        '1 safe change:',
        "  + Field 'busColour' was added to object type 'BusAssignment' [BusAssignment.busColour, subgraph transportation]",
        'schema:check passed.',
        '',
      ].join('\n'),
    })
  })

  it('fails an added field nothing in its subgraph\'s code names (a forgotten resolver), and passes it once its resolver is there', async () => {
    const repo = repository()
    // transportation's code, as a team's branch holds it (not its generated types, tests or migrations).
    const copy = (from: string) => {
      for (const entry of fs.readdirSync(path.join(PROJECT, from), { withFileTypes: true })) {
        const file = `${from}/${entry.name}`
        if (entry.isDirectory() && !['generated', 'test', 'migrations'].includes(entry.name)) copy(file)
        else if (entry.isFile() && entry.name.endsWith('.ts')) {
          fs.mkdirSync(path.dirname(path.join(repo.dir, file)), { recursive: true })
          fs.copyFileSync(path.join(PROJECT, file), path.join(repo.dir, file))
        }
      }
    }
    copy('subgraphs/transportation')
    repo.commit("transportation's code")
    repo.branch()
    repo.edit(TRANSPORTATION, BUS_NUMBER, `${BUS_NUMBER}  "The colour painted on the bus, for young riders."\n  busColour: String\n`)
    const forgotten = await report(repo.dir)
    expect({ ok: forgotten.ok, names: forgotten.text.includes('Nothing in subgraphs/transportation/ names busColour') }).toStrictEqual({ ok: false, names: true })

    fs.writeFileSync(path.join(repo.dir, 'subgraphs/transportation/resolvers/BusAssignment.ts'), "export const BusAssignment = { busColour: () => 'yellow' }\n")
    expect((await report(repo.dir)).ok).toBe(true)
  })

  it('passes a deprecation, naming who still uses the field', async () => {
    const repo = repository()
    repo.branch()
    repo.edit(TRANSPORTATION, BUS_NUMBER, '  busNumber: String! @deprecated(reason: "Use `routeNumber`.")\n')

    const { ok, text } = await report(repo.dir)
    expect(ok).toBe(true)
    expect(text).toContain(
      [
        "  + Field 'BusAssignment.busNumber' is deprecated [BusAssignment.busNumber, subgraph transportation]",
        '      Still used by ChildDashboard, FamilyDashboard (committed operations): move them off it before it is removed.',
      ].join('\n'),
    )
  })

  it('passes the removal of a field deprecated on main that no document uses', async () => {
    const deprecated = `${BUS_NUMBER}  seatBelts: Boolean @deprecated(reason: "Every bus has them.")\n`
    const repo = repository((edit) => edit(TRANSPORTATION, BUS_NUMBER, deprecated))
    repo.branch()
    repo.edit(TRANSPORTATION, deprecated, BUS_NUMBER)

    expect(await report(repo.dir)).toStrictEqual({
      ok: true,
      text: [
        "schema:check: the work tree's subgraphs against HEAD (<commit>), as HEAD is already in main and the work tree changes the subgraphs' SDL",
        'Composition: the subgraphs compose.',
        '1 dangerous change (warnings):',
        "  ! Field 'seatBelts' (deprecated) was removed from object type 'BusAssignment' [BusAssignment.seatBelts, subgraph transportation]",
        '      Deprecated on main: it may go.',
        '      No committed or registered document uses it.',
        'schema:check passed.',
        '',
      ].join('\n'),
    })
  })

  it('fails the removal of a deprecated field that documents still use, naming them and the apps', async () => {
    const repo = repository((edit) => {
      edit(TRANSPORTATION, BUS_NUMBER, '  busNumber: String! @deprecated(reason: "Use `routeNumber`.")\n')
    })
    registerApp(repo.dir, 'bus-tracker', [
      'query BusTracker($studentId: ID!) { student(id: $studentId) { transportation { am { busNumber routeNumber } } } }',
      'query BusStops($studentId: ID!) { student(id: $studentId) { transportation { pm { stop { name } } } } }',
    ])
    repo.commit('the bus tracker registers its operations')
    repo.branch()
    repo.edit(TRANSPORTATION, '  busNumber: String! @deprecated(reason: "Use `routeNumber`.")\n', '')

    const { ok, text } = await report(repo.dir)
    expect(ok).toBe(false)
    expect(text).toContain(
      [
        '1 breaking change (these fail the check):',
        "  x Field 'busNumber' (deprecated) was removed from object type 'BusAssignment' [BusAssignment.busNumber, subgraph transportation]",
        '      Deprecated on main, but documents still use it: move them off it first (an app registers a new manifest without it), then remove it.',
        "      Used by ChildDashboard, FamilyDashboard (committed operations), app 'bus-tracker' (1 document: BusTracker).",
        'schema:check failed: 1 breaking change.',
      ].join('\n'),
    )
  })

  it('fails a composition error, naming the subgraphs', async () => {
    const repo = repository()
    repo.branch()
    repo.edit('subgraphs/finance/schema.graphql', 'type Student @key(fields: "id") {\n  id: ID!\n', 'type Student @key(fields: "id") {\n  id: ID!\n  firstName: Int\n')

    const { ok, text } = await report(repo.dir)
    expect(ok).toBe(false)
    expect(text).toBe(
      [
        "schema:check: the work tree's subgraphs against HEAD (<commit>), as HEAD is already in main and the work tree changes the subgraphs' SDL",
        'Composition fails (2 errors):',
        '  x academics, finance: Type of field "Student.firstName" is incompatible across subgraphs: it has type "String!" in subgraph "academics" but type "Int" in subgraph "finance" (FIELD_TYPE_MISMATCH)',
        '  x academics, finance: Non-shareable field "Student.firstName" is resolved from multiple subgraphs: it is resolved from subgraphs "academics" and "finance" and defined as non-shareable in all of them (INVALID_FIELD_SHARING)',
        'schema:check failed: 2 composition errors.',
        '',
      ].join('\n'),
    )
  })

  it('on main itself checks the last commit against its first parent, and composition alone without one', async () => {
    const repo = repository()
    expect(await report(repo.dir)).toStrictEqual({
      ok: true,
      text: ["schema:check: the work tree's subgraphs; no base (HEAD is already in main, the work tree changes no SDL, and HEAD has no parent): composition only", 'Composition: the subgraphs compose.', 'schema:check passed.', ''].join('\n'),
    })

    repo.edit(TRANSPORTATION, BUS_NUMBER, '')
    repo.commit('remove busNumber')
    const { ok, text } = await report(repo.dir)
    expect(ok).toBe(false)
    expect(text).toContain("schema:check: the work tree's subgraphs against HEAD's first parent (<commit>), as HEAD is already in main and the work tree changes no SDL\n")
    expect(text).toContain(`  x Field 'busNumber' was removed from object type 'BusAssignment' [BusAssignment.busNumber, subgraph transportation]\n${DEPRECATE_FIRST}\n`)
  })

  it('with a subgraph named, reports only the changes its SDL makes', async () => {
    const repo = repository()
    repo.branch()
    repo.edit(TRANSPORTATION, BUS_NUMBER, `${BUS_NUMBER}  busColour: String\n`)
    repo.edit('subgraphs/finance/schema.graphql', 'type Student @key(fields: "id") {\n  id: ID!\n', 'type Student @key(fields: "id") {\n  id: ID!\n  feeCount: Int\n')

    const transportation = await report(repo.dir, { subgraph: 'transportation' })
    expect(transportation.ok).toBe(true)
    expect(transportation.text).toContain("  + Field 'busColour' was added to object type 'BusAssignment' [BusAssignment.busColour, subgraph transportation]\n")
    expect(transportation.text).not.toContain('feeCount')
    const finance = await report(repo.dir, { subgraph: 'finance' })
    expect(finance.text).toContain("schema:check: finance's SDL in the work tree against HEAD (<commit>), as HEAD is already in main and the work tree changes the subgraphs' SDL\n")
    expect(finance.text).toContain("  + Field 'feeCount' was added to object type 'Student' [Student.feeCount, subgraph finance]\n")
    expect(finance.text).not.toContain('busColour')
  })

  it('refuses an unknown subgraph with a stable code', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/schema-check.ts', 'buses'], { cwd: PROJECT, encoding: 'utf8' })
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toStrictEqual({
      status: 2,
      stdout: '',
      stderr: 'schema:check (UNKNOWN_SUBGRAPH): buses is not a subgraph: one of academics, attendance, behaviour, finance, messaging, transportation.\n',
    })
  }, 60_000)
})
