/**
 * A gateway sharing its subgraphs' process (`npm start`) calls them without a socket
 * (SUBGRAPH_CALLS=in-process, the default): the same answers as over HTTP, no request on the
 * subgraphs' ports, the subgraph still the judge of the token it is handed, each call bounded in
 * time, and a stopped subgraph reported as one. (The answers of the in-process handler itself,
 * request by request, are compared with Yoga's in test/subgraph-http-handler.test.ts.)
 */
import diagnosticsChannel from 'node:diagnostics_channel'
import fs from 'node:fs'
import type { ClientRequest } from 'node:http'
import { GraphQLError } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ViewerDataSource } from '../gateway/data-source.ts'
import { subgraphHttp } from '../gateway/subgraph-http.ts'
import type { PlainRequest } from '../lib/http.ts'
import { processOptions } from './support/data-source.ts'
import { childrenOf, one } from './support/people.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

const FAMILY_DASHBOARD = fs.readFileSync('schema/operations/FamilyDashboard.graphql', 'utf8')

describe('a subgraph called in-process by the data source', () => {
  it('is handed the request as a server receives it, and its answer read as one off a socket', async () => {
    const received: PlainRequest[] = []
    const client = subgraphHttp({
      inProcess: (host) =>
        host === 'finance.test'
          ? (request) => {
              received.push(request)
              return Promise.resolve({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"data":{"ok":true}}' })
            }
          : undefined,
    })
    const source = new ViewerDataSource('finance', 'http://finance.test/graphql', { fetcher: client.fetcherFor('finance'), timeoutMs: 30_000 })
    const answer = await source.process(processOptions('in-process-a', AbortSignal.timeout(30_000)))
    expect(answer.data).toStrictEqual({ ok: true })
    expect(received).toHaveLength(1)
    const [request] = received as [PlainRequest]
    const body = request.body.toString('utf8')
    expect({ method: request.method, url: request.url, query: (JSON.parse(body) as { query: string }).query }).toStrictEqual({ method: 'POST', url: '/graphql', query: '{ ok }' })
    expect(request.headers).toStrictEqual({
      host: 'finance.test',
      accept: 'application/json',
      authorization: 'Bearer token',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-request-id': 'in-process-a',
    })
    client.close()
  })

  it('is given up at the fetch’s timeout when it does not answer, as a subgraph over HTTP is', async () => {
    let calls = 0
    const client = subgraphHttp({
      inProcess: () => () => {
        calls++
        return new Promise(() => {})
      },
    })
    const source = new ViewerDataSource('finance', 'http://finance.test/graphql', { fetcher: client.fetcherFor('finance'), timeoutMs: 200 })
    const started = Date.now()
    const error = await source.process(processOptions('in-process-b', AbortSignal.timeout(30_000))).catch((e: unknown) => e)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(calls).toBe(1)
    expect(error).toBeInstanceOf(GraphQLError)
    expect((error as GraphQLError).extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'finance' })
    expect((error as GraphQLError).message).toBe('The finance service did not answer in time; its part of the answer is missing.')
    client.close()
  })
})

describe('the whole system on ports, its subgraphs called in-process', () => {
  let inProcess: TestSystem
  let overHttp: TestSystem
  /** The Host of every node:http request this process starts (the gateway's to the subgraphs). */
  const requested: string[] = []
  const onRequest = (message: unknown) => requested.push(String((message as { request: ClientRequest }).request.getHeader('host')))

  beforeAll(async () => {
    // The record of disclosures writes on its own schedule: kept out of the counts.
    inProcess = await startTestSystem({ network: true, env: { DISCLOSURE_FLUSH_SECONDS: '3600' } })
    overHttp = await startTestSystem({ network: true, env: { DISCLOSURE_FLUSH_SECONDS: '3600', SUBGRAPH_CALLS: 'http' } })
    diagnosticsChannel.subscribe('http.client.request.start', onRequest)
  })
  afterAll(async () => {
    diagnosticsChannel.unsubscribe('http.client.request.start', onRequest)
    await inProcess.close()
    await overHttp.close()
  })

  /** The FamilyDashboard through `t` for the demo guardian, and the requests it made to `t`'s subgraph ports. */
  const dashboard = async (t: TestSystem) => {
    const ports = new Set(Object.values(t.system.subgraphUrls).map((url) => new URL(url).host))
    requested.length = 0
    const response = await t.query({ login: 'demo.guardian' }, FAMILY_DASHBOARD)
    return { response, toSubgraphPorts: requested.filter((host) => ports.has(host)).length }
  }

  it('answers the FamilyDashboard as over HTTP, with no request on the subgraphs’ ports', async () => {
    await dashboard(inProcess)
    await dashboard(overHttp)
    const viaCalls = await dashboard(inProcess)
    const viaHttp = await dashboard(overHttp)
    expect(viaCalls.response.body.errors).toBeUndefined()
    expect((viaCalls.response.body.data as { me: { children: unknown[] } }).me.children.length).toBeGreaterThan(0)
    expect(viaCalls.response.body).toStrictEqual(viaHttp.response.body)
    expect(viaCalls.toSubgraphPorts).toBe(0)
    // The count can see requests: over HTTP, one per subgraph at least.
    expect(viaHttp.toSubgraphPorts).toBeGreaterThanOrEqual(6)
  })

  it('leaves the subgraphs to judge the token: a student out of scope is refused as over HTTP', async () => {
    const noah = one(await childrenOf(inProcess, 'restricted.guardian'), 'restricted child')
    const ask = (t: TestSystem) => t.query({ login: 'demo.guardian' }, `query { student(id: "${noah.id}") { firstName attendance { rate } } }`)
    const [viaCalls, viaHttp] = [await ask(inProcess), await ask(overHttp)]
    expect(viaCalls.body.errors?.map((e) => e.extensions?.code)).toStrictEqual(['FORBIDDEN'])
    expect(viaCalls.text).not.toContain(noah.firstName)
    expect(viaCalls.body).toStrictEqual(viaHttp.body)
  })

  it('reports a stopped subgraph as unavailable, the rest of the answer standing', async () => {
    const studentId = await inProcess.personId('demo.student')
    await inProcess.system.stopSubgraph('transportation')
    const response = await inProcess.query({ login: 'demo.guardian' }, `query { student(id: "${studentId}") { firstName transportation { transportationType } } }`)
    expect(response.body.data).toStrictEqual({ student: { firstName: 'Leo', transportation: null } })
    expect(response.body.errors?.map((e) => ({ message: e.message, code: e.extensions?.code, subgraph: e.extensions?.subgraph }))).toStrictEqual([
      { message: 'The transportation service is unavailable; its part of the answer is missing.', code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'transportation' },
    ])
  })
})
