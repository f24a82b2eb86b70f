/**
 * `npm run web:budget`: the family's page against its budgets, measured in Debian's chromium on a
 * phone-sized viewport, on the system `npm start` runs (a fresh embedded database in a temporary
 * DATA_DIR, migrated and seeded as on a first start), signed in as demo.guardian through the
 * page's own demo login:
 *
 * - JavaScript shipped for the dashboard: every script the browser fetched for it (its resource
 *   timings), each fetched again with `accept-encoding: gzip`, the gzipped bytes summed;
 * - GraphQL requests from navigation start to the first full render (`main[data-dashboard="ready"]`);
 * - time from navigation start to the first full render: the median of several reloads after a warm-up;
 * - Content-Security-Policy violations the browser reported on the way.
 *
 * It prints a table and writes the same as JSON under bench/results/. `--check` exits 1 when a
 * figure is over its budget (CI runs it so).
 *
 *   npm run web:budget [-- --loads 7 --check]
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { chromium, type Page } from 'playwright-core'
import { loadConfig } from '../lib/config.ts'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'
import { startSystem } from './system.ts'
import { ensureWebBuilt } from './web-build.ts'

const RESULTS_DIR = 'bench/results'
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const READY = 'main[data-dashboard="ready"]'
const KB = 1024

interface Budget {
  name: string
  /** The figure must not exceed it. */
  limit: number
  unit: 'KB' | 'requests' | 'ms' | 'violations'
  /** Exactly the limit, not at most it (one request, no fewer: fewer means nothing was asked). */
  exact?: boolean
}

export const BUDGETS = {
  javascriptKb: { name: 'JavaScript for the dashboard (gzip)', limit: 50, unit: 'KB' },
  graphqlRequests: { name: 'GraphQL requests to first full render', limit: 1, unit: 'requests', exact: true },
  firstRenderMs: { name: 'time to first full render (median)', limit: 1500, unit: 'ms' },
  cspViolations: { name: 'Content-Security-Policy violations', limit: 0, unit: 'violations' },
} satisfies Record<string, Budget>

type Figures = Record<keyof typeof BUDGETS, number>

interface Load {
  firstRenderMs: number
  graphqlRequests: number
  scripts: string[]
}

/** Records, in the page, when the dashboard first stands whole (before any of its scripts run). */
const READY_RECORDER = `new MutationObserver((_, observer) => {
  if (document.querySelector('${READY}')) { window.__dashboardReady = performance.now(); observer.disconnect() }
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-dashboard'] })`

/** What one load of the page did until its first full render (the page's own clock: navigation start is 0). */
async function measureLoad(page: Page, origin: string, errors: string[]): Promise<Load> {
  try {
    // A selector, not waitForFunction: Playwright evaluates a function's text in the page, which its CSP refuses.
    await page.waitForSelector(READY, { state: 'attached', timeout: 30_000 })
  } catch {
    const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ').slice(0, 300)
    throw new Error(`The dashboard never stood whole (${READY}) within 30 s. The page shows: "${text}"${errors.length ? `\nIts errors:\n${errors.join('\n')}` : ''}`)
  }
  // Requests that started before the render may still be finishing; their timings come after.
  await page.waitForTimeout(300)
  const { ready, entries } = await page.evaluate<{ ready: number; entries: Array<{ name: string; startTime: number }> }>(
    '({ ready: window.__dashboardReady, entries: performance.getEntriesByType("resource").map((e) => ({ name: e.name, startTime: e.startTime })) })',
  )
  const before = entries.filter((e) => e.startTime <= ready).map((e) => new URL(e.name))
  return {
    firstRenderMs: ready,
    graphqlRequests: before.filter((url) => url.pathname === '/graphql').length,
    scripts: entries.map((e) => new URL(e.name)).filter((url) => url.origin === origin && url.pathname.endsWith('.js')).map((url) => url.pathname),
  }
}

/** The bytes the gateway sends for `pathname` in `encoding`. */
function encodedSize(origin: string, pathname: string, encoding: 'gzip' | 'br'): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(pathname, origin), { headers: { 'accept-encoding': encoding } }, (res) => {
        let size = 0
        res.on('data', (chunk: Buffer) => (size += chunk.length))
        res.on('end', () => {
          if (res.statusCode !== 200 || res.headers['content-encoding'] !== encoding) reject(new Error(`${pathname}: ${res.statusCode} with content-encoding ${res.headers['content-encoding'] ?? 'none'}, not ${encoding}`))
          else resolve(size)
        })
      })
      .on('error', reject)
  })
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

function passes(budget: Budget, figure: number): boolean {
  return budget.exact ? figure === budget.limit : figure <= budget.limit
}

