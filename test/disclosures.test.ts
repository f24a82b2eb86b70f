/**
 * The record of disclosures (FERPA, 34 CFR 99.32): a teacher's ChildDashboard read of Leo appears
 * in the log, soon after, with exactly the areas and fields the teacher could read; admins page
 * through it, a parent reads their own child's record and nobody else's, everyone else is refused;
 * and a write the database refuses does not fail the read but is logged, counted and retried.
 */
import fs from 'node:fs'
import { sql } from 'drizzle-orm'
import { buildSchema, parse, TypeInfo, visit, visitWithTypeInfo } from 'graphql'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { generateKeyPair } from 'jose'
import { rowsOf } from '../db/client.ts'
import { batchVariables, createDisclosureLog, type DisclosureRecord } from '../gateway/disclosure-log.ts'
import { disclosureWriteFailures } from '../gateway/metrics.ts'
import { listen } from '../lib/http.ts'
import { KEY_ALG } from '../lib/keys.ts'
import { API_SCHEMA_PATH, SUPERGRAPH_PATH } from '../schema/compose.ts'
import { buildPermissionReport, permissionMapsOf } from '../schema/permission-report.ts'
import { SUBGRAPHS } from '../subgraphs/index.ts'
import type { Role } from '../subgraphs/kit/index.ts'
import { linkedStudents, one, type StudentRow } from './support/people.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

const CHILD = fs.readFileSync('schema/operations/ChildDashboard.graphql', 'utf8')
const ACCESS_LOG = /* GraphQL */ `
  query AccessLog($studentId: ID, $viewerId: ID, $first: Int, $after: String) {
    accessLog(studentId: $studentId, viewerId: $viewerId, first: $first, after: $after) {
      nodes { id occurredAt viewerId viewerRole studentId areas fields operationName requestId }
      endCursor
      hasNextPage
    }
  }
`

/** Rules made with `canReadStudent(area)` and another condition. */
const COMPOSED: Record<string, string> = { isThreadParticipant: 'messaging' }

/**
 * What a role may read of a student in an operation, by the permission report: every field the
 * operation selects whose rule is `canReadStudent(area)` and whose condition the role can meet.
 */
function disclosable(operation: string, role: Role): { areas: string[]; fields: string[] } {
  const api = buildSchema(fs.readFileSync(API_SCHEMA_PATH, 'utf8'))
  const report = buildPermissionReport(fs.readFileSync(SUPERGRAPH_PATH, 'utf8'), permissionMapsOf(SUBGRAPHS))
  const typeInfo = new TypeInfo(api)
  const selected = new Set<string>()
  visit(
    parse(operation),
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType()
        if (parent && !node.name.value.startsWith('__')) selected.add(`${parent.name}.${node.name.value}`)
      },
    }),
  )
  const areas = new Set<string>()
  const fields: string[] = []
  for (const row of report.rows) {
    const area = /^canReadStudent\((\w+)\)$/.exec(row.rule)?.[1] ?? COMPOSED[row.rule]
    if (!area || row.roles[role] === null || !selected.has(`${row.type}.${row.field}`)) continue
    areas.add(area)
    fields.push(`${row.type}.${row.field}`)
  }
  return { areas: [...areas].sort(), fields: fields.sort() }
}

interface Entry {
  id: string
  occurredAt: string
  viewerId: string
  viewerRole: string
  studentId: string
  areas: string[]
  fields: string[]
  operationName: string | null
  requestId: string
}
interface AccessLogData {
  accessLog: { nodes: Entry[]; endCursor: string | null; hasNextPage: boolean } | null
}

let t: TestSystem
let leo: StudentRow
let noah: StudentRow
let teacherId: string
beforeAll(async () => {
  t = await startTestSystem({ writable: 'disclosures' })
  leo = one((await linkedStudents(t, 'demo.guardian')).filter((s) => s.firstName === 'Leo'), 'Leo')
  noah = one(await linkedStudents(t, 'restricted.guardian'), 'restricted child')
  teacherId = await t.personId('demo.teacher')
  expect(await t.personId('demo.student')).toBe(leo.id)
})
afterAll(() => t.close())

async function accessLog(login: string, variables: Record<string, unknown>) {
  return t.query<AccessLogData>({ login }, ACCESS_LOG, variables)
}

