/**
 * The request's deadline reaches every subgraph fetch Apollo makes for it, though Apollo hands
 * its fetcher no context: a subgraph that does not answer is given up when the request's time is
 * up, not only at its own (longer) timeout, and a request's deadline never cuts another's fetches.
 */
import { GraphQLError } from 'graphql'
import { describe, expect, it } from 'vitest'
import { ViewerDataSource } from '../gateway/data-source.ts'
import { processOptions as options } from './support/data-source.ts'

/** A subgraph that answers only when told to, and gives up when the fetch is aborted. */
function slowSubgraph() {
  const waiting: Array<() => void> = []
  const headersSent: Array<Record<string, string>> = []
  const send: typeof fetch = (_url, init) =>
    new Promise<Response>((resolve, reject) => {
      headersSent.push({ ...(init?.headers as Record<string, string>) })
      const signal = init?.signal
      if (signal?.aborted) {
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'))
        return
      }
      signal?.addEventListener('abort', () => {
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'))
      })
      waiting.push(() => {
        resolve(new Response(JSON.stringify({ data: { ok: true } }), { headers: { 'content-type': 'application/json' } }))
      })
    })
  return {
    send,
    headersSent,
    answerAll: () => waiting.splice(0).forEach((answer) => answer()),
    /** Resolves once `n` fetches are waiting for their answer. */
    waitingFor: async (n: number) => {
      while (waiting.length < n) await new Promise((resolve) => setTimeout(resolve, 5))
    },
  }
}

describe('the request deadline on subgraph fetches', () => {
  it('gives up a fetch when its request’s time is up, long before the fetch’s own timeout', async () => {
    const subgraph = slowSubgraph()
    const source = new ViewerDataSource('finance', 'http://finance.test/graphql', { send: subgraph.send, timeoutMs: 30_000 })
    const started = Date.now()
    const error = await source.process(options('request-a', AbortSignal.timeout(200))).catch((e: unknown) => e)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(error).toBeInstanceOf(GraphQLError)
    expect((error as GraphQLError).extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'finance' })
    expect((error as GraphQLError).message).toBe('The finance service did not answer in time; its part of the answer is missing.')
    // How the deadline reached the fetcher stays in the gateway: the subgraph sees the request's own headers only.
    expect(Object.keys(subgraph.headersSent[0] ?? {}).sort()).toStrictEqual(['accept', 'authorization', 'content-type', 'x-request-id'])
  })

  it('gives up a fetch at its own timeout when the request has time left', async () => {
    const subgraph = slowSubgraph()
    const source = new ViewerDataSource('finance', 'http://finance.test/graphql', { send: subgraph.send, timeoutMs: 200 })
    const started = Date.now()
    const error = await source.process(options('request-e', AbortSignal.timeout(30_000))).catch((e: unknown) => e)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect((error as GraphQLError).extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'finance' })
    expect((error as GraphQLError).message).toBe('The finance service did not answer in time; its part of the answer is missing.')
  })

  it('keeps each request’s deadline to its own fetches, also after a request with the same subgraph ended', async () => {
    const subgraph = slowSubgraph()
    const source = new ViewerDataSource('finance', 'http://finance.test/graphql', { send: subgraph.send, timeoutMs: 30_000 })
    const ending = new AbortController()
    const first = source.process(options('request-b', ending.signal)).catch((e: unknown) => e)
    const second = source.process(options('request-c', AbortSignal.timeout(30_000)))
    await subgraph.waitingFor(2)
    // request-b's time is up: only its fetch is given up.
    ending.abort(new DOMException('The request took too long.', 'TimeoutError'))
    expect(((await first) as GraphQLError).extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE' })
    subgraph.answerAll()
    expect((await second).data).toStrictEqual({ ok: true })
    // A later request reusing nothing of request-b: answered, not aborted by b's spent signal.
    const third = source.process(options('request-d', AbortSignal.timeout(30_000)))
    await subgraph.waitingFor(1)
    subgraph.answerAll()
    expect((await third).data).toStrictEqual({ ok: true })
  })
})
