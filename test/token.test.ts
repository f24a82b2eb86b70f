/**
 * `PORT=4100 npm start` in one shell, then plain `npm run token -- demo.guardian` in another:
 * the token command finds the running gateway by the data directory, as it finds the database,
 * without being told the port, and the token it prints signs in there.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { freePort, startProcess, type Proc } from './support/processes.ts'

const run = promisify(execFile)
const database = inject('testDatabase')

// About the embedded default, where only the running gateway may open the database (with
// DATABASE_URL the command reads the account itself, whichever port the gateway has).
describe.skipIf(database.kind !== 'embedded')('npm run token beside npm start on another port', () => {
  let dataDir = ''
  let env: NodeJS.ProcessEnv = {}
  let start: Proc | undefined

  beforeAll(async () => {
    if (database.kind !== 'embedded') return
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-token-'))
    // The seeded test district, so that npm start need not seed one.
    const seeded = await PGlite.create(path.join(dataDir, 'pgdata'), { extensions: { unaccent }, loadDataDir: new Blob([fs.readFileSync(database.dump)]) })
    await seeded.close()
    const { DATABASE_URL: _url, PORT: _port, HOST: _host, ...rest } = process.env
    env = { ...rest, DATA_DIR: dataDir, BACKGROUND_JOBS: 'off' }
    const ports = await Promise.all(Array.from({ length: 7 }, freePort))
    const names = ['PORT', 'ACADEMICS_PORT', 'ATTENDANCE_PORT', 'BEHAVIOUR_PORT', 'FINANCE_PORT', 'MESSAGING_PORT', 'TRANSPORTATION_PORT']
    start = startProcess('npm start', process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { ...env, ...Object.fromEntries(names.map((name, i) => [name, String(ports[i])])) }, 'gateway at')
    await start.ready
  })

  afterAll(async () => {
    start?.signal('SIGTERM')
    await start?.exited
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('prints a token from the running gateway, found without PORT, that signs in there', async () => {
    const gatewayUrl = /gateway at (\S+)/.exec(start?.output() ?? '')?.[1] ?? ''
    expect(new URL(gatewayUrl).port).not.toBe('4000')
    // The shell a developer opens next: DATA_DIR as for npm start (the default .data/ there), no PORT.
    const { stdout } = await run('npm', ['run', '-s', 'token', '--', 'demo.guardian'], { env })
    const answer = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stdout.trim()}` },
      body: JSON.stringify({ query: '{ me { displayName children { firstName } } }' }),
    })
    expect(await answer.json()).toStrictEqual({ data: { me: { displayName: 'Alex Rivera', children: [{ firstName: 'Leo' }, { firstName: 'Maya' }] } } })

    await expect(run('npm', ['run', '-s', 'token', '--', 'nobody.here'], { env })).rejects.toMatchObject({ stderr: expect.stringContaining('No seeded login "nobody.here"') })
  })

  it('forgets the address when npm start stops, and then reads the account itself', async () => {
    expect(fs.existsSync(path.join(dataDir, 'gateway.json'))).toBe(true)
    start?.signal('SIGTERM')
    expect(await start?.exited).toBe(0)
    expect(fs.existsSync(path.join(dataDir, 'gateway.json'))).toBe(false)
    const { stdout } = await run('npm', ['run', '-s', 'token', '--', 'demo.guardian'], { env })
    expect(stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
  })
})
