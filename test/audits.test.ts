/**
 * Outside audits, in the suite: graphql-http's server audits (the GraphQL-over-HTTP spec) and
 * graphql-cop's checks, each implemented as graphql-cop does it (the same request, the same
 * finding condition), plus the gateway's own limits against a hostile or clumsy client: operation
 * limits, body size, rate limits (memory and Redis), X-Forwarded-For only from trusted proxies,
 * CORS only for configured origins, revoked sessions, trusted documents in production, and
 * GraphiQL's demo token only for loopback callers.
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import type { IncomingMessage } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { serverAudits, type AuditResult } from 'graphql-http'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGatewayServer, type GatewayServer } from '../gateway/server.ts'
import { sha256 } from '../gateway/trusted-documents.ts'
import { DEMO_LOGINS, signInConfig } from '../gateway/web-sign-in.ts'
import { ConfigError, loadConfig, type Config } from '../lib/config.ts'
import { ERROR_CODES } from '../lib/contract/index.ts'
import { listen, type Listening } from '../lib/http.ts'
import { SUPERGRAPH_PATH } from '../lib/paths.ts'
import { startIdentityProvider, type IdentityProvider } from './support/identity-provider.ts'
import { measure, startTestSystem, testConfig, type TestSystem } from './support/system.ts'

const FAMILY = fs.readFileSync('schema/operations/FamilyDashboard.graphql', 'utf8')
const CHILD = fs.readFileSync('schema/operations/ChildDashboard.graphql', 'utf8')
const COMMITTED = { FamilyDashboard: FAMILY, ChildDashboard: CHILD }
const CONTRACT_CODES = Object.keys(ERROR_CODES)
/** How each operation limit's refusal reads (graphql-armor's sentences, and the gateway's rule against a repeated field). */
const LIMIT_SENTENCE = /^(Token limit of \d+|Aliases limit of \d+|Query depth limit of \d+|Directives limit of \d+|Query Cost limit of \d+) exceeded|is selected more than \d+ times/

interface Body {
  data?: Record<string, unknown> | null
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>
}

const codes = (body: Body) => (body.errors ?? []).map((e) => e.extensions?.code)
const parse = (text: string): Body => {
  try {
    return JSON.parse(text) as Body
  } catch {
    return {}
  }
}

/** A fetch that signs in and carries the header only a script sets (Yoga's CSRF prevention). */
function withToken(token: string, send: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers)
    headers.set('authorization', `Bearer ${token}`)
    headers.set('x-graphql-yoga-csrf', '1')
    return send(input, { ...init, headers })
  }
}

interface ExtraGateway {
  url: string
  gateway: GatewayServer
  close(): Promise<void>
}

/**
 * Another gateway over the same subgraphs, with other settings (limits, rate limits, proxies):
 * what a differently configured replica would do, without another database.
 */
async function extraGateway(t: TestSystem, env: Record<string, string>, base: Record<string, string> = {}): Promise<ExtraGateway> {
  const own = testConfig(t.config.dataDir, { ...base, ...env })
  const config: Config = { ...own, subgraphs: t.system.config.subgraphs }
  const gateway = await createGatewayServer({ config, supergraphSdl: fs.readFileSync(SUPERGRAPH_PATH, 'utf8'), fetch: t.system.fetch })
  const listening: Listening = await listen(gateway.handler, 0, '127.0.0.1')
  return {
    url: listening.url,
    gateway,
    close: async () => {
      await listening.close()
      await gateway.stop()
    },
  }
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: Body; ms: number }> {
  const started = performance.now()
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: parse(text), ms: performance.now() - started }
}

/** The audits one by one, with every response each one got (read before the audit reads it). */
async function runAudits(url: string, send: typeof fetch): Promise<Array<{ result: AuditResult; responses: Array<{ status: number; body: Body }> }>> {
  let responses: Array<Promise<{ status: number; body: Body }>> = []
  const recording: typeof fetch = async (input, init) => {
    const response = await send(input, init)
    const copy = response.clone()
    responses.push(copy.text().then((text) => ({ status: copy.status, body: parse(text) })))
    return response
  }
  const results = []
  for (const audit of serverAudits({ url, fetchFn: recording })) {
    responses = []
    const result = await audit.fn()
    results.push({ result, responses: await Promise.all(responses) })
  }
  return results
}

