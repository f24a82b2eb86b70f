/**
 * The README's first commands on a bare data directory: `npm start` migrates, seeds and
 * answers; `npm run token` asks the running gateway (the database is owned); a second start on
 * the same directory refuses with a sentence; a restart keeps the data and does not reseed.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

interface Started {
  child: ChildProcess
  output: () => string
  ready: Promise<void>
  exited: Promise<number | null>
}

function start(env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('gateway at')) resolve()
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    void exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${output}`)))
  })
  // A start that is meant to fail never becomes ready: that is no unhandled rejection.
  ready.catch(() => {})
  return { child, output: () => output, ready, exited }
}

// The postgres project leaves this file out (vitest.config.ts): it is about the embedded default.
describe('npm start on the embedded default', () => {
  let env: NodeJS.ProcessEnv
  let dataDir: string

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-start-'))
    const ports = await Promise.all(Array.from({ length: 7 }, freePort))
    const { DATABASE_URL: _ignored, ...rest } = process.env
    env = {
      ...rest,
      DATA_DIR: dataDir,
      PORT: String(ports[0]),
      ACADEMICS_PORT: String(ports[1]),
      ATTENDANCE_PORT: String(ports[2]),
      BEHAVIOUR_PORT: String(ports[3]),
      FINANCE_PORT: String(ports[4]),
      MESSAGING_PORT: String(ports[5]),
      TRANSPORTATION_PORT: String(ports[6]),
    }
  })

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

  it('starts, seeds, answers a signed-in guardian, refuses a second owner, and keeps its data across a restart', async () => {
    const first = start(env)
    await first.ready
    expect(first.output()).toContain('seeding the demo district (1000 students)')

    const { stdout: token } = await run(process.execPath, ['--import', 'tsx', 'scripts/token.ts', 'demo.guardian'], { env })
    const ask = async () => {
      const response = await fetch(`http://127.0.0.1:${env.PORT}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token.trim()}` },
        body: JSON.stringify({ query: '{ me { displayName role children { firstName } } }' }),
      })
      return response.json()
    }
    const answer = { data: { me: { displayName: 'Alex Rivera', role: 'GUARDIAN', children: [{ firstName: 'Leo' }, { firstName: 'Maya' }] } } }
    expect(await ask()).toStrictEqual(answer)
    // The same command serves the family's page (built first when it was stale).
    const page = await fetch(`http://127.0.0.1:${env.PORT}/`)
    expect([page.status, page.headers.get('content-type')]).toStrictEqual([200, 'text/html; charset=utf-8'])
    expect(await page.text()).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/)

    const second = start({ ...env, PORT: '0' })
    expect(await second.exited).toBe(1)
    expect(second.output()).toMatch(/The embedded database in .* is in use by process \d+/)

    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)

    const again = start(env)
    await again.ready
    expect(again.output()).not.toContain('seeding')
    expect(await ask()).toStrictEqual(answer)
    again.child.kill('SIGTERM')
    expect(await again.exited).toBe(0)
  }, 240_000)
})
