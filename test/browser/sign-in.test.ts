/**
 * The family's page, development sign-in: demo.guardian picks the demo login and sees both children.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSystem, type TestSystem } from '../support/system.ts'
import { chromiumInstalled, launchBrowser, newPhonePage } from '../support/browser.ts'

describe.runIf(chromiumInstalled())('the family page signs in with a demo login', () => {
  let t: TestSystem
  let browser: Browser
  beforeAll(async () => {
    t = await startTestSystem({ network: true })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser.close()
    await t.close()
  })

  it('demo.guardian sees Maya and Leo', async () => {
    const { page, context } = await newPhonePage(browser)
    await page.goto(t.system.gatewayUrl.replace(/\/graphql$/, '/'))
    await page.getByRole('button', { name: 'demo.guardian' }).click()
    await expect.poll(() => page.locator('main li').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Maya'), expect.stringContaining('Leo')]))
    await context.close()
  })
})
