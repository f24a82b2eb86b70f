/**
 * The family page's development sign-in: demo.guardian signs in with the keyboard alone and
 * moves between the children; the screen opens in the browser's language (axe-clean in English,
 * Spanish and Arabic); a token the gateway refuses sends the family back to sign in with a
 * sentence, not a broken page; signing out forgets the session.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSystem, type TestSystem } from '../support/system.ts'
import { axeViolations, chromiumInstalled, launchBrowser, newPhonePage, tabTo } from '../support/browser.ts'
import { linkedStudents } from '../support/people.ts'

describe.runIf(chromiumInstalled())('the family page signs in with a demo login', () => {
  let t: TestSystem
  let browser: Browser
  let home: string
  beforeAll(async () => {
    t = await startTestSystem({ network: true })
    browser = await launchBrowser()
    home = t.system.gatewayUrl.replace(/\/graphql$/, '/')
  })
  afterAll(async () => {
    await browser.close()
    await t.close()
  })

  /** Presses Tab until the focused element's text is `text` (at most 40 times), as a keyboard user would. */
  it('demo.guardian signs in and switches children with the keyboard alone', async () => {
    const { page, context } = await newPhonePage(browser)
    await page.goto(home)
    await tabTo(page, /^BUTTON demo\.guardian$/)
    // The focus is visible: the browser draws the page's outline around the focused control.
    expect(await page.evaluate(() => (document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : ''))).toBe('solid')
    await page.keyboard.press('Enter')
    await page.locator('main[data-dashboard="ready"]').waitFor()
    const [first, second] = await linkedStudents(t, 'demo.guardian')
    if (!first || !second) throw new Error('demo.guardian has two children in the seed')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`${first.firstName} ${first.lastSurname}`)
    await tabTo(page, new RegExp(`^A ${second.firstName}$`))
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`${second.firstName} ${second.lastSurname}`)
    // The new view's heading takes the focus, so a screen reader announces the child.
    // (Preact runs the effect that moves it after the paint: wait for it, as a screen reader would.)
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    expect(page.url()).toContain(`#/child/${second.id}`)

    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in')
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
    await context.close()
  })

  it.each([
    ['en-US', 'en', 'ltr', 'Sign in'],
    ['es-MX', 'es', 'ltr', 'Iniciar sesión'],
    ['ar', 'ar', 'rtl', 'تسجيل الدخول'],
  ])('opens in the browser’s language (%s) with no WCAG 2.1 AA violation', async (locale, lang, dir, heading) => {
    const { page, context } = await newPhonePage(browser, { locale })
    await page.goto(home)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(heading)
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toStrictEqual([lang, dir])
    expect(await axeViolations(page)).toStrictEqual([])
    await context.close()
  })

  it('sends a family whose token the gateway refuses back to sign in, with a sentence', async () => {
    const { page, context } = await newPhonePage(browser)
    await page.goto(home)
    // A session this tab kept, whose token the gateway does not accept (signed by no key it trusts).
    await page.evaluate(() => {
      const payload = btoa(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 })).replace(/=+$/, '')
      sessionStorage.setItem('district-graph.session', JSON.stringify({ token: `eyJhbGciOiJFZERTQSJ9.${payload}.c2lnbmF0dXJl`, expiresAt: Date.now() + 3_600_000, via: 'demo' }))
    })
    await page.reload()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in')
    expect(await page.getByRole('alert').textContent()).toBe('You were signed out because your session ended. Please sign in again.')
    expect(await page.evaluate(() => sessionStorage.getItem('district-graph.session'))).toBeNull()
    await context.close()
  })
})
