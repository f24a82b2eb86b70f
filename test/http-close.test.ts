/**
 * Closing the server a gateway and every subgraph listen with (lib/http.ts), at the level of the
 * connections a client keeps alive. A client still sending while the server drains picks any
 * idle connection in its pool, one unused for a while as readily as its last: a request written
 * on such a connection after the answers in flight have finished must be answered (and the
 * connection closed after it), not reset. A clean-clone CI run's shutdown test saw that reset once
 * (`ChildDashboard ECONNRESET`, 9 ms after the signal): the server closed every connection idle
 * longer than `idleCloseMs` the moment the last answer in flight finished. No database.
 */
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { listen, type Listening } from '../lib/http.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A raw connection: one request written at a time, everything read kept, how it ended recorded. */
function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1')
  let received = ''
  let ended: string | undefined
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => {
    received += chunk
  })
  socket.on('error', (error: NodeJS.ErrnoException) => {
    ended = error.code ?? error.message
  })
  socket.on('close', () => {
    ended ??= 'closed'
  })
  const answers = () => received.split('HTTP/1.1 ').slice(1)
  return {
    ready: new Promise<void>((resolve) => socket.once('connect', () => resolve())),
    send(path: string) {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n`)
    },
    /** Waits (at most 2 s) for the n-th answer to be read whole, or for the connection to end. */
    async answer(n: number): Promise<string | undefined> {
      for (const until = Date.now() + 2000; Date.now() < until; await sleep(5)) {
        const answer = answers()[n - 1]
        if (answer?.endsWith('\r\n\r\nok')) return answer
        if (ended) return undefined
      }
      return undefined
    },
    /** How the connection ended, once it has (waiting at most 2 s), or undefined while open. */
    async closed(): Promise<string | undefined> {
      for (const until = Date.now() + 2000; !ended && Date.now() < until; ) await sleep(5)
      return ended
    },
  }
}

describe('closing the server keeps every request a client is still sending', () => {
  let listening: Listening | undefined
  let release: () => void = () => {}
  afterEach(async () => {
    release()
    await listening?.close()
    listening = undefined
  })

  async function start(idleCloseMs: number) {
    const slow = new Promise<void>((resolve) => (release = resolve))
    listening = await listen(
      (req, res) => {
        const answer = () => {
          res.setHeader('content-length', '2')
          res.end('ok')
        }
        if (req.url === '/slow') void slow.then(answer)
        else answer()
      },
      0,
      '127.0.0.1',
      '/',
      { drainMs: 30_000, idleCloseMs },
    )
    return listening
  }

  /** A server, and a connection to it that has had one answer and is kept alive. */
  async function startWithKeptConnection(idleCloseMs: number) {
    const server = await start(idleCloseMs)
    const idle = connect(server.port)
    await idle.ready
    idle.send('/')
    expect(await idle.answer(1)).toMatch(/^200 OK\r\n[\s\S]*Connection: keep-alive/i)
    return { server, idle }
  }

  it('answers a request on a long-idle connection sent just after the last answer in flight, then closes it', async () => {
    const idleCloseMs = 1000
    const { server, idle } = await startWithKeptConnection(idleCloseMs)
    // The connection sits idle longer than idleCloseMs; another is busy when the close begins.
    await sleep(idleCloseMs + 100)
    const busy = connect(server.port)
    await busy.ready
    busy.send('/slow')
    await sleep(50)
    const closedAt = Date.now()
    const closed = server.close().then(() => Date.now() - closedAt)
    release()
    const last = await busy.answer(1)
    expect(last).toMatch(/^200 OK\r\n/)
    expect(last).toMatch(/Connection: close/i)
    // Past the server's sweeps (every 50 ms at most), well within idleCloseMs of the last answer.
    await sleep(100)
    idle.send('/')
    const answer = await idle.answer(2)
    expect({ answered: answer?.slice(0, 6), connection: /Connection: close/i.test(answer ?? '') }).toStrictEqual({ answered: '200 OK', connection: true })
    // The server closes both connections, and its close ends soon after the quiet period, not at the drain's bound.
    expect(await closed).toBeLessThan(10_000)
    expect({ idle: await idle.closed(), busy: await busy.closed() }).toStrictEqual({ idle: 'closed', busy: 'closed' })
  })

  it('closes connections no client uses again once the server has been quiet for idleCloseMs', async () => {
    const idleCloseMs = 150
    const { server, idle } = await startWithKeptConnection(idleCloseMs)
    const closedAt = Date.now()
    const took = await server.close().then(() => Date.now() - closedAt)
    expect(await idle.closed()).toBe('closed')
    expect(took).toBeGreaterThanOrEqual(idleCloseMs - 20)
    expect(took).toBeLessThan(10_000)
    // A new connection is refused, not accepted and dropped.
    const late = connect(server.port)
    expect(await late.closed()).toBe('ECONNREFUSED')
  })
})
