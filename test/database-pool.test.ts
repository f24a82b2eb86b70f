/**
 * The database pool: its size is configuration (`DATABASE_POOL_SIZE`, and
 * `<NAME>_DATABASE_POOL_SIZE` for one subgraph), and a database that gives no connection — the
 * server full ("too many clients", "remaining connection slots are reserved", a role's or a
 * database's connection limit: SQLSTATE 53300), PgBouncer full, or no connection within the
 * connect timeout — is a SUBGRAPH_UNAVAILABLE naming the subgraph with one log line, never
 * INTERNAL_SERVER_ERROR. On the server: transportation connects as a role whose one connection
 * slot another session holds; the dashboard answers every other area and names transportation,
 * and answers whole once the slot is free.
 */
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/postgres-js'
import { GraphQLError } from 'graphql'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { connectionRefusal, openDatabase } from '../db/client.ts'
import { issueDevelopmentToken } from '../gateway/auth.ts'
import { AREAS, type Caller } from '../lib/contract/index.ts'
import { ConfigError, DEFAULT_DATABASE_POOL_SIZE, loadConfig } from '../lib/config.ts'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'
import { startSystem, type System } from '../scripts/system.ts'
import { testDataIn } from './support/people.ts'
import { createTestSubgraph } from './support/subgraph.ts'
import { openWritableTestDatabase, testConfig, type GraphQLResponse } from './support/system.ts'

const FAMILY = fs.readFileSync('schema/operations/FamilyDashboard.graphql', 'utf8')

describe('the pool size setting', () => {
  const sizes = (env: Record<string, string>) => {
    const config = loadConfig(env)
    return { shared: config.databasePoolSize, ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, config.subgraphs[name].databasePoolSize])) }
  }

  it('is 4 per pool unless set', () => {
    expect(DEFAULT_DATABASE_POOL_SIZE).toBe(4)
    expect(sizes({})).toStrictEqual({ shared: 4, academics: 4, attendance: 4, behaviour: 4, finance: 4, messaging: 4, transportation: 4 })
  })

  it('reads DATABASE_POOL_SIZE for every subgraph and <NAME>_DATABASE_POOL_SIZE for one', () => {
    expect(sizes({ DATABASE_POOL_SIZE: '3', ACADEMICS_DATABASE_POOL_SIZE: '6', TRANSPORTATION_DATABASE_POOL_SIZE: '1' })).toStrictEqual({
      shared: 3,
      academics: 6,
      attendance: 3,
      behaviour: 3,
      finance: 3,
      messaging: 3,
      transportation: 1,
    })
  })

  it.each([
    ['DATABASE_POOL_SIZE', 'many', 'DATABASE_POOL_SIZE must be a whole number of at least 1, not "many".'],
    ['DATABASE_POOL_SIZE', '0', 'DATABASE_POOL_SIZE must be a whole number of at least 1, not "0".'],
    ['DATABASE_POOL_SIZE', '2.5', 'DATABASE_POOL_SIZE must be a whole number of at least 1, not "2.5".'],
    ['ACADEMICS_DATABASE_POOL_SIZE', '-1', 'ACADEMICS_DATABASE_POOL_SIZE must be a whole number of at least 1, not "-1".'],
    ['DATABASE_POOL_MAX', '5', 'DATABASE_POOL_MAX is now called DATABASE_POOL_SIZE: rename it (it sets the connections of each pool).'],
  ])('stops start-up on %s=%s with a sentence naming it', (name, value, sentence) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new ConfigError(sentence))
  })
})

/** A Postgres message: its type byte, then its length (itself included), then the body. */
function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5)
  head.write(type, 0)
  head.writeInt32BE(body.length + 4, 1)
  return Buffer.concat([head, body])
}

