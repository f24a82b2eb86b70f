/**
 * GraphiQL opens on a machine without internet: its page refers to nothing outside the gateway,
 * and every script, style, worker and icon it names is served by the gateway from the installed
 * package. In production neither the page nor its assets are served.
 */
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GRAPHIQL_ASSETS_PATH, renderGraphiQLPage } from '../gateway/graphiql.ts'
import { startIdentityProvider, type IdentityProvider } from './support/identity-provider.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

/** Every URL the page loads: script and style elements, the icon, and the editor's workers. */
function referencedUrls(page: string): string[] {
  const attributes = [...page.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '')
  const workers = /const workers = (\{[^}]*\})/.exec(page)?.[1]
  return [...attributes, ...Object.values(JSON.parse(workers ?? '{}') as Record<string, string>)]
}

describe('GraphiQL in development', () => {
  let t: TestSystem
  let origin = ''
  beforeAll(async () => {
    t = await startTestSystem({ network: true })
    origin = new URL(t.system.gatewayUrl).origin
  })
  afterAll(() => t.close())

  it('refers only to the gateway, and every asset it names answers from the gateway', async () => {
    const response = await fetch(t.system.gatewayUrl, { headers: { accept: 'text/html' } })
    const page = await response.text()
    expect(response.status).toBe(200)
    expect(page).toContain('query FamilyDashboard')

    const urls = referencedUrls(page)
    expect(urls.map((u) => u.replace(/\/graphiql\/assets\/[\d.]+\//, '/graphiql/assets/<version>/')).sort()).toStrictEqual([
      '/graphiql/assets/<version>/editor.worker.js',
      '/graphiql/assets/<version>/favicon.ico',
      '/graphiql/assets/<version>/graphiql.css',
      '/graphiql/assets/<version>/graphql.worker.js',
      '/graphiql/assets/<version>/json.worker.js',
      '/graphiql/assets/<version>/yoga-graphiql.js',
    ])
    // Nothing in the page's elements points off the machine (Yoga's own page loads from unpkg.com).
    expect(page).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//)
    expect(page).not.toContain('unpkg.com')

    const served = await Promise.all(
      urls.map(async (url) => {
        const asset = await fetch(new URL(url, origin), { headers: { 'accept-encoding': 'identity' } })
        const body = Buffer.from(await asset.arrayBuffer())
        return { url: url.replace(/.*\//, ''), status: asset.status, type: asset.headers.get('content-type'), bytes: body.length > 10_000, body }
      }),
    )
    expect(served.map(({ body: _body, ...rest }) => rest).sort((a, b) => a.url.localeCompare(b.url))).toStrictEqual([
      { url: 'editor.worker.js', status: 200, type: 'text/javascript; charset=utf-8', bytes: true },
      { url: 'favicon.ico', status: 200, type: 'image/x-icon', bytes: true },
      { url: 'graphiql.css', status: 200, type: 'text/css; charset=utf-8', bytes: true },
      { url: 'graphql.worker.js', status: 200, type: 'text/javascript; charset=utf-8', bytes: true },
      { url: 'json.worker.js', status: 200, type: 'text/javascript; charset=utf-8', bytes: true },
      { url: 'yoga-graphiql.js', status: 200, type: 'text/javascript; charset=utf-8', bytes: true },
    ])
    // The bundle defines what the page calls, and the stylesheet styles GraphiQL.
    expect(served.find((s) => s.url === 'yoga-graphiql.js')?.body.toString()).toContain('renderYogaGraphiQL')
    expect(served.find((s) => s.url === 'graphiql.css')?.body.toString()).toContain('.graphiql-container')
  })

  it('sends the scripts compressed to a browser that accepts gzip, and refuses names it does not serve', async () => {
    const page = await (await fetch(t.system.gatewayUrl, { headers: { accept: 'text/html' } })).text()
    const script = referencedUrls(page).find((u) => u.endsWith('/yoga-graphiql.js')) ?? ''
    const plain = await (await fetch(new URL(script, origin), { headers: { 'accept-encoding': 'identity' } })).arrayBuffer()
    // node:http, not fetch: fetch would undo the compression before the test could see it.
    const { default: http } = await import('node:http')
    const compressed = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      http
        .get(new URL(script, origin), { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }))
        })
        .on('error', reject)
    })
    expect(compressed.encoding).toBe('gzip')
    expect(compressed.body.length).toBeLessThan(plain.byteLength / 2)
    expect(gunzipSync(compressed.body).equals(Buffer.from(plain))).toBe(true)

    for (const name of ['nothing.js', '../package.json', '']) {
      expect((await fetch(new URL(script.replace('yoga-graphiql.js', name), origin))).status).toBe(404)
    }
  })
})

describe('the GraphiQL page', () => {
  it('keeps an operation that contains </script> inside its script', () => {
    const page = renderGraphiQLPage({ title: 'a </title> b', defaultTabs: [{ query: '# </script><script>alert(1)</script>\n{ me { id } }' }] })
    expect(page.match(/<\/script>/g)).toHaveLength(3)
    expect(page).toContain('<title>a &#60;/title&#62; b</title>')
    expect(page).toContain('# \\u003c/script>\\u003cscript>alert(1)\\u003c/script>')
  })
})

describe('GraphiQL in production', () => {
  let idp: IdentityProvider
  let t: TestSystem
  beforeAll(async () => {
    idp = await startIdentityProvider()
    t = await startTestSystem({ env: idp.env })
  })
  afterAll(async () => {
    await t.close()
    await idp.close()
  })

  it('serves neither the page nor its assets', async () => {
    const page = await t.system.fetch(t.system.gatewayUrl, { headers: { accept: 'text/html' } })
    // A browser asks for HTML: the graph answers only GraphQL's own types.
    expect({ status: page.status, body: await page.text() }).toStrictEqual({ status: 406, body: '' })
    const asset = await t.system.fetch(new URL(`${GRAPHIQL_ASSETS_PATH}yoga-graphiql.js`, t.system.gatewayUrl))
    expect(asset.status).toBe(404)
  })
})
