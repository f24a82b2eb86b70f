/**
 * Builds the family's page (web/ → web/dist) when it is stale: when any of its sources, the
 * typed documents it takes from @district-graph/client, or the versions of its dependencies the
 * lockfile pins changed since the last build. `npm start` and the browser tests call it;
 * `npm run build:web` forces a build. Test files build at the same time, so one process builds
 * while the others wait for it, and the new build replaces web/dist whole, never a half-written
 * one under a running gateway.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/tsconfig.json', 'web/package.json', 'packages/client/package.json', 'packages/client/dist']
const DIST = 'web/dist'
const STAMP = `${DIST}/.sources-sha256`
const LOCK = '.tmp/web-build.lock'
/** A build takes seconds; a lock this old belongs to no build. */
const LOCK_STALE_MS = 5 * 60_000

/** A build vite refused: its message is the error's. */
export class WebBuildError extends Error {
  override name = 'WebBuildError'
}

function filesUnder(entry: string): string[] {
  if (!fs.existsSync(entry)) return []
  if (!fs.statSync(entry).isDirectory()) return [entry]
  return fs
    .readdirSync(entry, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(entry, f))
    .filter((f) => fs.statSync(f).isFile())
    .sort()
}

interface LockEntry {
  version?: string
  resolved?: string
  integrity?: string
}

/** The version the lockfile pins for each of web's own dependencies (an upgrade changes the build). */
function lockedDependencies(): string {
  if (!fs.existsSync('package-lock.json')) return ''
  const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')) as { packages?: Record<string, LockEntry> }
  const web = JSON.parse(fs.readFileSync('web/package.json', 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }
  return Object.keys({ ...web.dependencies, ...web.devDependencies })
    .sort()
    .map((name) => {
      const entry = lock.packages?.[`web/node_modules/${name}`] ?? lock.packages?.[`node_modules/${name}`]
      return `${name} ${entry?.version ?? ''} ${entry?.integrity ?? entry?.resolved ?? ''}`
    })
    .join('\n')
}

/** The sha256 of every source's path and content, and of web's locked dependencies. */
export function webSourcesHash(): string {
  const hash = createHash('sha256')
  for (const file of SOURCES.flatMap(filesUnder)) hash.update(file).update('\0').update(fs.readFileSync(file)).update('\0')
  return hash.update(lockedDependencies()).digest('hex')
}

export function webBuildIsStale(): boolean {
  return !fs.existsSync(`${DIST}/index.html`) || !fs.existsSync(STAMP) || fs.readFileSync(STAMP, 'utf8') !== webSourcesHash()
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

function lockHolderGone(): boolean {
  try {
    const pid = Number(fs.readFileSync(LOCK, 'utf8'))
    if (Date.now() - fs.statSync(LOCK).mtimeMs > LOCK_STALE_MS) return true
    process.kill(pid, 0)
    return false
  } catch (error) {
    // ESRCH: no such process; ENOENT: released meanwhile (the next try takes it).
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/** Runs `build` holding the build lock; another process's build is waited for. */
function withBuildLock<T>(build: () => T): T {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true })
  for (;;) {
    try {
      fs.writeFileSync(LOCK, String(process.pid), { flag: 'wx' })
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      if (lockHolderGone()) fs.rmSync(LOCK, { force: true })
      else sleep(200)
    }
  }
  try {
    return build()
  } finally {
    fs.rmSync(LOCK, { force: true })
  }
}

/** Runs vite into a fresh folder under .tmp/ (same disk), then puts it in dist's place. */
function build(hash: string): void {
  const out = path.resolve(`.tmp/web-dist-${process.pid}`)
  fs.rmSync(out, { recursive: true, force: true })
  const vite = spawnSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: 'web',
    encoding: 'utf8',
  })
  const output = `${vite.stdout}${vite.stderr}`.trim()
  if (vite.error) throw vite.error
  if (vite.status !== 0) {
    fs.rmSync(out, { recursive: true, force: true })
    throw new WebBuildError(`The family page (web/) did not build:\n${output}`)
  }
  if (output) console.warn(output)
  fs.writeFileSync(path.join(out, path.basename(STAMP)), hash)
  const old = path.resolve(`.tmp/web-dist-old-${process.pid}`)
  if (fs.existsSync(DIST)) fs.renameSync(DIST, old)
  fs.renameSync(out, DIST)
  fs.rmSync(old, { recursive: true, force: true })
}

/** Builds web/dist unless it matches its sources; returns whether it built. */
export function ensureWebBuilt(options: { force?: boolean; log?: (message: string) => void } = {}): boolean {
  if (!options.force && !webBuildIsStale()) return false
  return withBuildLock(() => {
    // Another process may have built it while this one waited.
    if (!options.force && !webBuildIsStale()) return false
    const started = Date.now()
    options.log?.(options.force ? 'building the family page (web/)…' : 'building the family page (web/ changed since its last build)…')
    build(webSourcesHash())
    options.log?.(`built the family page into ${DIST} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    return true
  })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    if (!ensureWebBuilt({ force: process.argv.includes('--force'), log: console.log })) console.log(`${DIST} is up to date with its sources`)
  } catch (error) {
    console.error(error instanceof WebBuildError ? error.message : error)
    process.exit(1)
  }
}