/** A server that answers every connection's start-up with a FATAL error, as a full Postgres does. */
async function refusingServer(code: string, text: string): Promise<{ url: string; close(): void }> {
  const fields = [['S', 'FATAL'], ['V', 'FATAL'], ['C', code], ['M', text]].map(([key, value]) => `${key}${value}\0`).join('')
  const server = net.createServer((socket) => {
    socket.once('data', () => socket.end(message('E', Buffer.from(`${fields}\0`))))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return { url: `postgres://district@127.0.0.1:${port}/district`, close: () => server.close() }
}

describe('a database that gives no connection', () => {
  it.each([
    ['too many clients', '53300', 'sorry, too many clients already'],
    ['slots reserved', '53300', 'remaining connection slots are reserved for non-replication superuser connections'],
    ['PgBouncer full', '08P01', 'no more connections allowed (max_client_conn)'],
  ])('(%s) makes a subgraph answer SUBGRAPH_UNAVAILABLE naming itself, with one log line', async (_case, code, text) => {
    const server = await refusingServer(code, text)
    const database = await openDatabase({ kind: 'server', url: server.url, max: 2 })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const transportation = await createTestSubgraph('transportation', database)
      const students = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002']
      const caller: Caller = { id: '00000000-0000-4000-8000-000000000009', role: 'GUARDIAN', requestId: 'pool-test', allStudents: false, students: Object.fromEntries(students.map((id) => [id, [...AREAS]])) }
      const response = await transportation
        .asViewer(caller)
        .query('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Student { transportation { transportationType } } } }', { r: students.map((id) => ({ __typename: 'Student', id })) })
      // The 200 keeps the answer's other fields and its extensions (what was asked of whom) for the gateway.
      expect({ status: response.status, data: response.body.data, errors: response.body.errors }).toStrictEqual({
        status: 200,
        data: { _entities: [{ transportation: null }, { transportation: null }] },
        errors: [
          {
            message: 'The transportation service is too busy to answer; its part of the answer is missing.',
            path: ['_entities', 0, 'transportation'],
            extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'transportation' },
          },
        ],
      })
      expect(warn.mock.calls).toStrictEqual([[`[transportation] the database gave no connection (${code} ${text}): 2 fields answered SUBGRAPH_UNAVAILABLE`]])
      expect(error.mock.calls).toStrictEqual([])
    } finally {
      warn.mockRestore()
      error.mockRestore()
      await database.close()
      server.close()
    }
  })

  it("is recognised from postgres.js's connect timeout, through drizzle's wrapping", async () => {
    const silent = net.createServer(() => {})
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as net.AddressInfo
    const client = postgres(`postgres://district@127.0.0.1:${port}/district`, { max: 1, connect_timeout: 0.2, onnotice: () => {} })
    try {
      const failure: unknown = await drizzle({ client }).execute(sql`select 1`).catch((e: unknown) => e)
      expect(connectionRefusal(failure)).toBe(`write CONNECT_TIMEOUT 127.0.0.1:${port}`)
      expect(connectionRefusal(new GraphQLError('Unexpected error.', { originalError: failure as Error }))).toBe(`write CONNECT_TIMEOUT 127.0.0.1:${port}`)
    } finally {
      await client.end({ timeout: 1 })
      silent.close()
    }
  })

  it('is not any other failure', () => {
    expect(connectionRefusal(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBeUndefined()
    expect(connectionRefusal(Object.assign(new Error('invalid message format'), { code: '08P01' }))).toBeUndefined()
    expect(connectionRefusal(new Error('boom'))).toBeUndefined()
    expect(connectionRefusal(new GraphQLError('You may not read this.'))).toBeUndefined()
    expect(connectionRefusal('53300')).toBeUndefined()
  })
})

const onPostgres = inject('testDatabase').kind === 'postgres'

// A connection limit binds only roles that are not superusers, and only a server has roles.
describe.skipIf(!onPostgres)('on a server whose connection slots are taken (skipped on the embedded project)', () => {
  const role = `dg_pool_test_${process.pid}`
  let admin: postgres.Sql
  let roleUrl = ''
  let system: System
  let token = ''
  let holder: postgres.Sql | undefined
  /** What beforeAll made, undone in reverse order by afterAll (however far it got). */
  const undo: Array<() => Promise<void> | void> = []

  /** Waits until no session of the role but `keep` is left on the server (a closed one lingers briefly). */
  async function untilRoleIdle(keep?: number): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const [row] = await admin<Array<{ n: number }>>`select count(*)::int as n from pg_stat_activity where usename = ${role} and pid is distinct from ${keep ?? null}`
      if (row?.n === 0) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`sessions of ${role} are still open`)
  }

  async function familyDashboard(): Promise<GraphQLResponse['body'] & { status: number }> {
    const response = await system.fetch(system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: FAMILY }),
    })
    return { status: response.status, ...((await response.json()) as GraphQLResponse['body']) }
  }

  beforeAll(async () => {
    // A database of its own: the gateway writes the record of disclosures as it serves.
    const database = await openWritableTestDatabase('pool_limit')
    undo.push(() => database.close())
    if (database.target.kind !== 'server') throw new Error('The postgres project gives a server database.')
    const url = new URL(database.target.url)
    admin = postgres(url.toString(), { max: 1, onnotice: () => {} })
    undo.push(() => admin.end({ timeout: 1 }))
    // One slot: transportation's migration takes it at start-up, its pool after.
    await admin.unsafe(`drop role if exists "${role}"`)
    await admin.unsafe(`create role "${role}" login connection limit 1`)
    undo.push(async () => {
      await untilRoleIdle()
      // Its grants on this database go with it; the database itself goes at the end of the run.
      await admin.unsafe(`drop owned by "${role}"`)
      await admin.unsafe(`drop role "${role}"`)
    })
    await admin.unsafe(`grant pg_read_all_data to "${role}"`)
    await admin.unsafe(`grant create on database "${url.pathname.slice(1)}" to "${role}"`)
    await admin.unsafe(`grant usage, create on schema drizzle to "${role}"`)
    url.username = role
    roleUrl = url.toString()
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-pool-'))
    undo.push(() => fs.rmSync(dataDir, { recursive: true, force: true }))
    const config = testConfig(dataDir, {
      DATABASE_URL: database.target.url,
      TRANSPORTATION_DATABASE_URL: roleUrl,
      DATABASE_POOL_SIZE: '2',
      TRANSPORTATION_DATABASE_POOL_SIZE: '1',
    })
    system = await startSystem({ config, network: false })
    undo.push(() => system.stop())
    undo.push(() => holder?.end({ timeout: 1 }))
    token = await issueDevelopmentToken(await testDataIn(database).personId('demo.guardian'), config.auth, dataDir, 'demo.guardian')
  })

  afterAll(async () => {
    for (const step of undo.reverse()) await step()
  })

  it('answers the dashboard without transportation, naming it, while another session holds the slot; whole again once it is free', async () => {
    await untilRoleIdle()
    holder = postgres(roleUrl, { max: 1, onnotice: () => {} })
    const [held] = await holder<Array<{ pid: number }>>`select pg_backend_pid() as pid`
    await untilRoleIdle(held?.pid)

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    let refused
    try {
      refused = await familyDashboard()
      expect(warn.mock.calls).toStrictEqual([[`[transportation] the database gave no connection (53300 too many connections for role "${role}"): 2 fields answered SUBGRAPH_UNAVAILABLE`]])
      expect(error.mock.calls).toStrictEqual([])
    } finally {
      warn.mockRestore()
      error.mockRestore()
    }

    await holder.end({ timeout: 1 })
    holder = undefined
    await untilRoleIdle()
    const whole = await familyDashboard()
    expect(whole.errors).toBeUndefined()
    const children = (whole.data as { me: { children: Array<Record<string, unknown>> } }).me.children
    expect(children).toHaveLength(2)
    for (const child of children) expect(child.transportation).not.toBeNull()

    // While the slot was taken: every other area exactly as once it was free, transportation null, one error naming it.
    const withoutTransportation = structuredClone(whole)
    for (const child of (withoutTransportation.data as { me: { children: Array<Record<string, unknown>> } }).me.children) child.transportation = null
    expect(refused).toStrictEqual({
      ...withoutTransportation,
      errors: [
        {
          message: 'The transportation service is too busy to answer; its part of the answer is missing.',
          path: ['me', 'children', 0, 'transportation'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'transportation' },
        },
      ],
    })
  })
})
