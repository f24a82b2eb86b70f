/**
 * The gateway as operations see it: health and readiness, a subgraph down, and a process that
 * opens connections only to its own subgraphs (no vendor telemetry, no cloud metadata probes).
 */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startTestSystem, type TestSystem } from './support/system.ts'

const connections: string[] = []
const originalConnect = net.Socket.prototype.connect

let t: TestSystem
beforeAll(async () => {
  // Record every outgoing TCP connection this process opens from here on.
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    // net.connect() passes its normalized arguments as one array: [options, callback].
    const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args
    if (first && typeof first === 'object' && 'port' in first) {
      const options = first as { host?: string; port?: number }
      connections.push(`${options.host ?? 'localhost'}:${options.port}`)
    } else if (typeof first === 'number') {
      connections.push(`${typeof second === 'string' ? second : 'localhost'}:${first}`)
    }
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args)
  }
  // The record of disclosures writes to academics on its own schedule: keep it out of the
  // connection counts (test/disclosures.test.ts covers it).
  // Over HTTP, though the subgraphs share this process: the connections are this file's subject
  // (test/in-process-subgraphs.test.ts covers the calls without a socket).
  t = await startTestSystem({ network: true, env: { DISCLOSURE_FLUSH_SECONDS: '3600', SUBGRAPH_CALLS: 'http' } })
})
afterAll(async () => {
  net.Socket.prototype.connect = originalConnect
  await t.close()
})

describe('the gateway', () => {
  it('disables vendor telemetry before @apollo/gateway loads', () => {
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true')
  })

  it('opens connections only to its subgraphs (and this test to the gateway)', async () => {
    const response = await t.query({ login: 'demo.guardian' }, '{ me { displayName children { firstName } } }')
    expect(response.body.errors).toBeUndefined()
    const allowed = new Set([t.system.gatewayUrl, ...Object.values(t.system.subgraphUrls)].map((u) => `127.0.0.1:${new URL(u).port}`))
    // On the server project, the subgraphs' own database connections.
    const database = inject('testDatabase')
    if (database.kind === 'postgres') allowed.add(`${new URL(database.url).hostname}:${new URL(database.url).port || 5432}`)
    expect(connections.length).toBeGreaterThan(0)
    expect(connections.filter((c) => !allowed.has(c))).toStrictEqual([])
  })

  it('keeps its connections to the subgraphs alive between requests', async () => {
    const subgraphPorts = new Set(Object.values(t.system.subgraphUrls).map((u) => `127.0.0.1:${new URL(u).port}`))
    const toSubgraphs = () => connections.filter((c) => subgraphPorts.has(c)).length
    await t.query({ login: 'demo.guardian' }, '{ me { children { firstName attendance { rate } } } }')
    const before = toSubgraphs()
    for (let i = 0; i < 3; i++) await t.query({ login: 'demo.guardian' }, '{ me { children { firstName attendance { rate } } } }')
    expect(toSubgraphs()).toBe(before)
  })

  it('serves GraphiQL to a browser, opening with the dashboards, a demo token and a child to ask about', async () => {
    const response = await fetch(t.system.gatewayUrl, { headers: { accept: 'text/html' } })
    const page = await response.text()
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/html')
    expect(page).toContain('query ChildDashboard($studentId: ID!)')
    expect(page).toContain('query FamilyDashboard')
    const leo = await t.personId('demo.student')
    const maya = (await t.query<{ me: { children: Array<{ id: string }> } }>({ login: 'demo.guardian' }, '{ me { children { id } } }')).body.data?.me.children
    expect([leo, ...(maya ?? []).map((c) => c.id)].some((id) => page.includes(id))).toBe(true)
    expect(page).toMatch(/Bearer [\w-]+\.[\w-]+\.[\w-]+/)
  })

  it('answers /healthz, and /readyz while every subgraph answers', async () => {
    const base = new URL(t.system.gatewayUrl).origin
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    const ready = await fetch(`${base}/readyz`)
    expect({ status: ready.status, body: await ready.json() }).toStrictEqual({
      status: 200,
      body: { subgraphs: { academics: true, attendance: true, behaviour: true, finance: true, messaging: true, transportation: true } },
    })
  })

  it('answers with what the others return when one subgraph is down, naming the missing part', async () => {
    const studentId = await t.personId('demo.student')
    await t.system.stopSubgraph('transportation')
    const response = await t.query({ login: 'demo.guardian' }, `query { student(id: "${studentId}") { firstName transportation { transportationType } } }`)
    expect(response.body.data).toStrictEqual({ student: { firstName: 'Leo', transportation: null } })
    expect(response.body.errors?.map((e) => ({ message: e.message, code: e.extensions?.code, subgraph: e.extensions?.subgraph }))).toStrictEqual([
      { message: 'The transportation service is unavailable; its part of the answer is missing.', code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'transportation' },
    ])
    const base = new URL(t.system.gatewayUrl).origin
    const ready = await fetch(`${base}/readyz`)
    expect(ready.status).toBe(503)
    expect(((await ready.json()) as { subgraphs: Record<string, boolean> }).subgraphs.transportation).toBe(false)
  })
})
