/**
 * GraphiQL served from the installed package, so it opens on a machine without internet: Yoga's
 * own page loads its scripts from a public CDN and stays at "Loading…" offline. The scripts,
 * styles and editor workers come from @graphql-yoga/render-graphiql (the same GraphiQL Yoga ships,
 * bundled as strings) and are served as separate files the browser caches, not inlined into every
 * page (about 9 MB). Development only: production has GraphiQL off.
 */
import { gzipSync } from 'node:zlib'
import renderGraphiQLPackage from '@graphql-yoga/render-graphiql/package.json' with { type: 'json' }
import type { GraphiQLOptions, Plugin } from 'graphql-yoga'

/** Where the assets are served; the package's version in the path lets browsers keep them for good. */
export const GRAPHIQL_ASSETS_PATH = `/graphiql/assets/${renderGraphiQLPackage.version}/`

interface Asset {
  type: string
  body: Buffer
  gzipped?: Buffer
}

const ASSET_FILES = {
  'yoga-graphiql.js': 'js',
  'graphiql.css': 'css',
  'editor.worker.js': 'editorWorkerService',
  'json.worker.js': 'jsonWorker',
  'graphql.worker.js': 'graphqlWorker',
  'favicon.ico': 'favicon',
} as const
type AssetFile = keyof typeof ASSET_FILES
const isAssetFile = (name: string): name is AssetFile => Object.hasOwn(ASSET_FILES, name)

let loading: Promise<Map<AssetFile, Asset>> | undefined
/** The bundle (about 9 MB of strings) is loaded on the first asset request, not at start-up. */
function assets(): Promise<Map<AssetFile, Asset>> {
  loading ??= import('@graphql-yoga/render-graphiql/graphiql').then((bundle) => {
    const files = new Map<AssetFile, Asset>()
    for (const [file, name] of Object.entries(ASSET_FILES) as Array<[AssetFile, (typeof ASSET_FILES)[AssetFile]]>) {
      const text = bundle[name]
      if (name === 'favicon') {
        // The package keeps it as a data: URL.
        const [, base64 = ''] = /^data:[^;,]+;base64,(.*)$/.exec(text) ?? []
        files.set(file, { type: 'image/x-icon', body: Buffer.from(base64, 'base64') })
      } else {
        files.set(file, { type: file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8', body: Buffer.from(text) })
      }
    }
    return files
  })
  return loading
}

/** Serves GraphiQL's scripts, styles, workers and icon under {@link GRAPHIQL_ASSETS_PATH}. */
export function useGraphiQLAssets(): Plugin {
  return {
    async onRequest(payload) {
      const { url, request } = payload
      if (!url.pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return
      const name = url.pathname.slice(GRAPHIQL_ASSETS_PATH.length)
      const asset = isAssetFile(name) && (request.method === 'GET' || request.method === 'HEAD') ? (await assets()).get(name) : undefined
      if (!asset) {
        payload.endResponse(new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } }))
        return
      }
      const headers: Record<string, string> = { 'content-type': asset.type, 'cache-control': 'public, max-age=31536000, immutable', vary: 'accept-encoding' }
      let body = asset.body
      if (/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '') && asset.type.startsWith('text/')) {
        body = asset.gzipped ??= gzipSync(asset.body)
        headers['content-encoding'] = 'gzip'
      }
      headers['content-length'] = String(body.length)
      payload.endResponse(new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers }))
    },
  }
}

/** JSON safe inside a <script> element: no `</script>` or `<!--` can end it early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** GraphiQL's page, referring only to the gateway's own assets (Yoga's `renderGraphiQL` option). */
export function renderGraphiQLPage(options: GraphiQLOptions): string {
  const asset = (file: AssetFile) => `${GRAPHIQL_ASSETS_PATH}${file}`
  const workers = { editorWorkerService: asset('editor.worker.js'), json: asset('json.worker.js'), graphql: asset('graphql.worker.js') }
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${asset('favicon.ico')}" />
    <link rel="stylesheet" href="${asset('graphiql.css')}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="root"></div>
    <script>
      const workers = ${scriptJson(workers)};
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_moduleId, label) => workers[label] };
    </script>
    <script src="${asset('yoga-graphiql.js')}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`
}
