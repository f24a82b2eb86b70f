/**
 * Listening on a port with settings that suit a gateway keeping connections alive, and closing
 * gracefully: `close()` stops accepting, lets the requests in flight finish (each answer then
 * closes its connection), closes connections that sit idle, and only past `drainMs` closes
 * whatever is left.
 */
import http, { type IncomingHttpHeaders } from 'node:http'
import net, { type AddressInfo, type Socket } from 'node:net'

export interface Listening {
  server: http.Server
  port: number
  url: string
  /** Stops accepting and waits (at most `drainMs`) for the requests in flight; resolves once every connection is closed. */
  close(): Promise<void>
}

export interface ListenOptions {
  /**
   * How long `close()` lets requests in flight finish before it closes their connections. The
   * shutdown bound of the process (`onShutdown`'s `timeoutMs`) must exceed it.
   * @default 11000 (the default request timeout, 10 s, and a second)
   */
  drainMs?: number
  /**
   * While closing, once no request has started or finished on any connection for this long, the
   * kept-alive connections left idle are closed. Not sooner: a client still sending picks an idle
   * connection from its pool (one unused for minutes, as readily as its last) when the answers
   * in flight close theirs, and a connection closed under the request it is writing is a reset.
   * A request that arrives meanwhile is answered (with `Connection: close`), and its connection
   * closes after the answer.
   * @default 300
   */
  idleCloseMs?: number
}

/** A request handler; Yoga's answers with a promise, which the server need not wait on. */
export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown

/** A request as HTTP carries it: what the short path and Yoga read of one, with or without a socket. */
export interface PlainRequest {
  method: string
  /** The path and query, as in the request line. */
  url: string
  /** Lower-case names, as Node's server gives them. */
  headers: IncomingHttpHeaders
  body: Buffer
}

/** An answer as HTTP carries it. */
export interface PlainAnswer {
  status: number
  /** Lower-case names. */
  headers: Record<string, string>
  body: Buffer | string
}

/** A subgraph answering a request in the caller's process (the kit's `subgraphInProcess`), for a gateway sharing it. */
export type InProcessSubgraph = (request: PlainRequest) => Promise<PlainAnswer>

/** The drain a server needs when no request lives past `requestMs` (the gateway's deadline). */
export function drainMsFor(requestMs: number): number {
  return requestMs + 1000
}

interface Connection {
  /** Requests on it whose answer has not finished. */
  active: number
}

export async function listen(handler: Handler, port: number, host: string, path = '/graphql', options: ListenOptions = {}): Promise<Listening> {
  const { drainMs = drainMsFor(10_000), idleCloseMs = 300 } = options
  const connections = new Map<Socket, Connection>()
  const inFlight = new Set<http.ServerResponse>()
  let closing = false
  /** When a request last started or an answer last finished, on any connection. */
  let lastActivity = Date.now()

  // Viewer tokens carry a teacher's students: allow headers larger than Node's 16 KiB default.
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    const connection = connections.get(req.socket)
    if (connection) connection.active += 1
    lastActivity = Date.now()
    inFlight.add(res)
    // While closing, every answer is the last on its connection.
    if (closing) res.setHeader('connection', 'close')
    res.once('close', () => {
      inFlight.delete(res)
      lastActivity = Date.now()
      if (connection) connection.active -= 1
    })
    void handler(req, res)
  })
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { active: 0 })
    socket.once('close', () => connections.delete(socket))
  })
  // Longer than the gateway's idle sockets, so the server never closes one the gateway reuses.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const actual = (server.address() as AddressInfo).port

  let closed: Promise<void> | undefined
  const close = () =>
    new Promise<void>((resolve) => {
      closing = true
      // The quiet period starts no earlier than the close: a client may be sending right now.
      lastActivity = Date.now()
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close')
      // Idle connections are closed only once the server has been quiet for idleCloseMs: until
      // then, clients keep sending on them (each answered, with Connection: close) rather than
      // into a closing socket.
      const closeIdle = () => {
        if (inFlight.size > 0 || Date.now() - lastActivity < idleCloseMs) return
        const idle = [...connections].filter(([, c]) => c.active === 0).map(([socket]) => socket)
        if (idle.length === 0) return
        // After the poll phase: a request already on its way in is parsed (and counted) first.
        setImmediate(() => {
          for (const socket of idle) if (connections.get(socket)?.active === 0) socket.destroy()
        })
      }
      const done = () => {
        clearInterval(sweep)
        clearTimeout(bound)
        resolve()
      }
      const sweep = setInterval(() => {
        closeIdle()
        if (connections.size === 0 && !server.listening) done()
      }, Math.max(10, Math.min(50, idleCloseMs)))
      const bound = setTimeout(() => {
        if (inFlight.size > 0) console.warn(`[http] ${inFlight.size} requests still running after ${drainMs} ms: closing their connections`)
        for (const socket of connections.keys()) socket.destroy()
        done()
      }, drainMs)
      // net's close, not http's: http's (Node ≥ 19) also closes idle connections at once,
      // racing a client that is sending its next request on one.
      net.Server.prototype.close.call(server, () => {
        server.closeAllConnections()
        done()
      })
    })

  return {
    server,
    port: actual,
    url: `http://${host}:${actual}${path}`,
    close: () => (closed ??= close()),
  }
}
