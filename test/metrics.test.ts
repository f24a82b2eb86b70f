/**
 * Prometheus /metrics as an operator scrapes it: on the gateway and on every subgraph, one
 * FamilyDashboard moves each counter by what it cost (a request under its operation's name, one
 * fetch per subgraph, the SQL statements each subgraph sent), errors are counted by code, rate
 * limits and the record of disclosures show, an outbox's backlog shows, and /metrics answers only
 * callers on this machine or with METRICS_TOKEN.
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, type Config } from '../lib/config.ts'
import { loadViewerVerifier } from '../lib/keys.ts'
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.ts'
import type { FamilyDashboardQuery } from '../schema/generated/graphql.ts'
import { SUBGRAPHS } from '../subgraphs/index.ts'
import { createSubgraphServer } from '../subgraphs/kit/index.ts'
import { measure, startTestSystem, testConfig, type TestSystem } from './support/system.ts'

const FAMILY = fs.readFileSync('schema/operations/FamilyDashboard.graphql', 'utf8')
const DEPOSIT = fs.readFileSync('schema/operations/DepositMealFunds.graphql', 'utf8')
/** Subgraphs whose outbox the scrape reads (one statement per scrape, counted like any other). */
const WITH_OUTBOX = SUBGRAPH_NAMES.filter((name) => SUBGRAPHS[name].outbox !== undefined)
/** Few enough requests per viewer that this file reaches the limit on purpose, enough for the rest of it. */
const VIEWER_LIMIT = 25

let t: TestSystem
beforeAll(async () => {
  // Over the network, as Prometheus scrapes; its own database, for the write that fills an outbox.
  t = await startTestSystem({ network: true, writable: 'metrics', env: { DISCLOSURE_FLUSH_SECONDS: '3600', RATE_LIMIT_PER_VIEWER: String(VIEWER_LIMIT), METRICS_SQL_PER_REQUEST: 'on' } })
  // The first request resolves the viewer's scope and records the day's sign-in: count from the steady state.
  await t.query({ login: 'demo.guardian' }, FAMILY)
  await t.system.gateway.signIns.settle()
})
afterAll(() => t.close())

/** One scrape: each sample (`name{label="value",…}`) and its value. */
type Samples = Map<string, number>

function parse(text: string): Samples {
  const samples: Samples = new Map()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const at = line.lastIndexOf(' ')
    samples.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return samples
}

function metricsUrl(url: string): string {
  return new URL('/metrics', url).toString()
}

async function scrape(url: string): Promise<Samples> {
  const response = await fetch(metricsUrl(url))
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  return parse(await response.text())
}

const gatewayUrl = () => t.system.gatewayUrl
const subgraphUrl = (name: SubgraphName) => t.system.subgraphUrls[name]
const scrapeAll = async () => ({ gateway: await scrape(gatewayUrl()), ...Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await scrape(subgraphUrl(name))] as const))) }) as Record<'gateway' | SubgraphName, Samples>

/** How far each named sample moved between two scrapes (0 for one that appeared nowhere). */
const moved = (before: Samples, after: Samples, names: readonly string[]) => Object.fromEntries(names.map((name) => [name, (after.get(name) ?? 0) - (before.get(name) ?? 0)]))

