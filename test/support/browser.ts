/**
 * The family's page in a real browser: Debian's chromium driven by playwright-core (Playwright
 * cannot download its own browsers here), the page built when stale, an axe-core scan at WCAG 2.1 AA.
 */
import fs from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'
import { ensureWebBuilt } from '../../scripts/web-build.ts'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Whether the browser tests run: always in CI (where .ci/run installs chromium, so a missing one
 * fails them loudly), elsewhere when chromium is installed.
 */
export function chromiumInstalled(): boolean {
  return process.env.CI === 'true' || fs.existsSync(CHROMIUM)
}

export async function launchBrowser(): Promise<Browser> {
  ensureWebBuilt()
  return chromium.launch({
    executablePath: CHROMIUM,
    // Root needs --no-sandbox; the rest keep chromium from calling out of this closed network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/** A phone-sized context (360 × 740) unless told otherwise; axe needs a page from a context. */
export async function newPhonePage(
  browser: Browser,
  options: { width?: number; height?: number; locale?: string; /** Browser zoom: 2 for 200%, with width and height in CSS px (a 640 px window at 200% is 320 wide). */ zoom?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 360, height: options.height ?? 740 },
    // Chromium's zoom is what this is: more device pixels per CSS pixel, so fewer CSS pixels across.
    ...(options.zoom ? { deviceScaleFactor: options.zoom } : {}),
    locale: options.locale ?? 'en-US',
    timezoneId: 'America/Chicago',
  })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  return { context, page }
}

/** The WCAG 2.1 A and AA violations axe finds on the page as it stands. */
export async function axeViolations(page: Page): Promise<Array<{ id: string; help: string; nodes: string[] }>> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }))
}

/** Signs in on the page at `home` with a development demo login, and waits for the dashboard. */
export async function signInWithDemoLogin(page: Page, home: string, login: string): Promise<void> {
  await page.goto(home)
  await page.getByRole('button', { name: login, exact: true }).click()
  await page.locator('main[data-dashboard="ready"]').waitFor()
}

/**
 * Presses Tab until the focused element, described as "TAG its label or text" (`BUTTON Send the
 * notice`, `SELECT Reason`, `A Leo`), matches `target`; fails after `most` presses.
 */
export async function tabTo(page: Page, target: RegExp, most = 80): Promise<void> {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const el = document.activeElement
      if (!el) return ''
      const labelled = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : undefined
      return `${el.tagName} ${(labelled ?? el.textContent).trim()}`
    })
    if (target.test(focused)) return
  }
  throw new Error(`Tab never reached ${String(target)}`)
}
