/**
 * The gateway serving the family's page, as a browser meets it over the network (no browser):
 * the page at `/` with its security headers, its hashed files cached for good, each answer in the
 * encoding asked for, HEAD and revalidation, nothing outside the build however the path is
 * spelled, and `/app-config.json` offering demo logins in development and none in production.
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWebHandler, WEB_DIST_DIR } from '../gateway/web.ts'
import { DEMO_LOGINS } from '../gateway/web-sign-in.ts'
import { ensureWebBuilt } from '../scripts/web-build.ts'
import { startIdentityProvider, type IdentityProvider } from './support/identity-provider.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** A raw request: the path sent as written (fetch would resolve `..` first), the body as sent. */
function request(origin: string, pathname: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const { hostname, port } = new URL(origin)
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: pathname, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

beforeAll(() => {
  ensureWebBuilt()
})

describe('the family page in development', () => {
  let t: TestSystem
  let origin: string
  let indexHtml: string
  /** The scripts and stylesheets index.html loads, as the browser asks for them. */
  let assets: string[]
  beforeAll(async () => {
    t = await startTestSystem({ network: true })
    origin = new URL(t.system.gatewayUrl).origin
    indexHtml = fs.readFileSync(path.join(WEB_DIST_DIR, 'index.html'), 'utf8')
    assets = [...indexHtml.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '')
  })
  afterAll(async () => {
    await t.close()
  })

  it('serves the page at / with its security headers, revalidated on every visit', async () => {
    const page = await request(origin, '/', { headers: { 'accept-encoding': 'identity' } })
    expect(page.status).toBe(200)
    expect(page.body.toString('utf8')).toBe(indexHtml)
    expect(page.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': PAGE_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      vary: 'accept-encoding',
      'content-length': String(Buffer.byteLength(indexHtml)),
    })
    expect(page.headers['content-encoding']).toBeUndefined()
    // A second visit with the page it has: nothing to send again.
    const again = await request(origin, '/', { headers: { 'if-none-match': page.headers.etag ?? '' } })
    expect([again.status, again.body.length]).toStrictEqual([304, 0])
  })

  it('builds a page the CSP lets run: every script and stylesheet a file of its own, nothing inline', () => {
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true)
    expect(indexHtml.match(/<script\b[^>]*>/g)?.every((tag) => / src="\/assets\//.test(tag))).toBe(true)
    expect(indexHtml).not.toMatch(/<style\b|\sstyle="|\son[a-z]+="/)
  })

  it('sends the old addresses of the page to /, keeping the provider’s answer in the query', async () => {
    for (const [from, to] of [
      ['/family', '/'],
      ['/app', '/'],
      ['/app?code=abc&state=xyz', '/?code=abc&state=xyz'],
    ] as const) {
      const answer = await request(origin, from)
      expect([from, answer.status, answer.headers.location]).toStrictEqual([from, 308, to])
    }
  })

  it('caches the hashed files for a year and sends each in the encoding the browser prefers', async () => {
    for (const asset of assets) {
      const onDisk = fs.readFileSync(path.join(WEB_DIST_DIR, asset))
      const plain = await request(origin, asset, { headers: { 'accept-encoding': 'identity' } })
      expect(plain.status).toBe(200)
      expect(plain.headers).toMatchObject({ 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff', vary: 'accept-encoding' })
      expect(plain.headers['content-type']).toBe(asset.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8')
      expect(plain.body.equals(onDisk)).toBe(true)

      const gzip = await request(origin, asset, { headers: { 'accept-encoding': 'gzip' } })
      expect(gzip.headers['content-encoding']).toBe('gzip')
      expect(zlib.gunzipSync(gzip.body).equals(onDisk)).toBe(true)
      expect(gzip.body.length).toBeLessThan(onDisk.length / 2)

      // What Chromium sends: brotli, the smaller, though gzip comes first in its list.
      const browser = await request(origin, asset, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } })
      expect(browser.headers['content-encoding']).toBe('br')
      expect(zlib.brotliDecompressSync(browser.body).equals(onDisk)).toBe(true)
      expect(browser.body.length).toBeLessThan(gzip.body.length)

      // A browser that weighs gzip above brotli gets gzip.
      const weighed = await request(origin, asset, { headers: { 'accept-encoding': 'br;q=0.5, gzip' } })
      expect(weighed.headers['content-encoding']).toBe('gzip')
    }
  })

  it('answers HEAD with the headers of GET and no body', async () => {
    for (const pathname of ['/', assets[0] ?? '']) {
      const get = await request(origin, pathname, { headers: { 'accept-encoding': 'br' } })
      const head = await request(origin, pathname, { method: 'HEAD', headers: { 'accept-encoding': 'br' } })
      expect(head.status).toBe(200)
      expect(head.body.length).toBe(0)
      const { date: _getDate, ...getHeaders } = get.headers
      const { date: _headDate, ...headHeaders } = head.headers
      expect(headHeaders).toStrictEqual(getHeaders)
    }
  })

  it('serves nothing outside the build: unknown files and every spelling of a way out are 404', async () => {
    const packageJson = fs.readFileSync('package.json', 'utf8')
    for (const pathname of [
      '/assets/no-such-file.js',
      '/assets/../package.json',
      '/assets/../../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/%2E%2E%2F%2E%2E%2Fpackage.json',
      '/assets/..%5c..%5cpackage.json',
      '/assets//etc/passwd',
      '/assets/%2fetc%2fpasswd',
      '/assets/%2Fwork%2Fmain%2Fpackage.json',
      `/assets/${encodeURIComponent(path.resolve('package.json'))}`,
      '/assets/../index.html',
      '/assets/%',
    ]) {
      const answer = await request(origin, pathname)
      expect([pathname, answer.status]).toStrictEqual([pathname, 404])
      expect(answer.body.toString('utf8')).not.toContain(packageJson.slice(0, 40))
    }
    // Outside /assets/ the gateway's other routes answer, and none of them is a file.
    const outside = await request(origin, '/../package.json')
    expect(outside.status).toBe(404)
    expect(outside.body.toString('utf8')).not.toContain(packageJson.slice(0, 40))
  })

  it('refuses to be posted to', async () => {
    const answer = await request(origin, '/', { method: 'POST' })
    expect([answer.status, answer.headers.allow]).toStrictEqual([405, 'GET, HEAD'])
  })

  it('tells the page to offer the demo logins', async () => {
    const answer = await request(origin, '/app-config.json')
    expect(answer.status).toBe(200)
    expect(answer.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'no-store' })
    expect(JSON.parse(answer.body.toString('utf8'))).toStrictEqual({ signIn: { kind: 'demo', logins: DEMO_LOGINS } })
  })
})

describe('the family page in production', () => {
  let idp: IdentityProvider
  beforeAll(async () => {
    idp = await startIdentityProvider()
  })
  afterAll(async () => {
    await idp.close()
  })

  it('offers no sign-in when no OpenID provider is configured for the page, and no demo logins', async () => {
    const t = await startTestSystem({ network: true, env: idp.env })
    try {
      const origin = new URL(t.system.gatewayUrl).origin
      const config = await request(origin, '/app-config.json')
      expect(JSON.parse(config.body.toString('utf8'))).toStrictEqual({ signIn: { kind: 'none' } })
      const page = await request(origin, '/')
      expect([page.status, page.headers['content-security-policy']]).toStrictEqual([200, PAGE_CSP])
      expect((await request(origin, '/dev/token?login=demo.guardian')).status).toBe(404)
    } finally {
      await t.close()
    }
  })

  it('lets the page reach the district’s OpenID provider, and nothing else beyond the gateway', async () => {
    const t = await startTestSystem({
      network: true,
      env: {
        ...idp.env,
        WEB_OIDC_ISSUER: 'https://login.district.example/realms/families',
        WEB_OIDC_CLIENT_ID: 'family-page',
        WEB_OIDC_REDIRECT_URI: 'https://family.district.example/',
        WEB_OIDC_RESOURCE: 'https://graph.district.example/',
      },
    })
    try {
      const origin = new URL(t.system.gatewayUrl).origin
      const config = await request(origin, '/app-config.json')
      expect(JSON.parse(config.body.toString('utf8'))).toStrictEqual({
        signIn: {
          kind: 'oidc',
          issuer: 'https://login.district.example/realms/families',
          clientId: 'family-page',
          redirectUri: 'https://family.district.example/',
          scope: 'openid',
          resource: 'https://graph.district.example/',
        },
      })
      const page = await request(origin, '/')
      expect(page.headers['content-security-policy']).toBe(PAGE_CSP.replace("connect-src 'self'", "connect-src 'self' https://login.district.example"))
    } finally {
      await t.close()
    }
  })
})

describe('a page rebuilt under a running gateway', () => {
  it('answers that the page is not built, then serves each new build whole once its index.html is there', async () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-web-'))
    const web = createWebHandler({ appConfig: () => ({ signIn: { kind: 'none' } }), distDir: dist })
    const server = http.createServer((req, res) => {
      if (!web(req, res, (req.url ?? '/').split('?')[0] ?? '/')) {
        res.writeHead(404)
        res.end()
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const build = (name: string) => {
      fs.mkdirSync(path.join(dist, 'assets'), { recursive: true })
      fs.writeFileSync(path.join(dist, 'assets', `${name}.js`), `console.log('${name}')`)
      fs.writeFileSync(path.join(dist, 'index.html'), `<script type="module" src="/assets/${name}.js"></script><!-- ${name} -->`)
    }
    try {
      const none = await request(origin, '/')
      expect([none.status, none.body.toString('utf8')]).toStrictEqual([503, 'The family page is not built: run npm start (it builds it), or npm run build:web.'])
      build('first')
      expect((await request(origin, '/')).body.toString('utf8')).toContain('/assets/first.js')
      expect((await request(origin, '/assets/first.js')).body.toString('utf8')).toBe("console.log('first')")
      build('second')
      expect((await request(origin, '/')).body.toString('utf8')).toContain('/assets/second.js')
      expect((await request(origin, '/assets/second.js')).status).toBe(200)
      // While a build is being swapped in (no index.html for a moment), the last one still serves.
      fs.rmSync(path.join(dist, 'index.html'))
      expect((await request(origin, '/')).body.toString('utf8')).toContain('/assets/second.js')
    } finally {
      server.close()
      fs.rmSync(dist, { recursive: true, force: true })
    }
  })
})
