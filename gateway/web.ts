/**
 * The family's page (web/, built into web/dist): the gateway serves it at `/` whenever it runs,
 * with `/app-config.json` telling the page how to sign in here. The built files are read once,
 * on the first request for them (most gateways a test starts never serve the page), and kept in
 * memory with their gzip and brotli copies, made once at the highest levels since they are
 * served many times; a rebuilt dist is picked up when index.html changes. index.html is
 * revalidated on every visit and carries the page's security headers; the hashed files under
 * /assets/ are cached for a year.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { IncomingMessage, ServerResponse } from 'node:http'
import Negotiator from 'negotiator'
import type { AppConfig, SignInConfig } from '../lib/contract/app-config.ts'

export const WEB_DIST_DIR = 'web/dist'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
}
/** Already compressed formats (png, ico) gain nothing from another pass. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.webmanifest', '.txt'])

/** Addresses families may have kept for the page; its one address is `/`. */
const OLD_ADDRESSES = new Set(['/family', '/family/', '/app', '/app/', '/index.html'])

type Encoding = 'br' | 'gzip' | 'identity'
/** Brotli first when the browser accepts both equally: it is ~15% smaller on scripts. */
const ENCODINGS: readonly Encoding[] = ['br', 'gzip', 'identity']

interface WebFile {
  type: string
  etag: string
  bodies: Partial<Record<Encoding, Buffer>> & { identity: Buffer }
}

/** By path under dist: `index.html`, `assets/index-….js`. */
type Dist = Map<string, WebFile>

function stampOf(index: string): string | undefined {
  try {
    const stat = fs.statSync(index)
    return `${stat.mtimeMs}:${stat.size}`
  } catch {
    return undefined
  }
}

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

/** Off the event loop (zlib's threads): brotli at its best takes a good half second for the page's scripts. */
async function compressed(body: Buffer): Promise<WebFile['bodies']> {
  const [br, gz] = await Promise.all([
    brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    gzip(body, { level: zlib.constants.Z_BEST_COMPRESSION }),
  ])
  return { identity: body, ...(br.length < body.length ? { br } : {}), ...(gz.length < body.length ? { gzip: gz } : {}) }
}

/** Every file of the build (dotfiles, the build's own stamp, left out), read and compressed. */
async function readDist(root: string): Promise<Dist> {
  const names = await fs.promises.readdir(root, { recursive: true, encoding: 'utf8' })
  const entries = await Promise.all(
    names.map(async (name): Promise<[string, WebFile] | undefined> => {
      const full = path.join(root, name)
      const key = name.split(path.sep).join('/')
      if (key.split('/').some((part) => part.startsWith('.')) || !(await fs.promises.stat(full)).isFile()) return undefined
      const body = await fs.promises.readFile(full)
      const extension = path.extname(name)
      return [
        key,
        {
          type: TYPES[extension] ?? 'application/octet-stream',
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
          bodies: COMPRESSIBLE.has(extension) ? await compressed(body) : { identity: body },
        },
      ]
    }),
  )
  return new Map(entries.filter((entry) => entry !== undefined))
}

/**
 * The page's Content-Security-Policy: its own scripts and styles only (nothing inline), images
 * from itself or data: URLs, requests to the gateway and, when families sign in through the
 * district's OpenID Connect provider, to that provider (discovery and the token endpoint are
 * fetched by the page). No framing, no <base>, forms post only here.
 */
export function contentSecurityPolicy(signIn: SignInConfig): string {
  const connect = ["'self'", ...(signIn.kind === 'oidc' ? [new URL(signIn.issuer).origin] : [])]
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ')
}

/**
 * negotiator's `preferred` option (the server's order among encodings a browser accepts equally,
 * which would otherwise follow the header's order: gzip before br for Chromium), missing from its types.
 */
interface EncodingNegotiator {
  encodings(available: readonly string[], options: { preferred: readonly string[] }): string[]
}

