/**
 * A subgraph's HTTP handler. The gateway's requests — a JSON POST of one operation to /graphql,
 * accepting application/json — skip Yoga's fetch-API layer (a WHATWG Request and Response per
 * request, URL parsing, body streams, abort signals: about a quarter of a small subgraph's CPU per
 * dashboard, profiled) and go straight to the same envelop pipeline Yoga would run: the same
 * plugins parse, validate, build the context, execute and mask errors. An answer without errors
 * is written as Yoga writes it; one with errors goes through Yoga's own result processor. Any other
 * request, and any request the short path does not expect (bad JSON, a parse or validation error,
 * a refused caller, a subscription), is answered by Yoga itself, so every answer stays Yoga's.
 *
 * `subgraphInProcess` answers the same requests without a socket, for a gateway in the same
 * process (`npm start`): the request's method, path, headers and body in, the status, headers and
 * body out, each the bytes HTTP would have carried, by the same code as the handler's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { getOperationAST, OperationTypeNode, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql'
import { isAsyncIterable, processRegularResult, type YogaServerInstance } from 'graphql-yoga'
import type { Handler, InProcessSubgraph, PlainAnswer, PlainRequest } from '../../lib/http.ts'

/** Yoga's own default limit on a request body. */
const MAX_BODY_BYTES = 25_000_000

/** Headers of the connection, not of the request: the body is handed over whole. */
const HOP_BY_HOP = new Set(['connection', 'content-length', 'keep-alive', 'transfer-encoding', 'host'])

const PARAM_NAMES = new Set(['query', 'variables', 'operationName', 'extensions'])

interface Params {
  query: string
  variables?: Record<string, unknown> | null
  operationName?: string | null
  extensions?: Record<string, unknown> | null
}

const isObjectOrNull = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value))

function asParams(value: unknown): Params | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined
  const params = value as Record<string, unknown>
  for (const key of Object.keys(params)) if (!PARAM_NAMES.has(key)) return undefined
  if (typeof params.query !== 'string') return undefined
  if (!isObjectOrNull(params.variables) || !isObjectOrNull(params.extensions)) return undefined
  if (params.operationName !== undefined && params.operationName !== null && typeof params.operationName !== 'string') return undefined
  return params as unknown as Params
}

/** The requests the short path answers: what the gateway sends. */
function isGatewayRequest(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): boolean {
  if (req.method !== 'POST' || req.headers.accept !== 'application/json') return false
  const type = req.headers['content-type'] ?? ''
  if (!type.startsWith('application/json')) return false
  const length = Number(req.headers['content-length'] ?? 0)
  return (req.url === '/graphql' || req.url?.startsWith('/graphql?') === true) && length <= MAX_BODY_BYTES
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.once('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks, size) : undefined))
    req.once('error', reject)
  })
}

/** Headers as Yoga's context reads them (`request.headers.get`), without building a WHATWG Request. */
function requestView(req: PlainRequest): Request {
  const headers = {
    get: (name: string): string | null => {
      const value = req.headers[name.toLowerCase()]
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
    },
    has: (name: string): boolean => req.headers[name.toLowerCase()] !== undefined,
  }
  return { method: 'POST', url: `http://${req.headers.host ?? 'localhost'}${req.url}`, headers } as unknown as Request
}

/** A fetch API answer (Yoga's) as the bytes HTTP carries. */
async function plainAnswer(response: Response): Promise<PlainAnswer> {
  const body = Buffer.from(await response.arrayBuffer())
  const headers: Record<string, string> = {}
  // Lower-case, as a server receives them (Yoga's Response keeps the case it was given).
  response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value))
  return { status: response.status, headers: { ...headers, 'content-length': String(body.length) }, body }
}

function send(res: ServerResponse, answer: PlainAnswer): void {
  res.writeHead(answer.status, answer.headers)
  res.end(answer.body)
}

/** What the handler answers when answering throws: the error logged, the caller told no more than that. */
function unexpected(error: unknown): PlainAnswer {
  console.error(error)
  return { status: 500, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }) }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any subgraph's Yoga, whatever its context
type Yoga = YogaServerInstance<Record<string, never>, any>

export interface ShortPathHooks {
  /** What Yoga's hooks would note of the request (the subgraph's metrics): its start and its answer. */
  observe: (startedAt: number, result: ExecutionResult) => void
}

const shortPaths = new WeakMap<Yoga, ShortPathHooks>()

let shortPathAnswers = 0

