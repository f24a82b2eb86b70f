/**
 * A subgraph's HTTP handler. The gateway's requests — a JSON POST of one operation to /graphql,
 * accepting application/json — skip Yoga's fetch-API layer (a WHATWG Request and Response per
 * request, URL parsing, body streams, abort signals: about a quarter of a small subgraph's CPU per
 * dashboard, profiled) and go straight to the same envelop pipeline Yoga would run: the same
 * plugins parse, validate, build the context, execute and mask errors. An answer without errors
 * is written as Yoga writes it; one with errors goes through Yoga's own result processor. Any other
 * request, and any request the short path does not expect (bad JSON, a parse or validation error,
 * a refused caller, a subscription), is answered by Yoga itself, so every answer stays Yoga's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { getOperationAST, OperationTypeNode, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql'
import { isAsyncIterable, processRegularResult, type YogaServerInstance } from 'graphql-yoga'
import type { Handler } from '../../lib/http.ts'

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
function isGatewayRequest(req: IncomingMessage): boolean {
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
function requestView(req: IncomingMessage): Request {
  const headers = {
    get: (name: string): string | null => {
      const value = req.headers[name.toLowerCase()]
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
    },
    has: (name: string): boolean => req.headers[name.toLowerCase()] !== undefined,
  }
  return { method: 'POST', url: `http://${req.headers.host ?? 'localhost'}${req.url ?? '/graphql'}`, headers } as unknown as Request
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer())
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => (headers[name] = value))
  res.writeHead(response.status, { ...headers, 'content-length': String(body.length) })
  res.end(body)
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
async function execute(yoga: Yoga, req: IncomingMessage, res: ServerResponse, params: Params): Promise<ExecutionResult | undefined> {
  const request = requestView(req)
  const enveloped = yoga.getEnveloped({ request, params, req, res } as never)
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

export function subgraphHandler(yoga: Yoga): Handler {
  const answerWithYoga = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
    }
    const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { method: req.method ?? 'POST', headers, body: new Uint8Array(body) })
    await send(res, await yoga.fetch(request))
  }
  const answer = async (req: IncomingMessage, res: ServerResponse, hooks: ShortPathHooks) => {
    const startedAt = performance.now()
    const body = await readBody(req)
    if (body === undefined) {
      // As Yoga answers a body past its limit.
      res.writeHead(413, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify({ errors: [{ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] }))
      return
    }
    let params: Params | undefined
    try {
      params = asParams(JSON.parse(body.toString('utf8')))
    } catch {
      params = undefined
    }
    const result = params ? await execute(yoga, req, res, params) : undefined
    if (result === undefined) return answerWithYoga(req, res, body)
    hooks.observe(startedAt, result)
    shortPathAnswers++
    if (!result.errors?.length && !(result.extensions as { http?: unknown } | undefined)?.http) {
      const json = JSON.stringify(result)
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(json)) })
      res.end(json)
      return
    }
    await send(res, processRegularResult(result, yoga.fetchAPI, 'application/json'))
  }
  return (req, res) => {
    const hooks = shortPaths.get(yoga)
    if (!hooks || !isGatewayRequest(req)) return yoga(req, res)
    return answer(req, res, hooks).catch((error: unknown) => {
      console.error(error)
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }))
    })
  }
}
