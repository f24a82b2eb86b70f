/**
 * `npm run dev:subgraph -- transportation`: a team runs its subgraph alone, with nothing else of
 * the graph. On a bare data directory it migrates and seeds transportation's own database, serves
 * it on its port, and prints a development viewer's token and a curl: pasted into a shell, the
 * curl answers demo.guardian's children's buses. The token opens only those children, and a
 * restart keeps the data without seeding again.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { planDistrict } from '../db/seed/district.ts'
import { freePort, startProcess, type Proc } from '../scripts/processes.ts'
import { recreateDatabase } from './support/global-setup.ts'
import { TEST_TODAY } from './support/seed-date.ts'

const run = promisify(execFile)
const STUDENTS = 150
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-dev-subgraph-'))
const running: Proc[] = []

afterAll(async () => {
  for (const proc of running) proc.signal('SIGTERM')
  await Promise.all(running.map((proc) => proc.exited))
  fs.rmSync(dataDir, { recursive: true, force: true })
})

/** The environment of a developer's shell: no other database than the one this test gives it. */
async function devEnv(port: number): Promise<NodeJS.ProcessEnv> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.endsWith('DATABASE_URL')))
  const target = inject('testDatabase')
  // On the server project, a database of its own beside the suite's; on the embedded one, DATA_DIR/transportation-dev.
  const database = target.kind === 'postgres' ? { TRANSPORTATION_DATABASE_URL: await recreateDatabase(target.url, `${new URL(target.url).pathname.slice(1)}_dev_subgraph`) } : {}
  return { ...env, ...database, DATA_DIR: dataDir, TRANSPORTATION_PORT: String(port), NODE_ENV: 'development' }
}

async function startDev(env: NodeJS.ProcessEnv): Promise<Proc> {
  const proc = startProcess('dev:subgraph', process.execPath, ['--import', 'tsx', 'scripts/dev-subgraph.ts', 'transportation', '--students', String(STUDENTS), '--today', TEST_TODAY], env, '\ncurl ')
  running.push(proc)
  await proc.ready
  // The curl is the output's last line.
  await new Promise<void>((resolve) => {
    const check = () => (/\ncurl [^\n]*\n/.test(proc.output()) ? resolve() : setTimeout(check, 50))
    check()
  })
  return proc
}

/** What the developer pastes: the printed TOKEN line and curl line, run by a shell. */
async function pasted(output: string): Promise<{ data?: { _entities: Array<Record<string, unknown> | null> }; errors?: Array<{ message: string; extensions?: { code?: string } }> }> {
  const lines = output.split('\n').filter((line) => line.startsWith('TOKEN=') || line.startsWith('curl '))
  expect(lines).toHaveLength(2)
  const { stdout } = await run('sh', ['-c', lines.join('\n')])
  return JSON.parse(stdout)
}

const tokenOf = (output: string) => /^TOKEN='([^']+)'$/m.exec(output)?.[1] ?? ''

describe('npm run dev:subgraph -- transportation', () => {
  const plan = planDistrict(STUDENTS, TEST_TODAY)
  const children = plan.guardianships.filter((g) => g.contactId === plan.named.demoGuardian).map((g) => g.studentId)
  let env: NodeJS.ProcessEnv
  let url: string

  it('seeds its own database and answers the printed curl with demo.guardian’s children’s buses', async () => {
    const port = await freePort()
    env = await devEnv(port)
    url = `http://127.0.0.1:${port}/graphql`
    const dev = await startDev(env)
    expect(dev.output()).toContain(`seeding transportation's share of a district of ${STUDENTS} students`)
    expect(dev.output()).toContain(`transportation subgraph at ${url}`)
    expect(fs.existsSync(path.join(dataDir, 'transportation-dev', 'keys'))).toBe(true)

    const answer = await pasted(dev.output())
    expect(answer.errors).toBeUndefined()
    expect(answer.data?._entities.map((student) => student?.id)).toStrictEqual(children)
    for (const student of answer.data?._entities ?? []) {
      expect(student?.transportation).toStrictEqual(
        expect.objectContaining({ transportationType: expect.stringMatching(/^[A-Z_]+$/), transportationTypeLabel: expect.any(String), beginDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }),
      )
    }
  }, 240_000)

  it('opens only demo.guardian’s children, and nothing without the token', async () => {
    const stranger = plan.students.find((s) => !children.includes(s.id))?.id
    const query = async (token: string | undefined, id: string | undefined) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Student { transportation { transportationType } } } }', variables: { r: [{ __typename: 'Student', id }] } }),
      })
      return (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> }
    }
    const dev = running[0]
    if (!dev) throw new Error('dev:subgraph is not running.')
    const outside = await query(tokenOf(dev.output()), stranger)
    expect(outside.data).toStrictEqual({ _entities: [{ transportation: null }] })
    expect(outside.errors?.map((e) => e.extensions?.code)).toStrictEqual(['FORBIDDEN'])
    const anonymous = await query(undefined, children[0])
    expect(anonymous.data).toBeUndefined()
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toStrictEqual(['UNAUTHENTICATED'])
  }, 60_000)

  it('keeps its data on a restart, without seeding again', async () => {
    const first = running.shift()
    first?.signal('SIGTERM')
    expect(await first?.exited).toBe(0)
    const again = await startDev(env)
    expect(again.output()).not.toContain('seeding')
    const answer = await pasted(again.output())
    expect(answer.errors).toBeUndefined()
    expect(answer.data?._entities.map((student) => student?.id)).toStrictEqual(children)
  }, 240_000)
})