describe('one FamilyDashboard', () => {
  it("moves the gateway's and every subgraph's counters by what it cost", async () => {
    const before = await scrapeAll()
    const { result, sql, fetches } = await measure(() => t.query<FamilyDashboardQuery>({ login: 'demo.guardian' }, FAMILY))
    expect(result.body.errors).toBeUndefined()
    const after = await scrapeAll()

    const perSubgraph = (name: string) => SUBGRAPH_NAMES.map((subgraph) => `${name}{subgraph="${subgraph}"}`)
    expect(
      moved(before.gateway, after.gateway, [
        'district_graph_gateway_request_duration_seconds_count{operation="FamilyDashboard"}',
        'district_graph_gateway_request_duration_seconds_count{operation="other"}',
        ...perSubgraph('district_graph_gateway_subgraph_fetches_total'),
        ...perSubgraph('district_graph_gateway_subgraph_fetch_duration_seconds_count'),
      ]),
    ).toStrictEqual({
      'district_graph_gateway_request_duration_seconds_count{operation="FamilyDashboard"}': 1,
      'district_graph_gateway_request_duration_seconds_count{operation="other"}': 0,
      ...Object.fromEntries(perSubgraph('district_graph_gateway_subgraph_fetches_total').map((name) => [name, 1])),
      ...Object.fromEntries(perSubgraph('district_graph_gateway_subgraph_fetch_duration_seconds_count').map((name) => [name, 1])),
    })
    expect(fetches).toStrictEqual(Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, 1])))
    // No error of any code was counted.
    expect([...after.gateway].filter(([name, value]) => name.startsWith('district_graph_gateway_errors_total') && value !== before.gateway.get(name))).toStrictEqual([])

    for (const name of SUBGRAPH_NAMES) {
      const label = `{subgraph="${name}"}`
      expect({ subgraph: name, ...moved(before[name], after[name], [
        `district_graph_subgraph_request_duration_seconds_count${label}`,
        `district_graph_sql_statements_per_request_count${label}`,
        `district_graph_sql_statements_per_request_sum${label}`,
        `district_graph_sql_statements_total${label}`,
      ]) }).toStrictEqual({
        subgraph: name,
        [`district_graph_subgraph_request_duration_seconds_count${label}`]: 1,
        [`district_graph_sql_statements_per_request_count${label}`]: 1,
        // What the SQL tally counted for the request (the figures test/dashboard.test.ts pins)…
        [`district_graph_sql_statements_per_request_sum${label}`]: sql[name],
        // …and in all, the first scrape's read of the outbox as well.
        [`district_graph_sql_statements_total${label}`]: (sql[name] ?? 0) + (WITH_OUTBOX.includes(name) ? 1 : 0),
      })
    }
  })
})

describe('errors and refusals', () => {
  it('counts an error by its code, and a made-up operation name as "other"', async () => {
    const before = await scrape(gatewayUrl())
    const response = await fetch(t.system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: 'query MadeUpName { me { id } }', operationName: 'MadeUpName' }),
    })
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors.map((e) => e.extensions.code)).toStrictEqual(['UNAUTHENTICATED'])
    const after = await scrape(gatewayUrl())
    expect(
      moved(before, after, ['district_graph_gateway_errors_total{code="UNAUTHENTICATED"}', 'district_graph_gateway_request_duration_seconds_count{operation="other"}', 'district_graph_gateway_request_duration_seconds_count{operation="MadeUpName"}']),
    ).toStrictEqual({
      'district_graph_gateway_errors_total{code="UNAUTHENTICATED"}': 1,
      'district_graph_gateway_request_duration_seconds_count{operation="other"}': 1,
      'district_graph_gateway_request_duration_seconds_count{operation="MadeUpName"}': 0,
    })
    expect([...after.keys()].filter((name) => name.includes('MadeUpName'))).toStrictEqual([])
  })

  it('counts a refusal by the per-viewer rate limit, and its RATE_LIMITED answer', async () => {
    const before = await scrape(gatewayUrl())
    let status = 0
    let sent = 0
    while (status !== 429 && sent <= VIEWER_LIMIT) {
      status = (await t.query({ login: 'demo.teacher' }, '{ me { id } }')).status
      sent++
    }
    expect(status).toBe(429)
    const after = await scrape(gatewayUrl())
    expect(moved(before, after, ['district_graph_gateway_rate_limit_refusals_total{limit="viewer"}', 'district_graph_gateway_rate_limit_refusals_total{limit="address"}', 'district_graph_gateway_errors_total{code="RATE_LIMITED"}'])).toStrictEqual({
      'district_graph_gateway_rate_limit_refusals_total{limit="viewer"}': 1,
      'district_graph_gateway_rate_limit_refusals_total{limit="address"}': 0,
      'district_graph_gateway_errors_total{code="RATE_LIMITED"}': 1,
    })
  })
})