function formatTable(figures: Figures): string {
  const rows = Object.entries(BUDGETS).map(([key, budget]: [string, Budget]) => {
    const figure = figures[key as keyof Figures]
    const shown = budget.unit === 'KB' ? `${figure.toFixed(1)} KB` : budget.unit === 'ms' ? `${Math.round(figure)} ms` : String(figure)
    const limit = `${budget.exact ? '=' : '≤'} ${budget.limit}${budget.unit === 'KB' || budget.unit === 'ms' ? ` ${budget.unit}` : ''}`
    return [budget.name, shown, limit, passes(budget, figure) ? 'pass' : 'FAIL']
  })
  const table = [['budget', 'figure', 'limit', ''], ...rows]
  const widths = [0, 1, 2].map((i) => Math.max(...table.map((row) => row[i]?.length ?? 0)))
  return table.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ')).join('\n')
}

async function main() {
  const { values } = parseArgs({ options: { loads: { type: 'string', default: '7' }, check: { type: 'boolean', default: false } } })
  const loads = Number(values.loads)
  if (!Number.isInteger(loads) || loads < 1) throw new Error(`--loads must be a whole number of at least 1, not "${values.loads}".`)
  const startedAt = new Date().toISOString()
  const log = (message: string) => console.log(message)

  ensureWebBuilt({ log })
  // The embedded database, whatever DATABASE_URL says: the budget is npm start's.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.endsWith('DATABASE_URL')))
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-budget-'))
  const config = loadConfig({ ...env, DATA_DIR: dataDir, PORT: '0', ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_PORT`, '0'])) })
  log(`starting the district graph on a fresh embedded database in ${dataDir}…`)
  const system = await startSystem({ config, log })
  const origin = new URL(system.gatewayUrl).origin
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-US', timezoneId: 'America/Chicago' })
    const page = await context.newPage()
    const cspViolations: string[] = []
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() !== 'error') return
      errors.push(message.text())
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(String(error)))
    await page.addInitScript({ content: READY_RECORDER })

    log(`signing in as demo.guardian at ${origin}/ …`)
    await page.goto(`${origin}/`)
    await page.getByRole('button', { name: /demo\.guardian/ }).click()
    await measureLoad(page, origin, errors)
    // One more load warms what a family's second visit has warm (the gateway's scope cache, the browser's).
    await page.reload()
    await measureLoad(page, origin, errors)
    const measured: Load[] = []
    for (let i = 0; i < loads; i++) {
      await page.reload()
      measured.push(await measureLoad(page, origin, errors))
    }
    await context.close()

    const scriptPaths = [...new Set(measured.flatMap((load) => load.scripts))].sort()
    const scripts = await Promise.all(scriptPaths.map(async (pathname) => ({ pathname, gzipBytes: await encodedSize(origin, pathname, 'gzip'), brotliBytes: await encodedSize(origin, pathname, 'br') })))
    const figures: Figures = {
      javascriptKb: scripts.reduce((sum, script) => sum + script.gzipBytes, 0) / KB,
      graphqlRequests: Math.max(...measured.map((load) => load.graphqlRequests)),
      firstRenderMs: median(measured.map((load) => load.firstRenderMs)),
      cspViolations: cspViolations.length,
    }
    const failed = Object.entries(BUDGETS).filter(([key, budget]: [string, Budget]) => !passes(budget, figures[key as keyof Figures])).map(([key]) => key)
    const result = {
      startedAt,
      machine: { cores: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
      setup: { database: 'embedded (fresh, seeded)', viewer: 'demo.guardian', viewport: '360x740', loads, warmUps: 1 },
      budgets: BUDGETS,
      figures,
      failed,
      scripts,
      loads: measured.map(({ firstRenderMs, graphqlRequests }) => ({ firstRenderMs: Math.round(firstRenderMs), graphqlRequests })),
      cspViolations,
    }
    fs.mkdirSync(RESULTS_DIR, { recursive: true })
    const out = path.join(RESULTS_DIR, `${startedAt.replace(/[:.]/g, '-')}-web-budget.json`)
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`)

    console.log(`\nThe family page's budgets (demo.guardian, embedded database, 360 px, median of ${loads} loads after a warm-up):\n`)
    console.log(formatTable(figures))
    console.log(`\nscripts: ${scripts.map((s) => `${s.pathname} ${(s.gzipBytes / KB).toFixed(1)} KB gzip, ${(s.brotliBytes / KB).toFixed(1)} KB brotli`).join('; ')}`)
    console.log(`loads (ms): ${result.loads.map((l) => l.firstRenderMs).join(', ')}`)
    for (const violation of cspViolations) console.log(`CSP: ${violation}`)
    console.log(`\nJSON: ${out}`)
    if (values.check && failed.length > 0) process.exitCode = 1
  } finally {
    await browser.close()
    await system.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error && error.name === 'WebBuildError' ? error.message : error)
  process.exit(1)
})
