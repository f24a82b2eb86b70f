/**
 * A subgraph's HTTP handler answers the gateway's requests on a short path past Yoga's fetch
 * layer (subgraphs/kit/http-handler.ts). Whatever path a request takes, the answer must be the
 * one Yoga gives: each request below is sent over a port to the handler and to the same
 * subgraph's Yoga directly, and the two answers (status, content type, body) must be equal —
 * for data, for fields refused with FORBIDDEN, for callers without the gateway's token, and for
 * every kind of bad request. The same request handed to the subgraph in-process (as `npm start`'s
 * gateway calls it, no socket) must get the handler's answer, byte for byte.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { rowsOf, type Database } from '../db/client.ts'
import { AREAS, type Caller } from '../lib/contract/index.ts'
import type { InProcessSubgraph } from '../lib/http.ts'
import { shortPathAnswerCount, subgraphHandler, subgraphInProcess } from '../subgraphs/kit/index.ts'
import { childrenOf, one, testDataIn, type TestData } from './support/people.ts'
import { createTestSubgraph, type TestSubgraph } from './support/subgraph.ts'
import { openTestDatabase } from './support/system.ts'

let database: Database
let data: TestData
let finance: TestSubgraph
let server: http.Server
let inProcess: InProcessSubgraph
let base: string
let guardian: Caller
/** A student in the viewer's scope whose records no other test writes (on Postgres, test files run side by side on one database). */
let student: string
let noah: string

beforeAll(async () => {
  database = await openTestDatabase()
  data = testDataIn(database)
  finance = await createTestSubgraph('finance', database)
  server = http.createServer(subgraphHandler(finance.yoga))
  inProcess = subgraphInProcess(finance.yoga)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const demoChildren = new Set([...(await childrenOf(data, 'demo.guardian')), ...(await childrenOf(data, 'restricted.guardian'))].map((child) => child.id))
  const quiet = rowsOf<{ id: string }>(await database.drizzle('finance').execute(sql`select student_id as id from finance.fees group by student_id order by student_id offset 100 limit 5`))
  const unwritten = quiet.find((row) => !demoChildren.has(row.id))
  if (!unwritten) throw new Error('The test database has no student with fees outside the demo families.')
  student = unwritten.id
  noah = one(await childrenOf(data, 'restricted.guardian'), 'restricted child').id
  guardian = { id: await data.personId('demo.guardian'), role: 'GUARDIAN', requestId: 'http-handler-test', allStudents: false, students: { [student]: [...AREAS] } }
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await database.close()
})

interface Sent {
  method?: string
  path?: string
  headers?: Record<string, string>
  body?: string
}

interface Answer {
  status: number
  contentType: string | null
  body: string
}

/** A body with development error stacks left out (their frames name the path the request took). */
const withoutStacks = (text: string) => (text.includes('"stack"') ? JSON.stringify(JSON.parse(text), (key, value: unknown) => (key === 'stack' ? undefined : value)) : text)

async function answer(response: Response): Promise<Answer> {
  return { status: response.status, contentType: response.headers.get('content-type'), body: withoutStacks(await response.text()) }
}

/** The same request to the subgraph in this process, without a socket (as `npm start`'s gateway calls it). */
async function inProcessAnswer(sent: Sent, path: string): Promise<Answer> {
  const body = Buffer.from(sent.body ?? '')
  const headers: Record<string, string> = { host: 'subgraph' }
  for (const [name, value] of Object.entries(sent.headers ?? {})) headers[name.toLowerCase()] = value
  if (sent.body !== undefined) headers['content-length'] = String(body.length)
  const answered = await inProcess({ method: sent.method ?? 'POST', url: path, headers, body })
  return { status: answered.status, contentType: answered.headers['content-type'] ?? null, body: withoutStacks(answered.body.toString()) }
}

/**
 * The same request to the handler over a port and to Yoga's own fetch; `handedToYoga` tells
 * whether the handler passed a request it had read on to Yoga (it does whenever the short path
 * does not expect the request). It goes to the subgraph in-process too, whose answer must be the
 * handler's.
 */
