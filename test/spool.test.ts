/**
 * The durable spool of the record of disclosures, without processes: appends are whole lines on
 * disk, a crash's partial last line costs that line alone, replay deletes a file only once
 * academics took all of it (and resumes after a failure); the log spools what academics does not
 * take at shutdown or past a full queue, and the next log replays it. academics takes a record it
 * already holds as a no-op.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { generateKeyPair } from 'jose'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { rowsOf, type Database } from '../db/client.ts'
import { createDisclosureLog, type DisclosureRecord } from '../gateway/disclosure-log.ts'
import { createSpool, replaySpool } from '../gateway/spool.ts'
import { listen, type Listening } from '../lib/http.ts'
import { KEY_ALG } from '../lib/keys.ts'
import { recordDisclosures } from '../subgraphs/academics/access-log.ts'
import { openTestDatabase } from './support/system.ts'

const record = (n: number): DisclosureRecord => ({
  viewerId: `viewer-${n}`,
  viewerRole: 'GUARDIAN',
  studentId: 'student',
  areas: ['academics'],
  fields: ['Student.firstName'],
  operationName: 'ChildDashboard',
  requestId: `request-${n}`,
  occurredAt: new Date(n * 1000).toISOString(),
})
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
const isRecord = (value: unknown): value is DisclosureRecord => typeof value === 'object' && value !== null && 'requestId' in value

let dir: string
const dirs: string[] = []
function spoolDir(): string {
  const made = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-spool-'))
  dirs.push(made)
  return made
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

describe('the spool', () => {
  beforeAll(() => {
    dir = spoolDir()
  })
  afterEach(() => {
    for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name))
  })

  it('appends whole lines, offers only closed files for replay, and replays them to the last record before deleting', async () => {
    const spool = createSpool({ dir, prefix: 'disclosures', isRecord })
    await spool.append([1, 2].map(record))
    await spool.append([3].map(record))
    const [open, ...others] = fs.readdirSync(dir)
    expect(others).toStrictEqual([])
    expect(open).toMatch(new RegExp(`^disclosures-.*-${process.pid}-[0-9a-f]{8}-0001\\.ndjson\\.open$`))
    expect(fs.readFileSync(path.join(dir, open ?? ''), 'utf8')).toBe([1, 2, 3].map((n) => `${JSON.stringify(record(n))}\n`).join(''))
    // The file being written is never replayed under its writer.
    expect(await spool.files()).toStrictEqual([])
    expect(spool.hasOpenFile()).toBe(true)

    await spool.seal()
    const closed = (open ?? '').replace(/\.open$/, '')
    expect(fs.readdirSync(dir)).toStrictEqual([closed])
    expect(spool.hasOpenFile()).toBe(false)
    await spool.append([4].map(record))
    expect((await spool.files()).map((f) => path.basename(f))).toStrictEqual([closed])

    const delivered: string[][] = []
    const result = await replaySpool(spool, (batch) => Promise.resolve(void delivered.push(batch.map((r) => r.requestId))), { batchSize: 2 })
    expect(result).toStrictEqual({ delivered: 3, files: 1, skipped: 0, complete: true })
    expect(delivered).toStrictEqual([['request-1', 'request-2'], ['request-3']])
    // The replayed file is gone; the one still open stays.
    expect(fs.readdirSync(dir)).toHaveLength(1)
    expect(fs.readdirSync(dir)[0]).toMatch(/-0002\.ndjson\.open$/)
    await spool.close()
    expect(fs.readdirSync(dir)[0]).toMatch(/-0002\.ndjson$/)
  })

  it("loses only the line a crash cut short, and keeps a file until every record in it was taken", async () => {
    // A run that crashed in the middle of writing its sixth line: its file is still open.
    const crashed = createSpool({ dir, prefix: 'disclosures', isRecord })
    await crashed.append(range(1, 5).map(record))
    const [name] = fs.readdirSync(dir)
    const file = path.join(dir, name ?? '')
    const sixth = JSON.stringify(record(6))
    fs.appendFileSync(file, sixth.slice(0, sixth.length / 2))

    // The next run (the same pid, as a restarted container's): academics takes two batches, then fails.
    const next = createSpool({ dir, prefix: 'disclosures', isRecord })
    const taken: string[] = []
    let acceptUpTo = 4
    const deliver = (batch: DisclosureRecord[]) => {
      if (taken.length + batch.length > acceptUpTo) return Promise.reject(new Error('academics is down'))
      taken.push(...batch.map((r) => r.requestId))
      return Promise.resolve()
    }
    const progress = new Map<string, number>()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const first = await replaySpool(next, deliver, { batchSize: 2, progress })
      expect(first).toStrictEqual({ delivered: 4, files: 0, skipped: 1, complete: false })
      expect(fs.existsSync(file)).toBe(true)

      // Tried again: resumes after what was taken, then deletes the file.
      acceptUpTo = Infinity
      const second = await replaySpool(next, deliver, { batchSize: 2, progress })
      expect(second).toStrictEqual({ delivered: 1, files: 1, skipped: 1, complete: true })
      expect(taken).toStrictEqual(range(1, 5).map((n) => `request-${n}`))
      expect(fs.existsSync(file)).toBe(false)
      expect(warn.mock.calls.some(([message]) => typeof message === 'string' && message.includes('cut short by a crash'))).toBe(true)
    } finally {
      warn.mockRestore()
      // The crashed run's handle, closed without a trace (its file is gone).
      await crashed.close()
    }
    expect(fs.readdirSync(dir)).toStrictEqual([])
  })

  it("never takes a file another live process is writing, and takes a dead one's", async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
    await new Promise((resolve) => dead.once('exit', resolve))
    try {
      const line = `${JSON.stringify(record(1))}\n`
      const liveFile = `disclosures-2026-01-01T00-00-00-000Z-${String(child.pid)}-0123abcd-0001.ndjson.open`
      const deadFile = `disclosures-2026-01-01T00-00-00-000Z-${String(dead.pid)}-0123abcd-0001.ndjson.open`
      fs.writeFileSync(path.join(dir, liveFile), line)
      fs.writeFileSync(path.join(dir, deadFile), line)
      const spool = createSpool({ dir, prefix: 'disclosures', isRecord })
      expect((await spool.files()).map((f) => path.basename(f))).toStrictEqual([deadFile])
    } finally {
      child.kill()
    }
  })
})

/** A stand-in for academics: takes batches while `accepting`, refuses (503) otherwise. */
async function stubAcademics() {
  const state = { taken: [] as string[], accepting: true }
  const listening: Listening = await listen(
    (req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => {
        if (!state.accepting) {
          res.writeHead(503, { 'content-type': 'text/plain' }).end('down')
          return
        }
        const records = (JSON.parse(body) as { variables: { records: DisclosureRecord[] } }).variables.records
        state.taken.push(...records.map((r) => r.requestId))
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { recordDisclosures: records.length } }))
      })
    },
    0,
    '127.0.0.1',
  )
  return { state, listening }
}

