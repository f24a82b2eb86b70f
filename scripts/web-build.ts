/**
 * Builds the family's page (web/ → web/dist) when it is stale: when any of its sources, or the
 * typed documents it takes from @district-graph/client, changed since the last build. `npm start`
 * and the browser tests call it; `npm run build:web` forces a build.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

const SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/package.json', 'packages/client/dist']
const STAMP = 'web/dist/.sources-sha256'

function filesUnder(entry: string): string[] {
  if (!fs.existsSync(entry)) return []
  if (!fs.statSync(entry).isDirectory()) return [entry]
  return fs.readdirSync(entry, { recursive: true, encoding: 'utf8' }).map((f) => path.join(entry, f)).filter((f) => fs.statSync(f).isFile()).sort()
}

/** The sha256 of every source's path and content. */
export function webSourcesHash(): string {
  const hash = createHash('sha256')
  for (const file of SOURCES.flatMap(filesUnder)) hash.update(file).update('\0').update(fs.readFileSync(file)).update('\0')
  return hash.digest('hex')
}

export function webBuildIsStale(): boolean {
  return !fs.existsSync('web/dist/index.html') || !fs.existsSync(STAMP) || fs.readFileSync(STAMP, 'utf8') !== webSourcesHash()
}

/** Builds web/dist unless it matches its sources; returns whether it built. */
export function ensureWebBuilt(options: { force?: boolean; log?: (message: string) => void } = {}): boolean {
  if (!options.force && !webBuildIsStale()) return false
  options.log?.('building the family page (web/)…')
  const hash = webSourcesHash()
  execFileSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: 'web', stdio: ['ignore', 'inherit', 'inherit'] })
  fs.writeFileSync(STAMP, hash)
  return true
}

if (import.meta.url === `file://${process.argv[1]}`) ensureWebBuilt({ force: process.argv.includes('--force'), log: console.log })