/** Requests answered on the short path since the process started (tests tell the two paths apart by it). */
export function shortPathAnswerCount(): number {
  return shortPathAnswers
}

/**
 * Lets `subgraphHandler` answer `yoga`'s gateway requests past Yoga, with `hooks` doing what the
 * Yoga-level plugins would have (the kit's server calls it unless tracing is on). A Yoga never
 * given leave is always answered by Yoga itself.
 */
export function allowShortPath(yoga: Yoga, hooks: ShortPathHooks): void {
  shortPaths.set(yoga, hooks)
}

/** The answer of the short path, or undefined when Yoga should answer the request instead. */
async function execute(yoga: Yoga, req: PlainRequest, server: { req?: IncomingMessage; res?: ServerResponse }, params: Params): Promise<ExecutionResult | undefined> {
  const request = requestView(req)
  const enveloped = yoga.getEnveloped({ request, params, ...server } as never)
  let document: DocumentNode
  try {
    document = enveloped.parse(params.query) as DocumentNode
  } catch {
    return undefined
  }
  const schema = enveloped.schema as GraphQLSchema
  if ((enveloped.validate(schema, document) as readonly unknown[]).length > 0) return undefined
  const operation = getOperationAST(document, params.operationName)
  if (!operation || operation.operation === OperationTypeNode.SUBSCRIPTION) return undefined
  let contextValue: unknown
  try {
    contextValue = await enveloped.contextFactory()
  } catch {
    return undefined
  }
  const result = (await enveloped.execute({ schema, document, contextValue, variableValues: params.variables, operationName: params.operationName })) as unknown
  if (isAsyncIterable(result)) throw new Error('A query or mutation answered with a stream.')
  return result as ExecutionResult
}

/** Yoga's own answer to a request already read whole. */
async function answerWithYoga(yoga: Yoga, req: PlainRequest): Promise<PlainAnswer> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(req.body) })
  return plainAnswer(await yoga.fetch(request))
}

/** The short path's answer to a gateway request read whole (`startedAt` when it began to arrive), or Yoga's. */
async function answerGatewayRequest(yoga: Yoga, hooks: ShortPathHooks, req: PlainRequest, startedAt: number, server: { req?: IncomingMessage; res?: ServerResponse }): Promise<PlainAnswer> {
  let params: Params | undefined
  try {
    params = asParams(JSON.parse(req.body.toString('utf8')))
  } catch {
    params = undefined
  }
  const result = params ? await execute(yoga, req, server, params) : undefined
  if (result === undefined) return answerWithYoga(yoga, req)
  hooks.observe(startedAt, result)
  shortPathAnswers++
  if (!result.errors?.length && !(result.extensions as { http?: unknown } | undefined)?.http) {
    const json = JSON.stringify(result)
    return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(json)) }, body: json }
  }
  return plainAnswer(processRegularResult(result, yoga.fetchAPI, 'application/json'))
}

export function subgraphHandler(yoga: Yoga): Handler {
  const answer = async (req: IncomingMessage, res: ServerResponse, hooks: ShortPathHooks) => {
    const startedAt = performance.now()
    const body = await readBody(req)
    if (body === undefined) {
      // As Yoga answers a body past its limit.
      res.writeHead(413, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify({ errors: [{ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] }))
      return
    }
    send(res, await answerGatewayRequest(yoga, hooks, { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body }, startedAt, { req, res }))
  }
  return (req, res) => {
    const hooks = shortPaths.get(yoga)
    if (!hooks || !isGatewayRequest(req)) return yoga(req, res)
    return answer(req, res, hooks).catch((error: unknown) => {
      const failed = unexpected(error)
      if (!res.headersSent) res.writeHead(failed.status, failed.headers)
      res.end(failed.body)
    })
  }
}

/**
 * `yoga` answering in the caller's process: a gateway request on the short path (as
 * `subgraphHandler` answers it), anything else by Yoga's `fetch`. For a gateway sharing the
 * subgraph's process; the subgraph still verifies the token in the headers, as over HTTP.
 */
export function subgraphInProcess(yoga: Yoga): InProcessSubgraph {
  return async (req) => {
    const startedAt = performance.now()
    try {
      const hooks = shortPaths.get(yoga)
      if (!hooks || !isGatewayRequest(req) || req.body.length > MAX_BODY_BYTES) return await answerWithYoga(yoga, req)
      return await answerGatewayRequest(yoga, hooks, req, startedAt, {})
    } catch (error) {
      return unexpected(error)
    }
  }
}
