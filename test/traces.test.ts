/**
 * One trace per request, across the hops: with spans going to an in-memory exporter, one
 * FamilyDashboard is one trace holding the gateway's request, a fetch per subgraph, each
 * subgraph's request as the child of its fetch (W3C trace context over HTTP), and that
 * subgraph's SQL statements under its request: their text, never a parameter's value, and no
 * student's data anywhere in the trace.
 */
import fs from 'node:fs'
import { SpanKind } from '@opentelemetry/api'
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'
import { startTracing, stopTracing } from '../lib/telemetry.ts'
import type { FamilyDashboardQuery } from '../schema/generated/graphql.ts'
import { measure, startTestSystem, type TestSystem } from './support/system.ts'

const FAMILY = fs.readFileSync('schema/operations/FamilyDashboard.graphql', 'utf8')

const exporter = new InMemorySpanExporter()
let t: TestSystem
beforeAll(async () => {
  // Before the system starts, as an entry point would when a collector is configured.
  startTracing({ exporter: () => exporter, immediate: true })
  t = await startTestSystem({ network: true, env: { DISCLOSURE_FLUSH_SECONDS: '3600' } })
  // The first request resolves the viewer's scope and records the day's sign-in: trace the steady state.
  await t.query({ login: 'demo.guardian' }, FAMILY)
  await t.system.gateway.signIns.settle()
})
afterAll(async () => {
  await t.close()
  await stopTracing()
})

const service = (span: ReadableSpan) => span.resource.attributes['service.name']
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId

describe('one FamilyDashboard', () => {
  it('is one trace: the gateway, a fetch per subgraph, each subgraph under its fetch, its SQL under it', async () => {
    exporter.reset()
    const { result, sql } = await measure(() => t.query<FamilyDashboardQuery>({ login: 'demo.guardian' }, FAMILY))
    expect(result.body.errors).toBeUndefined()
    // A server's span ends just after its answer is on its way.
    const root = await vi.waitFor(() => {
      const found = exporter.getFinishedSpans().find((span) => service(span) === 'district-graph-gateway' && span.kind === SpanKind.SERVER)
      if (!found) throw new Error('The gateway has not ended its span yet.')
      return found
    })
    await vi.waitFor(() => expect(exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER)).toHaveLength(1 + SUBGRAPH_NAMES.length))
    const spans = exporter.getFinishedSpans()

    expect({ name: root.name, parent: parentOf(root), status: root.attributes['http.response.status_code'], operation: root.attributes['graphql.operation.name'] }).toStrictEqual({
      name: 'query FamilyDashboard',
      parent: undefined,
      status: 200,
      operation: 'FamilyDashboard',
    })
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toStrictEqual(new Set([root.spanContext().traceId]))

    const fetches = spans.filter((span) => span.kind === SpanKind.CLIENT && service(span) === 'district-graph-gateway')
    expect(fetches.map((span) => [span.name, span.attributes['district_graph.subgraph'], span.attributes['http.response.status_code']]).sort()).toStrictEqual(
      SUBGRAPH_NAMES.map((name) => [`fetch ${name}`, name, 200]),
    )
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]))
    /** Whether `span` descends from `ancestor` within the trace. */
    const under = (span: ReadableSpan, ancestor: ReadableSpan): boolean => {
      for (let at: ReadableSpan | undefined = span; at; at = byId.get(parentOf(at) ?? '')) if (at === ancestor) return true
      return false
    }

    for (const name of SUBGRAPH_NAMES) {
      const fetch = fetches.find((span) => span.attributes['district_graph.subgraph'] === name)
      const request = spans.filter((span) => service(span) === `district-graph-${name}` && span.kind === SpanKind.SERVER)
      const statements = spans.filter((span) => service(span) === `district-graph-${name}` && span.kind === SpanKind.CLIENT)
      expect({
        subgraph: name,
        fetchUnderGateway: fetch !== undefined && under(fetch, root),
        requests: request.map((span) => ({ name: span.name, parent: parentOf(span), status: span.attributes['http.response.status_code'] })),
        statements: statements.length,
        statementsUnderRequest: statements.every((span) => request[0] !== undefined && parentOf(span) === request[0].spanContext().spanId),
        statementAttributes: [...new Set(statements.flatMap((span) => Object.keys(span.attributes)))].sort(),
      }).toStrictEqual({
        subgraph: name,
        fetchUnderGateway: true,
        requests: [{ name: 'POST /graphql', parent: fetch?.spanContext().spanId, status: 200 }],
        // Each statement the SQL tally counted for the request, one span each.
        statements: sql[name],
        statementsUnderRequest: true,
        statementAttributes: ['db.operation.name', 'db.query.text', 'db.system.name'],
      })
      for (const span of statements) {
        expect(span.name).toBe(span.attributes['db.operation.name'])
        expect(span.attributes['db.operation.name']).toMatch(/^(select|with|insert|update|delete)$/)
        expect(/^[\s(]*(\w+)/.exec(String(span.attributes['db.query.text']))?.[1]?.toLowerCase()).toBe(span.attributes['db.operation.name'])
      }
    }

    // Statements name their values by placeholder: no id, name or other record of the family is in any span.
    expect(spans.some((span) => /\$1\b/.test(String(span.attributes['db.query.text'] ?? '')))).toBe(true)
    const family = result.body.data?.me
    const secrets = [await t.personId('demo.guardian'), family?.displayName, ...(family?.children ?? []).flatMap((child) => [child.id, child.firstName, child.lastName])].filter((value): value is string => typeof value === 'string')
    expect(secrets.length).toBeGreaterThan(4)
    const recorded = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events })))
    expect(secrets.filter((secret) => recorded.includes(secret))).toStrictEqual([])
  })
})
