/**
 * `npm run check:generated` fails when a committed generated file is stale: here a subgraph's
 * resolver types and the composed permission report, edited by hand in a clone of HEAD.
 */
import { spawnSync, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-generated-'))
afterAll(() => {
  fs.rmSync(clone, { recursive: true, force: true })
})

describe('check:generated', () => {
  it('names each stale generated file and fails', () => {
    execFileSync('git', ['clone', '-q', '--no-hardlinks', '.', clone])
    fs.symlinkSync(path.resolve('node_modules'), path.join(clone, 'node_modules'))
    const resolvers = 'subgraphs/transportation/generated/resolvers.ts'
    const report = 'schema/permission-report.json'
    fs.appendFileSync(path.join(clone, resolvers), 'export type HandEdited = true\n')
    fs.writeFileSync(path.join(clone, report), fs.readFileSync(path.join(clone, report), 'utf8').replace('"canReadStudentInAnyArea"', '"isSignedIn"'))
    const git = (...args: string[]) => execFileSync('git', ['-C', clone, '-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args])
    git('commit', '-qam', 'hand-edit generated files')

    const run = spawnSync('npm', ['run', '-s', 'check:generated'], { cwd: clone, encoding: 'utf8', env: { ...process.env, CI: 'true' } })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Generated files are stale; run npm run generate and commit:')
    expect(run.stderr).toContain(`- ${resolvers}\n`)
    expect(run.stderr).toContain(`- ${report}\n`)
  }, 240_000)
})
