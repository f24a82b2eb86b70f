/** Listening on a port with settings that suit a gateway keeping connections alive. */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Listening {
  server: http.Server
  port: number
  url: string
  close(): Promise<void>
}

/** A request handler; Yoga's answers with a promise, which the server need not wait on. */
export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown

export async function listen(handler: Handler, port: number, host: string, path = '/graphql'): Promise<Listening> {
  // Viewer tokens carry a teacher's students: allow headers larger than Node's 16 KiB default.
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    void handler(req, res)
  })
  // Longer than the gateway's idle sockets, so the server never closes one the gateway reuses.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const actual = (server.address() as AddressInfo).port
  return {
    server,
    port: actual,
    url: `http://${host}:${actual}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