describe('what waits', () => {
  it("shows the record of disclosures' queue and lag until it is written", async () => {
    await t.system.gateway.disclosures.flush()
    const empty = await scrape(gatewayUrl())
    expect([empty.get('district_graph_gateway_disclosure_queue_length'), empty.get('district_graph_gateway_disclosure_lag_seconds')]).toStrictEqual([0, 0])
    // demo.guardian's dashboard reads two children's records: two records wait.
    await t.query({ login: 'demo.guardian' }, FAMILY)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const waiting = await scrape(gatewayUrl())
    expect(waiting.get('district_graph_gateway_disclosure_queue_length')).toBe(2)
    expect(waiting.get('district_graph_gateway_disclosure_lag_seconds')).toBeGreaterThan(0.04)
    expect(waiting.get('district_graph_gateway_disclosure_lag_seconds')).toBeLessThan(30)
    await t.system.gateway.disclosures.flush()
    const written = await scrape(gatewayUrl())
    expect([written.get('district_graph_gateway_disclosure_queue_length'), written.get('district_graph_gateway_disclosure_lag_seconds')]).toStrictEqual([0, 0])
  })

  it("shows an event waiting in an outbox (the relay is off here), and how long it has waited", async () => {
    const label = '{subgraph="finance"}'
    const before = await scrape(subgraphUrl('finance'))
    const family = await t.query<FamilyDashboardQuery>({ login: 'demo.guardian' }, FAMILY)
    const maya = family.body.data?.me.children.find((child) => child.firstName === 'Maya')
    const deposit = await t.query({ login: 'demo.guardian' }, DEPOSIT, { input: { studentId: maya?.id, amountCents: 1200, idempotencyKey: randomUUID() } })
    expect(deposit.body.errors).toBeUndefined()
    const after = await scrape(subgraphUrl('finance'))
    expect(moved(before, after, [`district_graph_outbox_backlog${label}`])).toStrictEqual({ [`district_graph_outbox_backlog${label}`]: 1 })
    expect(after.get(`district_graph_outbox_lag_seconds${label}`)).toBeGreaterThanOrEqual(0)
    expect(after.get(`district_graph_outbox_lag_seconds${label}`)).toBeLessThan(60)
  })
})

describe('who may scrape', () => {
  it('answers a caller on this machine, and refuses one a proxy forwarded', async () => {
    for (const url of [gatewayUrl(), subgraphUrl('academics')]) {
      expect((await fetch(metricsUrl(url))).status).toBe(200)
      const forwarded = await fetch(metricsUrl(url), { headers: { 'x-forwarded-for': '203.0.113.9' } })
      expect({ status: forwarded.status, body: await forwarded.text() }).toStrictEqual({ status: 403, body: '/metrics answers callers on this machine only.\n' })
    }
  })

  /** transportation's server (in this process, over the test database) under `config`. */
  const transportationWith = async (config: Config) =>
    createSubgraphServer({
      definition: SUBGRAPHS.transportation,
      db: t.database.drizzle('transportation'),
      viewerKey: await loadViewerVerifier(config.viewerKeys, config.dataDir),
      production: false,
      config,
    })

  it('with METRICS_TOKEN, answers only a caller presenting it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-metrics-'))
    try {
      const token = 'a-metrics-token-of-some-length'
      const yoga = await transportationWith(testConfig(dir, { METRICS_TOKEN: token }))
      const get = (authorization?: string) => yoga.fetch('http://transportation/metrics', { headers: authorization ? { authorization } : {} })
      expect((await get()).status).toBe(401)
      expect((await get('Bearer not-the-token')).status).toBe(401)
      const answer = await get(`Bearer ${token}`)
      expect(answer.status).toBe(200)
      expect(await answer.text()).toContain('district_graph_sql_statements_total{subgraph="transportation"}')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('keeps the per-request SQL histogram only with METRICS_SQL_PER_REQUEST=on, the total always', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-metrics-'))
    try {
      const scrape = async (env: Record<string, string>) => {
        const yoga = await transportationWith(testConfig(dir, env))
        const text = await (await yoga.fetch('http://transportation/metrics')).text()
        return ['district_graph_sql_statements_total', 'district_graph_sql_statements_per_request_count'].filter((name) => text.includes(`${name}{subgraph="transportation"}`))
      }
      expect(await scrape({})).toStrictEqual(['district_graph_sql_statements_total'])
      expect(await scrape({ METRICS_SQL_PER_REQUEST: 'off' })).toStrictEqual(['district_graph_sql_statements_total'])
      expect(await scrape({ METRICS_SQL_PER_REQUEST: 'On' })).toStrictEqual(['district_graph_sql_statements_total', 'district_graph_sql_statements_per_request_count'])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses a METRICS_TOKEN too short to be a secret, a collector address that is not a URL, and an on/off setting that is neither', () => {
    expect(() => loadConfig({ METRICS_SQL_PER_REQUEST: 'yes' })).toThrow(new ConfigError('METRICS_SQL_PER_REQUEST must be on or off, not "yes".'))
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(new ConfigError('METRICS_TOKEN must be at least 16 characters.'))
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      new ConfigError('OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL (an OTLP/HTTP collector, such as http://127.0.0.1:4318), not "collector:4318".'),
    )
  })
})