const describeFailure = (result: AuditResult) => (result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`)

// ---------------------------------------------------------------------------------------------
// graphql-cop's checks (github.com/dolevf/graphql-cop, lib/tests/*.py), as it makes them: its
// requests (python-requests' headers; `json=` bodies with operationName "cop", or query strings
// and form bodies), and its finding conditions, where any exception means "no finding".
// ---------------------------------------------------------------------------------------------

const COP_HEADERS = { 'user-agent': 'python-requests/2.32.3', accept: '*/*' }

/** lib/utils.py graph_query: a JSON POST of {query, operationName: 'cop'}, or ten of {query} in an array. */
async function graphQuery(url: string, headers: Record<string, string>, payload: string, batch = false): Promise<unknown> {
  const data = batch ? Array.from({ length: 10 }, () => ({ query: payload })) : { query: payload, operationName: 'cop' }
  const response = await fetch(url, { method: 'POST', headers: { ...COP_HEADERS, ...headers, 'content-type': 'application/json' }, body: JSON.stringify(data) })
  return response.json()
}

/** lib/utils.py request: GET with a query string, or a POST of a url-encoded form. */
async function copRequest(url: string, headers: Record<string, string>, options: { params?: Record<string, string>; data?: Record<string, string> }): Promise<Response> {
  const target = new URL(url)
  for (const [key, value] of Object.entries(options.params ?? {})) target.searchParams.set(key, value)
  if (options.data) {
    return fetch(target, {
      method: 'POST',
      headers: { ...COP_HEADERS, ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(options.data).toString(),
    })
  }
  return fetch(target, { headers: { ...COP_HEADERS, ...headers } })
}

/** Python's truth: empty lists and dicts are false too. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0
  return Boolean(value)
}

/** graphql-cop's `try: … except: pass`: a condition that raises is no finding. */
async function finding(condition: () => Promise<unknown>): Promise<boolean> {
  try {
    return truthy(await condition())
  } catch {
    return false
  }
}

/** Python's `value['a']['b']`: raises where a key is missing or a value is not a dict. */
function dig(value: unknown, ...keys: Array<string | number>): unknown {
  let current = value
  for (const key of keys) {
    if (current === null || typeof current !== 'object' || !(key in current)) throw new Error(`no ${String(key)}`)
    current = (current as Record<string | number, unknown>)[key]
  }
  return current
}

/** Python's `len(value)`. */
function len(value: unknown): number {
  if (Array.isArray(value) || typeof value === 'string') return value.length
  if (value !== null && typeof value === 'object') return Object.keys(value).length
  throw new Error('no len()')
}

const COP_CHECKS: Record<string, (url: string, headers: Record<string, string>) => Promise<boolean>> = {
  'alias overloading (dos_alias_overloading.py)': (url, headers) => {
    const aliases = Array.from({ length: 101 }, (_, i) => `alias${i}:__typename \n`).join('')
    return finding(async () => dig(await graphQuery(url, headers, `query cop { ${aliases} }`), 'data', 'alias100'))
  },
  'array-based batching (dos_batch.py)': (url, headers) => finding(async () => len(await graphQuery(url, headers, 'query cop { __typename }', true)) >= 10),
  'field duplication, 500 × __typename (dos_field_duplication.py)': (url, headers) =>
    finding(async () => dig(await graphQuery(url, headers, `query cop { ${'__typename \n'.repeat(500)}} `), 'data', '__typename')),
  'directive overloading (dos_directive_overloading.py)': (url, headers) =>
    finding(async () => len(dig(await graphQuery(url, headers, 'query cop { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }'), 'errors')) === 10),
  'introspection-based circular query (dos_circular_introspection.py)': (url, headers) => {
    const q = 'query cop { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }'
    return finding(async () => len(dig(await graphQuery(url, headers, q), 'data', '__schema', 'types')) > 25)
  },
  'introspection (info_introspect.py)': (url, headers) =>
    finding(async () => dig(await graphQuery(url, headers, 'query cop { __schema { types { name fields { name } } } }'), 'data', '__schema', 'types')),
  'GraphiQL / an IDE (info_graphiql.py)': (url, headers) =>
    finding(async () => {
      const text = await (await copRequest(url, { ...headers, accept: 'text/html' }, {})).text()
      return ['graphiql.min.css', 'GraphQL Playground', 'GraphiQL', 'graphql-playground'].some((word) => text.includes(word))
    }),
  'field suggestions (info_field_suggestions.py)': (url, headers) =>
    finding(async () => {
      // utils.get_error: the first error's message, or None (and `'…' in None` raises).
      const message = dig(await graphQuery(url, headers, 'query cop { __schema { directive } }'), 'errors', 0, 'message')
      return typeof message === 'string' && message.includes('Did you mean')
    }),
  'queries over GET (info_get_method_support.py)': (url, headers) =>
    finding(async () => dig(await (await copRequest(url, headers, { params: { query: 'query cop {__typename}' } })).json(), 'data', '__typename')),
  'mutations over GET (info_get_based_mutation.py)': (url, headers) =>
    finding(async () => dig(await (await copRequest(url, headers, { params: { query: 'mutation cop {__typename}' } })).json(), 'data', '__typename')),
  'url-encoded POST, possible CSRF (info_post_based_csrf.py)': (url, headers) =>
    finding(async () => dig(await (await copRequest(url, headers, { data: { query: 'query cop { __typename }' } })).json(), 'data', '__typename')),
  'trace mode (info_trace_mode.py)': (url, headers) =>
    finding(async () => {
      const body = await graphQuery(url, headers, 'query cop { __typename }')
      // `['errors'][0]['extensions']['tracing']`, else the tracing extension anywhere in the answer.
      return await finding(() => Promise.resolve(dig(body, 'errors', 0, 'extensions', 'tracing'))) || JSON.stringify(body).toLowerCase().includes('"extensions":{"tracing":')
    }),
  'unhandled errors (info_unhandled_error.py)': (url, headers) =>
    finding(async () => {
      const body = await graphQuery(url, headers, 'qwerty cop { abc }')
      return await finding(() => Promise.resolve(dig(body, 'errors', 0, 'extensions', 'exception'))) || JSON.stringify(body).toLowerCase().includes('"extensions":{"exception":')
    }),
}

describe('in development', () => {
  let t: TestSystem
  let guardian = ''
  let leo = ''
  beforeAll(async () => {
    t = await startTestSystem({ network: true, env: { CORS_ORIGINS: 'https://family.example.org' } })
    guardian = await t.token('demo.guardian')
    leo = await t.personId('demo.student')
  })
  afterAll(() => t.close())

  const asGuardian = () => ({ authorization: `Bearer ${guardian}` })

  it("passes every one of graphql-http's server audits with a token", async () => {
    const results = await runAudits(t.system.gatewayUrl, withToken(guardian))
    expect(results).toHaveLength(61)
    expect(Object.fromEntries(results.map(({ result }) => [`${result.id} ${result.name}`, describeFailure(result)]))).toStrictEqual(
      Object.fromEntries(results.map(({ result }) => [`${result.id} ${result.name}`, 'ok'])),
    )
  })

  describe('operation limits', () => {
    const ALIASES = 1000
    const aliasAttack = () => `query { ${Array.from({ length: ALIASES }, (_, i) => `a${i}: student(id: "${leo}") { attendance { rate } }`).join(' ')} }`

    it('refuses 1,000 aliases of student { attendance } at once, naming the limit it hit', async () => {
      // Warm (the viewer's scope cached, as for an attacker's second request), to see the refusal alone.
      expect((await post(t.system.gatewayUrl, { query: '{ me { id } }' }, asGuardian())).status).toBe(200)
      const { result: response, sql, fetches } = await measure(() => post(t.system.gatewayUrl, { query: aliasAttack() }, asGuardian()))
      console.info(`[audits] 1,000-alias request refused in ${response.ms.toFixed(1)} ms`)
      expect(response.body.data).toBeUndefined()
      // The document is 13,000 tokens: the parser stops at the token limit before anything else.
      expect(response.body.errors).toStrictEqual([{ message: 'Token limit of 3000 exceeded.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }])
      // Cheap to refuse: not one subgraph call, not one SQL statement (counted, not timed: a clock
      // on two shared cores said 770 ms once for a refusal that takes a few).
      expect({ sql, fetches }).toStrictEqual({ sql: {}, fetches: {} })
    })

    it('refuses it by the aliases limit alone when tokens are plenty', async () => {
      const roomy = await extraGateway(t, { MAX_TOKENS: '100000' })
      try {
        expect((await post(roomy.url, { query: '{ me { id } }' }, asGuardian())).status).toBe(200)
        const response = await post(roomy.url, { query: aliasAttack() }, asGuardian())
        console.info(`[audits] 1,000-alias request refused by the aliases limit in ${response.ms.toFixed(1)} ms`)
        expect(response.body.data).toBeUndefined()
        expect(codes(response.body)).toContain('GRAPHQL_VALIDATION_FAILED')
        expect(new Set(codes(response.body))).toStrictEqual(new Set(['GRAPHQL_VALIDATION_FAILED']))
        expect(response.body.errors?.map((e) => e.message)).toContain('Aliases limit of 30 exceeded, found 1000.')
        // No time bound here: validating all 13,000 tokens runs every rule, not just the limit (0.3–0.9 s
        // on two busy cores, more under a whole suite); the default token limit stops it while parsing.
      } finally {
        await roomy.close()
      }
    })

    const refusals: Array<[string, () => string, string, RegExp]> = [
      [
        'too deep',
        () => `{ __schema { queryType { fields { type { ${'ofType { '.repeat(16)}name${' }'.repeat(16)} } } } } }`,
        'GRAPHQL_VALIDATION_FAILED',
        /^Query depth limit of 16 exceeded, found \d+\.$/,
      ],
      [
        'too many directives',
        () => `{ ${Array.from({ length: 21 }, (_, i) => `t${i}: __typename @include(if: true)`).join(' ')} }`,
        'GRAPHQL_VALIDATION_FAILED',
        /^Directives limit of 20 exceeded, found 21\.$/,
      ],
      [
        // Six children's dashboards in one request: each is cheap, together they are not.
        'too costly',
        () => `query ($id: ID!) { ${Array.from({ length: 6 }, (_, i) => `c${i}: student(id: $id) { ...ChildDashboardStudent }`).join(' ')} } ${CHILD.slice(CHILD.indexOf('fragment'))}`,
        'GRAPHQL_VALIDATION_FAILED',
        /^Query Cost limit of 5000 exceeded, found [\d.]+\.$/,
      ],
      ['too many tokens', () => `query (${Array.from({ length: 800 }, (_, i) => `$v${i}: Int`).join(', ')}) { __typename }`, 'GRAPHQL_PARSE_FAILED', /^Token limit of 3000 exceeded\.$/],
    ]
    it.each(refusals)('refuses a document %s with %s and a sentence naming the limit, before any subgraph is asked', async (_name, document, code, sentence) => {
      expect((await post(t.system.gatewayUrl, { query: '{ me { id } }' }, asGuardian())).status).toBe(200)
      const { result: response, sql, fetches } = await measure(() => post(t.system.gatewayUrl, { query: document(), variables: { id: leo } }, asGuardian()))
      expect(response.body.data).toBeUndefined()
      expect(new Set(codes(response.body))).toStrictEqual(new Set([code]))
      expect(response.body.errors?.map((e) => e.message).filter((m) => sentence.test(m))).toHaveLength(1)
      expect({ sql, fetches }).toStrictEqual({ sql: {}, fetches: {} })
    })

    it('accepts every committed operation with room to spare: each passes a gateway with half the limits', async () => {
      const defaults = testConfig(t.config.dataDir).limits
      const half = (n: number) => String(Math.floor(n / 2))
      const strict = await extraGateway(t, {
        MAX_ALIASES: half(defaults.maxAliases),
        MAX_DEPTH: half(defaults.maxDepth),
        MAX_TOKENS: half(defaults.maxTokens),
        MAX_DIRECTIVES: half(defaults.maxDirectives),
        MAX_COST: half(defaults.maxCost),
      })
      try {
        const operations = fs.readdirSync('schema/operations').filter((file) => file.endsWith('.graphql'))
        expect(operations).toEqual(expect.arrayContaining(Object.keys(COMMITTED).map((name) => `${name}.graphql`)))
        for (const file of operations) {
          const query = fs.readFileSync(path.join('schema/operations', file), 'utf8')
          // Queries run for demo.guardian's child; a mutation is sent without its input, so that it
          // passes the limits (checked while validating) and stops at its variables, writing nothing.
          const mutation = /^\s*mutation\b/m.test(query)
          // Sent without variables, a mutation must stop at a required one: this test writes nothing.
          if (mutation) expect(query, file).toMatch(/\(\$\w+: \w+!/)
          const response = await post(strict.url, { query, variables: mutation ? {} : { studentId: leo } }, asGuardian())
          // Whatever else the viewer may not do (a staff operation, a mutation with no input), no limit is in the way.
          const refusals = (response.body.errors ?? []).filter((e) => LIMIT_SENTENCE.test(e.message) || e.extensions?.code === 'GRAPHQL_PARSE_FAILED')
          expect({ file, refusals }).toStrictEqual({ file, refusals: [] })
          if (mutation) expect(response.body.data ?? null).toBeNull()
        }
      } finally {
        await strict.close()
      }
    })
  })

  describe('the request', () => {
    it('refuses a 200 KB body (the limit is MAX_BODY_BYTES, 100 KB) with a contract code', async () => {
      const body = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(200 * 1024) } })
      const response = await post(t.system.gatewayUrl, body, asGuardian())
      expect(response.status).toBe(413)
      expect(codes(response.body)).toStrictEqual(['BAD_USER_INPUT'])
      expect(response.body.data).toBeUndefined()
    })

    it('answers CORS only for the configured origins, naming no other', async () => {
      const preflight = (url: string, origin: string) =>
        fetch(url, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
        })
      const allowed = await preflight(t.system.gatewayUrl, 'https://family.example.org')
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://family.example.org')
      expect(allowed.headers.get('access-control-allow-credentials')).toBe('true')
      for (const origin of ['https://evil.example.com', 'null', 'https://family.example.org.evil.example.com']) {
        const refused = await preflight(t.system.gatewayUrl, origin)
        expect({ origin, allow: refused.headers.get('access-control-allow-origin') }).toStrictEqual({ origin, allow: null })
      }
      // An actual request from another origin: answered (a browser withholds it), never with any origin allowed.
      const simple = await fetch(t.system.gatewayUrl, {
        method: 'POST',
        headers: { origin: 'https://evil.example.com', 'content-type': 'application/json', ...asGuardian() },
        body: JSON.stringify({ query: '{ __typename }' }),
      })
      expect(simple.headers.get('access-control-allow-origin')).toBeNull()
      // With CORS_ORIGINS unset, no origin at all (not an echo of whichever asks).
      const closed = await extraGateway(t, {})
      try {
        for (const origin of ['https://family.example.org', 'https://evil.example.com']) {
          expect({ origin, allow: (await preflight(closed.url, origin)).headers.get('access-control-allow-origin') }).toStrictEqual({ origin, allow: null })
        }
      } finally {
        await closed.close()
      }
    })
  })

  describe('rate limits', () => {
    const ME = { query: '{ me { id } }' }

    async function expectLimitedAfter(points: number, send: (i: number) => Promise<{ status: number; headers: Headers; body: Body }>): Promise<void> {
      for (let i = 0; i < points; i++) expect((await send(i)).status, `request ${i + 1}`).toBe(200)
      const over = await send(points)
      expect(over.status).toBe(429)
      expect(codes(over.body)).toStrictEqual(['RATE_LIMITED'])
      expect(over.body.data).toBeUndefined()
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    }

    it("answers the request over a viewer's budget with 429, RATE_LIMITED and Retry-After (in memory)", async () => {
      const limited = await extraGateway(t, { RATE_LIMIT_PER_VIEWER: '3' })
      try {
        await expectLimitedAfter(3, () => post(limited.url, ME, asGuardian()))
        // Another viewer has a budget of their own.
        expect((await post(limited.url, ME, { authorization: `Bearer ${await t.token('demo.teacher')}` })).status).toBe(200)
      } finally {
        await limited.close()
      }
    })

    it('counts a viewer across replicas in Redis', async () => {
      const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
      // Keys of this run alone: another run (or project) on the same Redis counts apart.
      const prefix = `dg-test:${randomUUID()}`
      const env = { REDIS_URL: redisUrl, RATE_LIMIT_KEY_PREFIX: prefix, RATE_LIMIT_PER_VIEWER: '3' }
      const [a, b] = [await extraGateway(t, env), await extraGateway(t, env)]
      const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 })
      try {
        await redis.connect()
        await expectLimitedAfter(3, (i) => post(i % 2 === 0 ? a.url : b.url, ME, asGuardian()))
        expect(await redis.exists(`${prefix}:viewer:${await t.personId('demo.guardian')}`)).toBe(1)
      } finally {
        await a.close()
        await b.close()
        const keys = await redis.keys(`${prefix}:*`)
        if (keys.length > 0) await redis.del(...keys)
        redis.disconnect()
      }
    })

    it('counts by client address before authentication, believing X-Forwarded-For only from a trusted proxy', async () => {
      const behindProxy = await extraGateway(t, { RATE_LIMIT_PER_ADDRESS: '2', TRUSTED_PROXIES: 'loopback' })
      const direct = await extraGateway(t, { RATE_LIMIT_PER_ADDRESS: '2', TRUSTED_PROXIES: '10.0.0.1' })
      try {
        // From a trusted proxy (loopback here): each client its own budget; no token needed to be counted.
        for (const client of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
          expect((await post(behindProxy.url, ME, { 'x-forwarded-for': client })).status).toBe(401)
        }
        await expectLimitedAfter(1, () => post(behindProxy.url, ME, { ...asGuardian(), 'x-forwarded-for': '198.51.100.1' }))
        // Not from a trusted proxy: the header is ignored, and every request counts against the caller's own address.
        await expectLimitedAfter(2, (i) => post(direct.url, ME, { ...asGuardian(), 'x-forwarded-for': `198.51.100.${10 + i}` }))
      } finally {
        await behindProxy.close()
        await direct.close()
      }
    })
  })

  describe('GraphiQL', () => {
    async function page(remoteAddress: string): Promise<string> {
      const request = new Request(t.system.gatewayUrl, { headers: { accept: 'text/html' } })
      const req = { socket: { remoteAddress } } as unknown as IncomingMessage
      const response = await t.system.gateway.yoga.fetch(request, { req })
      expect(response.headers.get('content-type')).toContain('text/html')
      return response.text()
    }

    it('embeds the demo token only for a caller at this machine', async () => {
      for (const loopback of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(await page(loopback)).toMatch(/Bearer [\w-]+\.[\w-]+\.[\w-]+/)
      for (const remote of ['203.0.113.9', '10.0.0.5', '::ffff:192.168.1.20']) {
        const html = await page(remote)
        expect(html).toContain('query FamilyDashboard')
        expect(html).not.toMatch(/Bearer [\w-]+\.[\w-]+\.[\w-]+/)
        expect(html).not.toContain(guardian)
      }
    })
  })

  describe('graphql-cop, where development holds too', () => {
    // Introspection, field suggestions and GraphiQL are development's own features (off in production, below).
    const HELD_IN_DEVELOPMENT = [
      'alias overloading (dos_alias_overloading.py)',
      'array-based batching (dos_batch.py)',
      'field duplication, 500 × __typename (dos_field_duplication.py)',
      'queries over GET (info_get_method_support.py)',
      'mutations over GET (info_get_based_mutation.py)',
      'url-encoded POST, possible CSRF (info_post_based_csrf.py)',
      'trace mode (info_trace_mode.py)',
      'unhandled errors (info_unhandled_error.py)',
    ]
    it.each(HELD_IN_DEVELOPMENT)('%s: no finding', async (name) => {
      const check = COP_CHECKS[name]
      if (!check) throw new Error(`No check named ${name}`)
      expect(await check(t.system.gatewayUrl, asGuardian())).toBe(false)
    })
  })
})

describe('in production', () => {
  let idp: IdentityProvider
  let t: TestSystem
  let registered = ''
  let guardian = ''
  let leo = ''
  // What an app team registers for graphql-http's transport audits: every document they send that parses.
  const AUDIT_DOCUMENTS = [
    '{ __typename }',
    'query Query { __typename }',
    'mutation { __typename }',
    'query CoerceFailure($id: ID!){ __typename }',
    '{ __type(name: "Run🏃Swim🏊") { name } }',
    'query Type($name: String!) { __type(name: $name) { name } }',
  ]

  beforeAll(async () => {
    idp = await startIdentityProvider()
    registered = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-trusted-'))
    fs.writeFileSync(path.join(registered, 'audits.json'), JSON.stringify(Object.fromEntries(AUDIT_DOCUMENTS.map((d) => [`sha256:${sha256(d)}`, d])), null, 2))
    t = await startTestSystem({ network: true, env: { ...idp.env, TRUSTED_DOCUMENTS_DIR: registered } })
    guardian = await idp.token(await t.personId('demo.guardian'))
    leo = await t.personId('demo.student')
  })
  afterAll(async () => {
    await t.close()
    await idp.close()
    fs.rmSync(registered, { recursive: true, force: true })
  })

  const asGuardian = () => ({ authorization: `Bearer ${guardian}` })

  it("passes graphql-http's transport audits with trusted documents, and refuses the others with a contract code", async () => {
    // Refused by design: introspection is off in production, and a document that does not parse cannot be trusted.
    const REFUSED = {
      // `__type` in a trusted document: introspection is refused all the same.
      '2EA1': 'GRAPHQL_VALIDATION_FAILED',
      '28B9': 'GRAPHQL_VALIDATION_FAILED',
      D6D5: 'GRAPHQL_VALIDATION_FAILED',
      '6A70': 'GRAPHQL_VALIDATION_FAILED',
      // `{` and `{ 8f31403dfe404bccbb0e835f2629c6a7 }` do not parse: no app can register them.
      '572B': 'PERSISTED_QUERY_NOT_FOUND',
      FDE2: 'PERSISTED_QUERY_NOT_FOUND',
      '556A': 'PERSISTED_QUERY_NOT_FOUND',
      '74FF': 'PERSISTED_QUERY_NOT_FOUND',
    } as Record<string, string>
    const results = await runAudits(t.system.gatewayUrl, withToken(guardian))
    expect(results).toHaveLength(61)
    const outcome = Object.fromEntries(
      results.map(({ result, responses }) => [
        result.id,
        result.status === 'ok' ? 'ok' : `refused: ${responses.flatMap((r) => codes(r.body)).join(', ')}`,
      ]),
    )
    expect(outcome).toStrictEqual(Object.fromEntries(results.map(({ result }) => [result.id, REFUSED[result.id] ? `refused: ${REFUSED[result.id]}` : 'ok'])))
    // And whatever any audit got back, its errors carry the contract's codes only.
    for (const { result, responses } of results) {
      for (const { body } of responses) for (const code of codes(body)) expect(CONTRACT_CODES, `${result.id}: ${String(code)}`).toContain(code)
    }
  })

  describe('graphql-cop', () => {
    it.each(Object.keys(COP_CHECKS))('%s: no finding', async (name) => {
      const check = COP_CHECKS[name]
      if (!check) throw new Error(`No check named ${name}`)
      expect(await check(t.system.gatewayUrl, asGuardian())).toBe(false)
    })
  })

  describe('trusted documents', () => {
    const hashOf = (name: string) => {
      const manifest = JSON.parse(fs.readFileSync('schema/generated/persisted-documents.json', 'utf8')) as Record<string, string>
      const entry = Object.entries(manifest).find(([, document]) => document.includes(`query ${name}`))
      if (!entry) throw new Error(`${name} is not in the committed manifest`)
      return entry[0]
    }

    it('answers a committed operation sent by its hash', async () => {
      const response = await post(t.system.gatewayUrl, { extensions: { persistedQuery: { version: 1, sha256Hash: hashOf('ChildDashboard').replace(/^sha256:/, '') } }, variables: { studentId: leo } }, asGuardian())
      expect(response.status).toBe(200)
      expect(response.body.errors).toBeUndefined()
      expect((response.body.data?.student as { id: string } | undefined)?.id).toBe(leo)
    })

    it('answers a committed operation sent as the text apps copy from schema/operations', async () => {
      for (const [name, query] of Object.entries(COMMITTED)) {
        const response = await post(t.system.gatewayUrl, { query, variables: name === 'ChildDashboard' ? { studentId: leo } : {} }, asGuardian())
        expect({ name, errors: response.body.errors }).toStrictEqual({ name, errors: undefined })
      }
    })

    it('refuses an unknown hash, and a committed operation with one more field, as PERSISTED_QUERY_NOT_FOUND', async () => {
      const unknown = await post(t.system.gatewayUrl, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ me { id } }') } } }, asGuardian())
      const widened = await post(t.system.gatewayUrl, { query: FAMILY.replace('displayName\n    role', 'displayName\n    role\n    preferredLanguage') }, asGuardian())
      for (const response of [unknown, widened]) {
        expect(response.status).toBe(404)
        expect(codes(response.body)).toStrictEqual(['PERSISTED_QUERY_NOT_FOUND'])
        expect(response.body.data).toBeUndefined()
      }
    })
  })

  it('refuses a revoked session before its token expires', async () => {
    const sid = randomUUID()
    const token = await idp.token(await t.personId('demo.guardian'), { sid })
    const ask = () => post(t.system.gatewayUrl, { query: FAMILY }, { authorization: `Bearer ${token}` })
    expect((await ask()).body.errors).toBeUndefined()
    await t.system.gateway.revocations.revoke('sid', sid, 3600)
    const refused = await ask()
    expect(refused.status).toBe(401)
    expect(refused.body).toStrictEqual({ errors: [{ message: 'This session has been signed out: sign in again.', extensions: { code: 'UNAUTHENTICATED' } }] })
  })
})

describe('production configuration', () => {
  it('refuses to start without AUTH_JWKS_URL, naming it', () => {
    const env = { NODE_ENV: 'production', AUTH_ISSUER: 'https://id.example.org', AUTH_AUDIENCE: 'district-graph' }
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(/AUTH_JWKS_URL must be set in production/)
    // With it, the same settings load.
    expect(loadConfig({ ...env, AUTH_JWKS_URL: 'https://id.example.org/jwks.json' }).production).toBe(true)
  })
})

describe("the page's OpenID Connect settings", () => {
  const production = { NODE_ENV: 'production', AUTH_JWKS_URL: 'https://id.district.example/jwks.json', AUTH_ISSUER: 'https://id.district.example', AUTH_AUDIENCE: 'https://graph.district.example/' }
  const oidc = { WEB_OIDC_ISSUER: 'https://id.district.example', WEB_OIDC_CLIENT_ID: 'family-page', WEB_OIDC_REDIRECT_URI: 'https://family.district.example/' }

  it('reads all three with the scope and the resource defaulted, and the page is told to use them', () => {
    const config = loadConfig({ ...production, ...oidc })
    expect(config.web.oidc).toStrictEqual({ issuer: 'https://id.district.example', clientId: 'family-page', redirectUri: 'https://family.district.example/', scope: 'openid', resource: 'https://graph.district.example/' })
    // Even in development a configured provider wins over the demo logins.
    expect(signInConfig(config, true)).toStrictEqual({ kind: 'oidc', issuer: 'https://id.district.example', clientId: 'family-page', redirectUri: 'https://family.district.example/', scope: 'openid', resource: 'https://graph.district.example/' })
  })

  it('takes a scope and a resource, or no resource at all', () => {
    expect(loadConfig({ ...production, ...oidc, WEB_OIDC_SCOPE: 'openid profile', WEB_OIDC_RESOURCE: 'urn:district:graph' }).web.oidc).toMatchObject({ scope: 'openid profile', resource: 'urn:district:graph' })
    const config = loadConfig({ ...production, ...oidc, WEB_OIDC_RESOURCE: 'none' })
    expect(config.web.oidc?.resource).toBeUndefined()
    expect(signInConfig(config, false)).not.toHaveProperty('resource')
  })

  it('without them: demo logins in development, no sign-in in production', () => {
    expect(loadConfig(production).web.oidc).toBeUndefined()
    expect(signInConfig(loadConfig({}), true)).toStrictEqual({ kind: 'demo', logins: DEMO_LOGINS })
    expect(signInConfig(loadConfig(production), false)).toStrictEqual({ kind: 'none' })
  })

  it.each([
    [{ WEB_OIDC_ISSUER: oidc.WEB_OIDC_ISSUER }, "The page's OpenID Connect sign-in needs WEB_OIDC_ISSUER, WEB_OIDC_CLIENT_ID and WEB_OIDC_REDIRECT_URI together: WEB_OIDC_CLIENT_ID, WEB_OIDC_REDIRECT_URI are missing."],
    [{ ...oidc, WEB_OIDC_REDIRECT_URI: ' ' }, "The page's OpenID Connect sign-in needs WEB_OIDC_ISSUER, WEB_OIDC_CLIENT_ID and WEB_OIDC_REDIRECT_URI together: WEB_OIDC_REDIRECT_URI is missing."],
    [{ WEB_OIDC_SCOPE: 'openid email' }, "The page's OpenID Connect sign-in needs WEB_OIDC_ISSUER, WEB_OIDC_CLIENT_ID and WEB_OIDC_REDIRECT_URI together: WEB_OIDC_ISSUER, WEB_OIDC_CLIENT_ID, WEB_OIDC_REDIRECT_URI are missing."],
    [{ ...oidc, WEB_OIDC_ISSUER: 'http://id.district.example' }, 'WEB_OIDC_ISSUER must be an https:// URL (http:// only for localhost), not "http://id.district.example".'],
    [{ ...oidc, WEB_OIDC_REDIRECT_URI: 'family.district.example' }, 'WEB_OIDC_REDIRECT_URI must be an https:// URL (http:// only for localhost), not "family.district.example".'],
    [{ ...oidc, WEB_OIDC_SCOPE: 'profile' }, 'WEB_OIDC_SCOPE must include openid, not "profile".'],
    [{ ...oidc, AUTH_AUDIENCE: 'district-graph' }, 'WEB_OIDC_RESOURCE must be an absolute URI (a resource indicator, such as https://graph.district.example/), or none, not "district-graph" (from AUTH_AUDIENCE).'],
  ])('stops start-up on a partial or bad set, naming what is wrong (%o)', (env, sentence) => {
    expect(() => loadConfig({ ...production, ...env })).toThrow(new ConfigError(sentence))
  })
})