describe('the record of disclosures with a spool', () => {
  let academics: Awaited<ReturnType<typeof stubAcademics>>
  let signer: { privateKey: CryptoKey; kid: string }
  beforeAll(async () => {
    academics = await stubAcademics()
    signer = { privateKey: (await generateKeyPair(KEY_ALG, { crv: 'Ed25519' })).privateKey, kid: 'test' }
  })
  afterAll(() => academics.listening.close())

  it('spools what academics does not take at shutdown, and the next start delivers it and deletes the file', async () => {
    const spoolDirectory = spoolDir()
    const options = { academicsUrl: academics.listening.url, signer, flushIntervalMs: 3_600_000, batchSize: 3, spoolDir: spoolDirectory, stopFlushMs: 500 }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    try {
      academics.state.accepting = false
      const first = createDisclosureLog(options)
      first.record(range(1, 7).map(record))
      await first.stop()
      expect(first.queued()).toBe(0)
      const spooled = fs.readdirSync(spoolDirectory)
      expect(spooled).toHaveLength(1)
      expect(fs.readFileSync(path.join(spoolDirectory, spooled[0] ?? ''), 'utf8').trim().split('\n')).toHaveLength(7)

      // The next start, academics still down: nothing is lost, the file stays, replay retries.
      const second = createDisclosureLog({ ...options, replayRetryMs: 50 })
      expect(await second.replay()).toBe(false)
      expect(fs.readdirSync(spoolDirectory)).toStrictEqual(spooled)
      academics.state.accepting = true
      // The retry it scheduled by itself delivers it.
      await vi.waitFor(() => expect(fs.readdirSync(spoolDirectory)).toStrictEqual([]), { timeout: 5000, interval: 25 })
      expect(academics.state.taken).toStrictEqual(range(1, 7).map((n) => `request-${n}`))
      await second.stop()
      expect(fs.readdirSync(spoolDirectory)).toStrictEqual([])
    } finally {
      academics.state.taken.length = 0
      academics.state.accepting = true
      warn.mockRestore()
      log.mockRestore()
    }
  })

  it('spools a full queue instead of dropping, and delivers it once academics takes writes again', async () => {
    const spoolDirectory = spoolDir()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    try {
      academics.state.accepting = false
      const disclosures = createDisclosureLog({ academicsUrl: academics.listening.url, signer, flushIntervalMs: 3_600_000, batchSize: 100, maxQueued: 4, spoolDir: spoolDirectory })
      for (const n of range(1, 10)) disclosures.record([record(n)])
      await disclosures.flush()
      await vi.waitFor(() => expect(disclosures.queued()).toBeLessThanOrEqual(4))
      await vi.waitFor(() => expect(fs.readdirSync(spoolDirectory)).toHaveLength(1))

      academics.state.accepting = true
      await disclosures.flush()
      // The queue was written, then the spooled overflow replayed.
      await vi.waitFor(() => expect(fs.readdirSync(spoolDirectory)).toStrictEqual([]), { timeout: 5000, interval: 25 })
      await disclosures.stop()
      expect([...academics.state.taken].sort()).toStrictEqual(range(1, 10).map((n) => `request-${n}`).sort())
    } finally {
      academics.state.taken.length = 0
      academics.state.accepting = true
      warn.mockRestore()
      log.mockRestore()
    }
  })
})