async function both(sent: Sent): Promise<{ handler: Answer; yoga: Answer; handedToYoga: boolean }> {
  // Each its own headers: Yoga's fetch adds content-length to the object it is given.
  const init = () => ({ method: sent.method ?? 'POST', headers: { ...sent.headers }, body: sent.body })
  const path = sent.path ?? '/graphql'
  const before = shortPathAnswerCount()
  const handler = await answer(await fetch(`${base}${path}`, init()))
  const handedToYoga = shortPathAnswerCount() === before
  const yoga = await answer(await finance.yoga.fetch(`http://subgraph${path}`, init()))
  const viaCall = await inProcessAnswer(sent, path)
  expect(viaCall, 'the in-process answer').toStrictEqual(handler)
  return { handler, yoga, handedToYoga }
}

/** A counter or histogram count on the subgraph's /metrics (served through the same handler). */
async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text()
  const line = text
    .split('\n')
    .find((l) => (l.startsWith(`${name} `) || l.startsWith(`${name}{`)) && Object.entries(labels).every(([label, value]) => l.includes(`${label}="${value}"`)))
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0
}

const GATEWAY_HEADERS = { 'content-type': 'application/json', accept: 'application/json' }
const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Student { finance { balanceDueCents explanation mealAccount { balanceCents } openFees { id category categoryLabel } } }
    }
  }