/** Polls the log as demo.admin until an entry matches (the gateway writes it asynchronously). */
async function waitForEntry(match: (entry: Entry) => boolean): Promise<Entry> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const response = await accessLog('demo.admin', { studentId: leo.id, first: 200 })
    const found = response.body.data?.accessLog?.nodes.find(match)
    if (found) return found
    if (Date.now() > deadline) throw new Error(`No matching entry in the access log: ${response.text}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const codes = (response: { body: { errors?: Array<{ extensions?: Record<string, unknown> }> } }) => response.body.errors?.map((e) => e.extensions?.code)

describe('the record of disclosures', () => {
  it("records a teacher's ChildDashboard read of Leo: who, the operation, and exactly the fields the teacher could read", async () => {
    const read = await t.query({ login: 'demo.teacher' }, CHILD, { studentId: leo.id })
    expect(read.status).toBe(200)
    // The teacher may not read fees and meals: finance answers FORBIDDEN, and nothing of it is recorded.
    expect(new Set(codes(read))).toStrictEqual(new Set(['FORBIDDEN']))
    // The subgraphs' reports stay between them and the gateway.
    expect(read.text).not.toContain('disclosures')

    const entry = await waitForEntry((e) => e.viewerId === teacherId && e.operationName === 'ChildDashboard')
    expect(entry).toStrictEqual({
      id: expect.any(String),
      occurredAt: expect.any(String),
      viewerId: teacherId,
      viewerRole: 'TEACHER',
      studentId: leo.id,
      ...disclosable(CHILD, 'TEACHER'),
      operationName: 'ChildDashboard',
      requestId: expect.any(String),
    })
    expect(entry.areas).toStrictEqual(['academics', 'attendance', 'behaviour', 'messaging', 'transportation'])
    expect(entry.fields.filter((f) => f.startsWith('StudentFinance.') || f === 'Student.finance')).toStrictEqual([])
    expect(entry.fields).toContain('StudentScore.pointsEarned')
    expect(Date.now() - Date.parse(entry.occurredAt)).toBeLessThan(60_000)
  })

  it("lets demo.guardian read Leo's record, and refuses them a student who is not theirs", async () => {
    await waitForEntry((e) => e.viewerId === teacherId)
    const own = await accessLog('demo.guardian', { studentId: leo.id })
    expect(own.body.errors).toBeUndefined()
    expect(own.body.data?.accessLog?.nodes.some((e) => e.viewerId === teacherId && e.studentId === leo.id)).toBe(true)
    expect(own.body.data?.accessLog?.nodes.every((e) => e.studentId === leo.id)).toBe(true)

    for (const variables of [{ studentId: noah.id }, {}, { viewerId: teacherId }]) {
      const other = await accessLog('demo.guardian', variables)
      expect({ data: other.body.data, codes: codes(other) }).toStrictEqual({ data: { accessLog: null }, codes: ['FORBIDDEN'] })
    }
    // A court order bars restricted.guardian from Noah's records, and so from their record of disclosures.
    const barred = await accessLog('restricted.guardian', { studentId: noah.id })
    expect({ data: barred.body.data, codes: codes(barred) }).toStrictEqual({ data: { accessLog: null }, codes: ['FORBIDDEN'] })
  })

  it('refuses teachers and students, even for a student they may read', async () => {
    for (const login of ['demo.teacher', 'demo.student']) {
      const response = await accessLog(login, { studentId: leo.id })
      expect({ data: response.body.data, codes: codes(response) }).toStrictEqual({ data: { accessLog: null }, codes: ['FORBIDDEN'] })
    }
  })

  it('pages newest first with first/after, and filters by viewer', async () => {
    for (const login of ['demo.guardian', 'demo.student', 'demo.admin']) {
      expect((await t.query({ login }, CHILD, { studentId: leo.id })).status).toBe(200)
    }
    await t.system.gateway.disclosures.flush()
    const all = (await accessLog('demo.admin', { studentId: leo.id, first: 200 })).body.data?.accessLog
    expect(all?.hasNextPage).toBe(false)
    expect(all?.endCursor).toBeNull()
    expect(all?.nodes.length).toBeGreaterThanOrEqual(4)
    const times = all?.nodes.map((e) => Date.parse(e.occurredAt)) ?? []
    expect(times).toStrictEqual([...times].sort((a, b) => b - a))

    const paged: string[] = []
    let after: string | null = null
    for (let page = 0; page < 100; page++) {
      const response = await accessLog('demo.admin', { studentId: leo.id, first: 2, after })
      const connection = response.body.data?.accessLog
      expect(response.body.errors).toBeUndefined()
      paged.push(...(connection?.nodes.map((e) => e.id) ?? []))
      if (!connection?.hasNextPage) break
      after = connection.endCursor
    }
    expect(paged).toStrictEqual(all?.nodes.map((e) => e.id))

    const byTeacher = (await accessLog('demo.admin', { viewerId: teacherId })).body.data?.accessLog?.nodes ?? []
    expect(byTeacher.length).toBeGreaterThan(0)
    expect(byTeacher.every((e) => e.viewerId === teacherId && e.viewerRole === 'TEACHER')).toBe(true)

    const bad = await accessLog('demo.admin', { studentId: leo.id, after: 'not-a-cursor' })
    expect(codes(bad)).toStrictEqual(['BAD_USER_INPUT'])
  })

  it('answers the read when the log cannot be written, warns and counts the failure, and writes the batch once it can', async () => {
    const db = t.db('academics')
    await db.execute(sql`alter table academics.disclosures add constraint disclosures_refused check (false) not valid`)
    let since = Date.now()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const failuresBefore = disclosureWriteFailures()
      since = Date.now()
      const read = await t.query({ login: 'demo.admin' }, CHILD, { studentId: leo.id })
      expect({ status: read.status, errors: read.body.errors }).toStrictEqual({ status: 200, errors: undefined })
      expect(read.body.data).toMatchObject({ student: { id: leo.id, firstName: 'Leo' } })

      await t.system.gateway.disclosures.flush()
      expect(disclosureWriteFailures()).toBeGreaterThan(failuresBefore)
      expect(t.system.gateway.disclosures.queued()).toBeGreaterThan(0)
      expect(warn.mock.calls.some(([message]) => typeof message === 'string' && message.startsWith('[gateway] disclosure log'))).toBe(true)
    } finally {
      await db.execute(sql`alter table academics.disclosures drop constraint disclosures_refused`)
      warn.mockRestore()
    }
    await t.system.gateway.disclosures.flush()
    expect(t.system.gateway.disclosures.queued()).toBe(0)
    const adminId = await t.personId('demo.admin')
    const entry = await waitForEntry((e) => e.viewerId === adminId && Date.parse(e.occurredAt) >= since)
    expect(entry.areas).toStrictEqual(['academics', 'attendance', 'behaviour', 'fees', 'meals', 'messaging', 'transportation'])
  })

  it('writes what is still queued when the system stops cleanly', async () => {
    const studentId = await t.personId('demo.student')
    expect((await t.query({ login: 'demo.student' }, CHILD, { studentId: leo.id })).status).toBe(200)
    await t.system.stop()
    expect(t.system.gateway.disclosures.queued()).toBe(0)
    const rows = rowsOf<{ reads: number }>(
      await t.db('academics').execute(sql`select count(*)::int as reads from academics.disclosures where viewer_id = ${studentId} and operation_name = 'ChildDashboard'`),
    )
    // demo.student's ChildDashboard reads in this file: the one while paging, and this one.
    expect(rows.map((r) => r.reads)).toStrictEqual([2])
  })
})

describe('the disclosure log queue', () => {
  it("sends each batch's distinct field lists once, each record naming its list by position", () => {
    const record = (requestId: string, fields: string[]): DisclosureRecord => ({
      viewerId: 'v',
      viewerRole: 'GUARDIAN',
      studentId: `s-${requestId}`,
      areas: ['academics'],
      fields,
      operationName: 'FamilyDashboard',
      requestId,
      occurredAt: '2026-11-20T12:00:00.000Z',
    })
    const dashboard = ['Student.firstName', 'Student.gradeLevel']
    const { fields: _fields, ...rest } = record('1', dashboard)
    expect(batchVariables([record('1', dashboard), record('2', ['Student.firstName']), record('3', [...dashboard])])).toStrictEqual({
      records: [
        { ...rest, fieldSet: 0 },
        { ...rest, studentId: 's-2', requestId: '2', fieldSet: 1 },
        { ...rest, studentId: 's-3', requestId: '3', fieldSet: 0 },
      ],
      fieldSets: [dashboard, ['Student.firstName']],
    })
  })

  const record = (n: number): DisclosureRecord => ({
    viewerId: `viewer-${n}`,
    viewerRole: 'TEACHER',
    studentId: 'student',
    areas: ['academics'],
    fields: ['Student.firstName'],
    operationName: null,
    requestId: `request-${n}`,
    occurredAt: new Date(0).toISOString(),
  })

  /** A stand-in for academics: notes each batch, and refuses while `refusing`. */
  async function stubAcademics() {
    const state = { batches: [] as string[][], refusing: false }
    const listening = await listen((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => {
        if (state.refusing) {
          res.writeHead(503, { 'content-type': 'text/plain' }).end('down')
          return
        }
        const records = (JSON.parse(body) as { variables: { records: DisclosureRecord[] } }).variables.records
        state.batches.push(records.map((r) => r.requestId))
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { recordDisclosures: records.length } }))
      })
    }, 0, '127.0.0.1')
    return { state, listening }
  }

  it('writes full batches at once, keeps a refused batch for the next flush, and writes the rest on stop', async () => {
    const { state, listening } = await stubAcademics()
    const { privateKey } = await generateKeyPair(KEY_ALG, { crv: 'Ed25519' })
    // An hour between timed flushes: only a full batch, an explicit flush and stop write.
    const log = createDisclosureLog({ academicsUrl: listening.url, signer: { privateKey, kid: 'test' }, flushIntervalMs: 3_600_000, batchSize: 3 })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      log.record([1, 2].map(record))
      await log.flush()
      expect(state.batches).toStrictEqual([['request-1', 'request-2']])

      state.refusing = true
      const failuresBefore = disclosureWriteFailures()
      log.record([3, 4, 5, 6].map(record))
      await log.flush()
      // Refused twice: the flush a full batch starts, then the one asked for.
      expect({ queued: log.queued(), failures: disclosureWriteFailures() - failuresBefore }).toStrictEqual({ queued: 4, failures: 2 })

      state.refusing = false
      log.record([7].map(record))
      await log.stop()
      expect(state.batches).toStrictEqual([
        ['request-1', 'request-2'],
        ['request-3', 'request-4', 'request-5'],
        ['request-6', 'request-7'],
      ])
      expect(log.queued()).toBe(0)
    } finally {
      warn.mockRestore()
      await listening.close()
    }
  })
})