describe("academics' record of disclosures", () => {
  let database: Database
  beforeAll(async () => {
    database = await openTestDatabase()
  })
  afterAll(() => database.close())

  it('takes a record it already holds (same request and student) as a no-op', async () => {
    const db = database.drizzle('academics')
    const [student] = rowsOf<{ id: string }>(await db.execute(sql`select id from academics.students order by id limit 1`))
    const [viewer] = rowsOf<{ id: string }>(await db.execute(sql`select person_id as id from academics.accounts order by login limit 1`))
    if (!student || !viewer) throw new Error('The test database has no students or accounts.')
    const requestId = `spool-test-${Date.now()}`
    const input = { viewerId: viewer.id, viewerRole: 'ADMIN' as const, studentId: student.id, areas: ['academics'], fields: ['Student.firstName'], operationName: 'ChildDashboard', requestId, occurredAt: new Date().toISOString() }
    // In a transaction rolled back at the end: the shared test database stays as it was.
    const counts = await db
      .transaction(async (tx) => {
        const taken = [await recordDisclosures(tx, [input, input]), await recordDisclosures(tx, [input])]
        const [row] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from academics.disclosures where request_id = ${requestId}`))
        throw Object.assign(new Error('rollback'), { result: { taken, rows: row?.n } })
      })
      .catch((error: unknown) => (error as { result?: unknown }).result)
    expect(counts).toStrictEqual({ taken: [2, 1], rows: 1 })
  })

  it('stores the fields a record names by position in the batch\'s fieldSets, and refuses a record that names them both ways or neither', async () => {
    const db = database.drizzle('academics')
    const students = rowsOf<{ id: string }>(await db.execute(sql`select id from academics.students order by id limit 3`))
    const [viewer] = rowsOf<{ id: string }>(await db.execute(sql`select person_id as id from academics.accounts order by login limit 1`))
    if (students.length < 3 || !viewer) throw new Error('The test database has too few students or no accounts.')
    const requestId = `field-sets-${Date.now()}`
    const record = (studentId: string) => ({ viewerId: viewer.id, viewerRole: 'ADMIN' as const, studentId, areas: ['academics'], operationName: 'FamilyDashboard', requestId, occurredAt: new Date().toISOString() })
    const [a, b, c] = students.map((s) => s.id) as [string, string, string]
    const sets = [['Student.firstName', 'Student.lastName'], ['Student.gradeLevel']]
    const result = await db
      .transaction(async (tx) => {
        const taken = await recordDisclosures(tx, [{ ...record(a), fieldSet: 0 }, { ...record(b), fieldSet: 0 }, { ...record(c), fields: ['Student.preferredName'] }], sets)
        const refused = await Promise.all(
          [{ ...record(a), fieldSet: 1, fields: ['Student.firstName'] }, record(a), { ...record(a), fieldSet: 2 }].map((bad) =>
            recordDisclosures(tx, [bad], sets).then(
              () => 'written',
              (error: unknown) => (error as { extensions?: { code?: string } }).extensions?.code,
            ),
          ),
        )
        const rows = rowsOf<{ student_id: string; fields: string[] }>(await tx.execute(sql`select student_id, fields from academics.disclosures where request_id = ${requestId} order by fields[1], student_id`))
        throw Object.assign(new Error('rollback'), { result: { taken, refused, rows: rows.map((r) => [r.student_id, r.fields]) } })
      })
      .catch((error: unknown) => (error as { result?: unknown }).result)
    expect(result).toStrictEqual({
      taken: 3,
      refused: ['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT'],
      rows: [
        [a, sets[0]],
        [b, sets[0]],
        [c, ['Student.preferredName']],
      ].sort((x, y) => String((x[1] as string[])[0]).localeCompare(String((y[1] as string[])[0])) || String(x[0]).localeCompare(String(y[0]))),
    })
  })
})
