/**
 * The family's page (web/, built into web/dist): the gateway serves it at `/` whenever it runs,
 * with `/app-config.json` telling the page how to sign in here.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AppConfig, DemoLogin } from '../lib/contract/app-config.ts'

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
}

/** Answers a GET for the page or one of its files; false when the path is not the page's. */
export function createWebHandler(options: { appConfig: () => AppConfig; distDir?: string }) {
  const root = path.resolve(options.distDir ?? WEB_DIST_DIR)
  return (req: IncomingMessage, res: ServerResponse, pathname: string): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    if (pathname === '/app-config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(options.appConfig()))
      return true
    }
    const file = pathname === '/' ? 'index.html' : pathname.startsWith('/assets/') ? pathname.slice(1) : undefined
    if (!file) return false
    const full = path.join(root, file)
    if (!full.startsWith(root + path.sep)) return false
    let body: Buffer
    try {
      body = fs.readFileSync(full)
    } catch {
      if (file === 'index.html') {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        res.end('The family page is not built: run npm start (it builds it), or npm run build -w web.')
        return true
      }
      return false
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(full)] ?? 'application/octet-stream',
      'cache-control': file === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    })
    res.end(req.method === 'HEAD' ? undefined : body)
    return true
  }
}

/** The seeded logins the development page offers (the README's table). */
export const DEMO_LOGINS: DemoLogin[] = [
  { login: 'demo.guardian', who: 'Alex Rivera, parent of Maya (grade 3) and Leo (grade 10)' },
  { login: 'restricted.guardian', who: 'Chris Okafor, parent of Noah, barred from his records by a court order' },
  { login: 'adult.guardian', who: "Lucia Morales, mother of Jordan (18), who has not consented to share" },
  { login: 'adult.student', who: 'Jordan Morales, 18, whose records are their own' },
  { login: 'demo.student', who: 'Leo Rivera, a grade 10 student' },
]