`
const entities = (ids: string[]) => JSON.stringify({ query: ENTITIES, variables: { representations: ids.map((id) => ({ __typename: 'Student', id })) } })

describe('the subgraph HTTP handler', () => {
  it("answers the gateway's request for a student in scope with the data and disclosures Yoga gives", async () => {
    const token = await finance.sign(guardian)
    const { handler, yoga, handedToYoga } = await both({ headers: { ...GATEWAY_HEADERS, authorization: `Bearer ${token}` }, body: entities([student]) })
    expect({ handler, handedToYoga }).toStrictEqual({ handler: yoga, handedToYoga: false })
    const body = JSON.parse(handler.body) as { data?: { _entities: Array<{ finance: { balanceDueCents: number } } | null> }; extensions?: Record<string, unknown> }
    expect(handler.status).toBe(200)
    expect(typeof body.data?._entities[0]?.finance.balanceDueCents).toBe('number')
    expect(Object.keys(body.extensions ?? {})).toContain('disclosures')
  })

  it('answers a student out of scope with FORBIDDEN and no data, as Yoga does', async () => {
    const token = await finance.sign(guardian)
    const requests = await metric('district_graph_subgraph_request_duration_seconds_count')
    const forbidden = await metric('district_graph_subgraph_errors_total', { code: 'FORBIDDEN' })
    const { handler, yoga, handedToYoga } = await both({ headers: { ...GATEWAY_HEADERS, authorization: `Bearer ${token}` }, body: entities([student, noah]) })
    expect({ handler, handedToYoga }).toStrictEqual({ handler: yoga, handedToYoga: false })
    expect(handler.body).toContain('FORBIDDEN')
    // The metrics Yoga's hooks keep, kept on the short path too (and once more for Yoga's own answer, and for the in-process one).
    expect({ requests: await metric('district_graph_subgraph_request_duration_seconds_count'), forbidden: await metric('district_graph_subgraph_errors_total', { code: 'FORBIDDEN' }) }).toStrictEqual({
      requests: requests + 3,
      forbidden: forbidden + 3 * (handler.body.match(/FORBIDDEN/g)?.length ?? 0),
    })
    expect(handler.body).not.toContain(`"finance":{"balanceDueCents"` + `:null`)
  })

  it.each([
    ['no token', () => Promise.resolve({ headers: GATEWAY_HEADERS, body: entities([student]) })],
    ['a forged token', async () => ({ headers: { ...GATEWAY_HEADERS, authorization: `Bearer ${await finance.forge(guardian)}` }, body: entities([student]) })],
    ['a body that is not JSON', async () => ({ headers: { ...GATEWAY_HEADERS, authorization: `Bearer ${await finance.sign(guardian)}` }, body: '{"query": ' })],
    ['a query that does not parse', async () => ({ headers: { ...GATEWAY_HEADERS, authorization: `Bearer ${await finance.sign(guardian)}` }, body: JSON.stringify({ query: '{ _entities(' }) })],
    ['a query that does not validate', async () => ({ headers: { ...GATEWAY_HEADERS, authorization: `Bearer ${await finance.sign(guardian)}` }, body: JSON.stringify({ query: '{ noSuchField }' }) })],
    ['variables that are not an object', async () => ({ headers: { ...GATEWAY_HEADERS, authorization: `Bearer ${await finance.sign(guardian)}` }, body: JSON.stringify({ query: ENTITIES, variables: [1] }) })],
    ['variables of the wrong type', async () => ({ headers: { ...GATEWAY_HEADERS, authorization: `Bearer ${await finance.sign(guardian)}` }, body: JSON.stringify({ query: ENTITIES, variables: { representations: 'x' } }) })],
    ['a batch', async () => ({ headers: { ...GATEWAY_HEADERS, authorization: `Bearer ${await finance.sign(guardian)}` }, body: `[${entities([student])}]` })],
    ['a subscription', async () => ({ headers: { ...GATEWAY_HEADERS, authorization: `Bearer ${await finance.sign(guardian)}` }, body: JSON.stringify({ query: 'subscription { x }' }) })],
    ['an unknown parameter', async () => ({ headers: { ...GATEWAY_HEADERS, authorization: `Bearer ${await finance.sign(guardian)}` }, body: JSON.stringify({ query: ENTITIES, variables: { representations: [] }, id: 'x' }) })],
    ['another media type accepted', async () => ({ headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${await finance.sign(guardian)}` }, body: entities([student]) })],
    ['a GET', async () => ({ method: 'GET', path: `/graphql?query=${encodeURIComponent('{ __typename }')}`, headers: { accept: 'application/json', authorization: `Bearer ${await finance.sign(guardian)}` } })],
    ['the health check', () => Promise.resolve({ method: 'GET', path: '/health' })],
    ['an unknown path', () => Promise.resolve({ method: 'POST', path: '/elsewhere', headers: GATEWAY_HEADERS, body: '{}' })],
  ] as Array<[string, () => Promise<Sent>]>)('answers %s exactly as Yoga does', async (_what, make) => {
    const { handler, yoga } = await both(await make())
    expect(handler).toStrictEqual(yoga)
  })

  it('hands every request the short path does not expect to Yoga', async () => {
    const token = await finance.sign(guardian)
    const headers = { ...GATEWAY_HEADERS, authorization: `Bearer ${token}` }
    const handed: boolean[] = []
    for (const sent of [{ headers: GATEWAY_HEADERS, body: entities([student]) }, { headers, body: '{"query": ' }, { headers, body: JSON.stringify({ query: '{ noSuchField }' }) }]) {
      handed.push((await both(sent)).handedToYoga)
    }
    expect(handed).toStrictEqual([true, true, true])
  })

  it('refuses a body larger than Yoga would take with 413, as Yoga does', async () => {
    const { handler, yoga } = await both({ headers: GATEWAY_HEADERS, body: 'x'.repeat(25_000_001) })
    expect(handler).toStrictEqual(yoga)
    expect(handler.status).toBe(413)
  })

  it('refuses a body past the limit sent without a length (chunked) with the same 413', async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 26; i++) controller.enqueue(new Uint8Array(1_000_000).fill(120))
        controller.close()
      },
    })
    const response = await fetch(`${base}/graphql`, { method: 'POST', headers: GATEWAY_HEADERS, body: chunks, duplex: 'half' } as RequestInit)
    expect({ status: response.status, body: await response.text() }).toStrictEqual({
      status: 413,
      body: JSON.stringify({ errors: [{ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] }),
    })
  })
})
