/**
 * The benchmark's load: `connections` keep-alive connections, each sending its next request as
 * soon as the last is answered, for a duration or a number of requests. Node's own `http` (not
 * `fetch`) keeps the driver's share of the two cores small. A request counts as an error unless
 * it is HTTP 200 with data and no `errors`; the first few errors are kept to be shown.
 */
import http from 'node:http'

export interface LoadRequest {
  body: string
  headers?: Record<string, string>
}

export interface LoadOptions {
  url: string
  /** Requests in flight at once, one per connection. */
  connections: number
  /** Stop after this long (ms)… */
  durationMs?: number
  /** …or after this many requests, whichever comes first. */
  requests?: number
  /** The i-th request; may be async (Hive's requests are signed by the driver before they are sent, outside the timing). */
  request(i: number): LoadRequest | Promise<LoadRequest>
  /** Called about once a second while the load runs. */
  onProgress?(progress: { elapsedMs: number; done: number; errors: number }): void
}

export interface LoadResult {
  requests: number
  errors: number
  /** The first errors, one line each. */
  errorSamples: string[]
  seconds: number
  requestsPerSecond: number
  p50: number
  p90: number
  p99: number
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

/** What is wrong with an answer, or undefined for a whole one. */
function problemWith(status: number, text: string): string | undefined {
  if (status !== 200) return `HTTP ${status}: ${text.slice(0, 300)}`
  let body: { data?: unknown; errors?: Array<{ message?: string; path?: unknown; extensions?: { code?: string } }> }
  try {
    body = JSON.parse(text) as typeof body
  } catch {
    return `not JSON: ${text.slice(0, 300)}`
  }
  if (body.errors?.length) {
    const [first] = body.errors
    return `${body.errors.length} error(s), first: ${first?.extensions?.code ?? ''} ${first?.message ?? ''} at ${JSON.stringify(first?.path ?? null)}`
  }
  if (body.data === null || body.data === undefined) return 'no data'
  return undefined
}

function send(agent: http.Agent, url: URL, request: LoadRequest): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(request.body)
  })
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { connections, durationMs, requests: limit } = options
  if (durationMs === undefined && limit === undefined) throw new Error('runLoad needs a duration or a number of requests.')
  const url = new URL(options.url)
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const latencies: number[] = []
  const errorSamples: string[] = []
  let errors = 0
  let issued = 0
  const started = performance.now()
  const deadline = durationMs === undefined ? Infinity : started + durationMs
  const more = () => (limit === undefined || issued < limit) && performance.now() < deadline
  const progress = options.onProgress
    ? setInterval(() => options.onProgress?.({ elapsedMs: performance.now() - started, done: latencies.length, errors }), 1000)
    : undefined
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (more()) {
          const request = await options.request(issued++)
          const sentAt = performance.now()
          let problem: string | undefined
          try {
            const { status, text } = await send(agent, url, request)
            problem = problemWith(status, text)
          } catch (error) {
            problem = `no answer: ${error instanceof Error ? error.message : String(error)}`
          }
          latencies.push(performance.now() - sentAt)
          if (problem !== undefined) {
            errors++
            if (errorSamples.length < 5) errorSamples.push(problem)
          }
        }
      }),
    )
  } finally {
    clearInterval(progress)
    agent.destroy()
  }
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return {
    requests: latencies.length,
    errors,
    errorSamples,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
  }
}
