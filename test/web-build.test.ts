/**
 * `npm run build:web` and the build `npm start` makes when the page is stale, on a copy of the
 * page's sources: it builds once and then only after a source changes, a broken source stops it
 * with vite's message and leaves the last build serving, and two builds asked for at once (test
 * files starting together) build once.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const SCRIPT = path.resolve('scripts/web-build.ts')

interface Run {
  code: number
  output: string
}

/** `node scripts/web-build.ts [args]` in the copy, as `npm run build:web` runs it in a checkout. */
function build(dir: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { cwd: dir }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` })
    })
  })
}

describe('building the family page', () => {
  let dir: string
  const source = () => path.join(dir, 'web/src/main.tsx')
  const index = () => fs.readFileSync(path.join(dir, 'web/dist/index.html'), 'utf8')

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-web-build-'))
    fs.cpSync('web', path.join(dir, 'web'), { recursive: true, filter: (from) => !/[/\\](node_modules|dist)$/.test(from) })
    fs.cpSync('packages/client', path.join(dir, 'packages/client'), { recursive: true, filter: (from) => !/[/\\]node_modules$/.test(from) })
    for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(file, path.join(dir, file))
    fs.symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'))
  })
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('builds when there is no build, then not again until a source changes', async () => {
    const first = await build(dir)
    expect(first).toMatchObject({ code: 0, output: expect.stringContaining('building the family page (web/ changed since its last build)') })
    expect(index()).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/)

    expect(await build(dir)).toStrictEqual({ code: 0, output: 'web/dist is up to date with its sources\n' })

    fs.appendFileSync(source(), '\n// a change\n')
    expect((await build(dir)).output).toContain('building the family page (web/ changed since its last build)')
    expect((await build(dir, '--force')).output).toContain('building the family page (web/)…')
  })

  it('stops on a broken source with vite’s message, and leaves the last build in place', async () => {
    const before = index()
    const good = fs.readFileSync(source(), 'utf8')
    fs.appendFileSync(source(), '\nexport const broken = (\n')
    try {
      const failed = await build(dir)
      expect(failed.code).toBe(1)
      expect(failed.output).toContain('The family page (web/) did not build:')
      expect(failed.output).toContain('src/main.tsx')
      expect(index()).toBe(before)
      expect(fs.readdirSync(path.join(dir, 'web/dist/assets')).length).toBeGreaterThan(0)
    } finally {
      fs.writeFileSync(source(), good)
    }
  })

  it('builds once when two processes ask at the same time', async () => {
    fs.appendFileSync(source(), '\n// another change\n')
    const runs = await Promise.all([build(dir), build(dir)])
    expect(runs.map((run) => run.code)).toStrictEqual([0, 0])
    // The other waited for the build, then found it up to date.
    expect(runs.map((run) => (run.output.includes('building the family page') ? 'built' : run.output.trim())).sort()).toStrictEqual(['built', 'web/dist is up to date with its sources'])
    expect(fs.existsSync(path.join(dir, '.tmp/web-build.lock'))).toBe(false)
  })
})