function negotiate(req: IncomingMessage, file: WebFile): Encoding {
  const available = ENCODINGS.filter((encoding) => file.bodies[encoding])
  const negotiator: EncodingNegotiator = new Negotiator(req)
  const [best] = negotiator.encodings(available, { preferred: ENCODINGS })
  return ENCODINGS.find((encoding) => encoding === best) ?? 'identity'
}

function plain(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
  res.end(message)
}

export interface WebHandlerOptions {
  /** What `/app-config.json` answers; the page's CSP admits the OIDC issuer it names. */
  appConfig: () => AppConfig
  /** The built page. @default 'web/dist' */
  distDir?: string
}

/**
 * Answers a request for the page, one of its files or its config; false when the path is not
 * the page's (the gateway's other routes then answer it).
 */
export function createWebHandler(options: WebHandlerOptions) {
  const root = path.resolve(options.distDir ?? WEB_DIST_DIR)
  const index = path.join(root, 'index.html')
  /** The build in memory, and index.html's mtime and size when it was read: a new build changes both. */
  let loaded: { stamp: string; dist: Promise<Dist | undefined> } | undefined

  /** The build, read again when index.html has changed (a rebuild) and is there. */
  const current = (): Promise<Dist | undefined> => {
    const stamp = stampOf(index)
    if (!stamp || stamp === loaded?.stamp) return loaded?.dist ?? Promise.resolve(undefined)
    const before = loaded
    const attempt = {
      stamp,
      dist: readDist(root).catch(() => {
        // A build swapped in while it was read: the previous one serves until the next request reads the new one.
        if (loaded === attempt) loaded = before
        return before?.dist
      }),
    }
    loaded = attempt
    return attempt.dist
  }

  const send = (req: IncomingMessage, res: ServerResponse, file: WebFile, headers: Record<string, string>): void => {
    const common = { ...headers, etag: file.etag, vary: 'accept-encoding', 'x-content-type-options': 'nosniff' }
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, common)
      res.end()
      return
    }
    const encoding = negotiate(req, file)
    const body = file.bodies[encoding] ?? file.bodies.identity
    res.writeHead(200, {
      ...common,
      'content-type': file.type,
      'content-length': String(body.length),
      ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  const serve = async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
    const dist = await current()
    if (pathname === '/') {
      const file = dist?.get('index.html')
      if (!file) {
        plain(res, 503, 'The family page is not built: run npm start (it builds it), or npm run build:web.')
        return
      }
      send(req, res, file, {
        'cache-control': 'no-cache',
        'content-security-policy': contentSecurityPolicy(options.appConfig().signIn),
        'referrer-policy': 'no-referrer',
      })
      return
    }
    // Only a file the build holds is served: the path is a key into it, never joined onto the
    // disk, so `..` (plain or percent-encoded) and absolute paths find nothing.
    let key: string
    try {
      key = decodeURIComponent(pathname.slice(1))
    } catch {
      plain(res, 404, 'Not found.')
      return
    }
    const file = dist?.get(key)
    if (file) send(req, res, file, { 'cache-control': 'public, max-age=31536000, immutable' })
    else plain(res, 404, 'Not found.')
  }

  return (req: IncomingMessage, res: ServerResponse, pathname: string): boolean => {
    if (pathname !== '/' && pathname !== '/app-config.json' && !OLD_ADDRESSES.has(pathname) && !pathname.startsWith('/assets/')) return false
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' })
      res.end('Method not allowed.')
      return true
    }
    if (pathname === '/app-config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(options.appConfig()))
      return true
    }
    if (OLD_ADDRESSES.has(pathname)) {
      // The query stays: an OpenID provider configured with an old address sends its answer there.
      const query = req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''
      res.writeHead(308, { location: `/${query}` })
      res.end()
      return true
    }
    serve(req, res, pathname).catch((error: unknown) => {
      console.error('serving the family page failed:', error)
      if (!res.headersSent) plain(res, 500, 'The family page could not be served.')
      else res.destroy()
    })
    return true
  }
}
