/**
 * The family page in production signs in through the district's OpenID Connect provider
 * (authorization code + PKCE, a local `oidc-provider`): demo.guardian signs in there, comes back
 * and sees both children, the page's requests being trusted documents with the provider's access
 * token; a refusal, a forged answer, a person the district does not know and a provider that is
 * down each end in a sentence; production offers no demo login and no `/dev/token`.
 */
import { randomUUID } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../scripts/processes.ts'
import { axeViolations, chromiumInstalled, launchBrowser, newPhonePage } from '../support/browser.ts'
import { startOidcProvider, type OidcProvider } from '../support/oidc-provider.ts'
import { linkedStudents } from '../support/people.ts'
import { startTestSystem, type TestSystem } from '../support/system.ts'

/** A person the provider knows whom the district's records do not (moved away, never linked). */
const UNKNOWN_TO_DISTRICT = 'moved.away'

describe.runIf(chromiumInstalled())('the family page signs in through the district provider', () => {
  let t: TestSystem | undefined
  let idp: OidcProvider
  let browser: Browser
  let home: string

  beforeAll(async () => {
    // The provider must know the page's address before the gateway listens there.
    home = `http://127.0.0.1:${await freePort()}/`
    idp = await startOidcProvider({
      pageUrl: home,
      subjectOf: async (login) => {
        if (login === UNKNOWN_TO_DISTRICT) return randomUUID()
        return t?.personId(login).catch(() => undefined)
      },
    })
    t = await startTestSystem({ network: true, env: { ...idp.env, PORT: new URL(home).port } })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser.close()
    await t?.close()
    await idp.close()
  })

  const system = () => {
    if (!t) throw new Error('The system did not start.')
    return t
  }

  /** From the page to the provider's sign-in form, and through it with a login. */
  async function signInAtProvider(page: Page, login: string): Promise<void> {
    await page.goto(home)
    await page.getByRole('button', { name: 'Sign in with your district account' }).click()
    await page.waitForURL((url) => url.origin === idp.issuer)
    await page.getByLabel('Login').fill(login)
    await page.getByLabel('Password').fill('correct horse battery staple')
    await page.getByRole('button', { name: 'Sign in' }).click()
  }

  it('production serves the page with the district sign-in only: no demo login, no /dev/token', async () => {
    const dev = await fetch(`${home}dev/token?login=demo.guardian`)
    expect(dev.status).toBe(404)
    const config = (await (await fetch(`${home}app-config.json`)).json()) as unknown
    expect(config).toStrictEqual({ signIn: { kind: 'oidc', issuer: idp.issuer, clientId: idp.clientId, redirectUri: home, scope: 'openid', resource: idp.env.AUTH_AUDIENCE } })

    const { page, context } = await newPhonePage(browser)
    await page.goto(home)
    await page.getByRole('button', { name: 'Sign in with your district account' }).waitFor()
    expect(await page.getByRole('button', { name: 'demo.guardian' }).count()).toBe(0)
    expect(await page.locator('main').textContent()).not.toContain('demo.guardian')
    expect(await axeViolations(page)).toStrictEqual([])
    await context.close()
  })

  it('demo.guardian signs in at the district, allows the page, and sees both children', async () => {
    const children = await linkedStudents(system(), 'demo.guardian')
    expect(children.length).toBe(2)
    const { page, context } = await newPhonePage(browser)
    const graphql: Array<{ status: number; body: string }> = []
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/graphql') void response.text().then((body) => graphql.push({ status: response.status(), body }))
    })
    await signInAtProvider(page, 'demo.guardian')
    await page.getByRole('button', { name: 'Allow' }).click()

    await page.locator('main[data-dashboard="ready"]').waitFor()
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).toEqual(expect.arrayContaining(children.map((c) => c.firstName)))
    // The provider's answer does not stay in the address bar, to be replayed or shared.
    expect(new URL(page.url()).search).toBe('')
    // The page's token is the provider's access token, addressed to the gateway.
    const session = JSON.parse((await page.evaluate(() => sessionStorage.getItem('district-graph.session'))) ?? '{}') as { token?: string; via?: string }
    expect(session.via).toBe('oidc')
    const claims = JSON.parse(Buffer.from((session.token ?? '').split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
    expect({ iss: claims.iss, aud: claims.aud, sub: claims.sub }).toStrictEqual({ iss: idp.issuer, aud: idp.env.AUTH_AUDIENCE, sub: await system().personId('demo.guardian') })
    // Production takes trusted documents only, and every request the page made passed.
    expect(graphql.length).toBeGreaterThan(0)
    for (const { status, body } of graphql) {
      expect(status).toBe(200)
      expect(body).not.toContain('"errors"')
    }

    // Signing out signs out at the provider too: the next sign-in asks for the login again.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL((url) => url.origin === idp.issuer)
    await page.getByRole('button', { name: /yes/i }).click()
    await page.waitForURL(home)
    await page.getByRole('button', { name: 'Sign in with your district account' }).click()
    await page.getByLabel('Login').waitFor()
    await context.close()
  })

  it('a family that denies the page access is back on the sign-in screen with a sentence', async () => {
    const { page, context } = await newPhonePage(browser)
    await signInAtProvider(page, 'demo.guardian')
    await page.getByRole('button', { name: 'Deny' }).click()
    await page.waitForURL((url) => url.origin === new URL(home).origin)
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Sign-in was cancelled or refused at the district. You are not signed in. You can try again.')
    expect(new URL(page.url()).search).toBe('')
    await page.getByRole('button', { name: 'Sign in with your district account' }).waitFor()
    await context.close()
  })

  it('a cancelled sign-in reads the same in the browser’s language', async () => {
    const { page, context } = await newPhonePage(browser, { locale: 'es-MX' })
    await page.goto(home)
    await page.getByRole('button', { name: 'Iniciar sesión con su cuenta del distrito' }).click()
    await page.waitForURL((url) => url.origin === idp.issuer)
    await page.getByRole('button', { name: 'Cancel' }).click()
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('El inicio de sesión se canceló o fue rechazado en el distrito. No ha iniciado sesión. Puede intentarlo de nuevo.')
    await context.close()
  })

  it('keeps the language chosen on the sign-in screen across the trip to the provider', async () => {
    const { page, context } = await newPhonePage(browser)
    await page.goto(home)
    await page.getByLabel('Language').selectOption('ar')
    await page.getByRole('button', { name: 'Change' }).click()
    await expect.poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toStrictEqual(['ar', 'rtl'])
    await page.getByRole('button', { name: 'سجّل الدخول بحساب المنطقة التعليمية' }).click()
    await page.waitForURL((url) => url.origin === idp.issuer)
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.waitForURL((url) => url.origin === new URL(home).origin)
    await expect.poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toStrictEqual(['ar', 'rtl'])
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('أُلغي تسجيل الدخول أو رُفض لدى المنطقة التعليمية. لم تسجّل الدخول. يمكنك المحاولة مرة أخرى.')
    await context.close()
  })

  it('a wrong login stays at the provider, which says so', async () => {
    const { page, context } = await newPhonePage(browser)
    await signInAtProvider(page, 'no.such.login')
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('That login and password do not match an account.')
    expect(new URL(page.url()).origin).toBe(idp.issuer)
    await context.close()
  })

  it('a person the provider knows but the district does not is not let in, and is told', async () => {
    const { page, context } = await newPhonePage(browser)
    await signInAtProvider(page, UNKNOWN_TO_DISTRICT)
    await page.getByRole('button', { name: 'Allow' }).click()
    await page.waitForURL((url) => url.origin === new URL(home).origin)
    await page.getByRole('button', { name: 'Sign in with your district account' }).waitFor()
    // The gateway refuses a token naming no one in the district; the page drops it and says so.
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('The district does not recognise this account, so no records can be shown. If you are a parent or guardian, ask your child’s school office to link your account.')
    expect(await page.locator('main[data-dashboard]').count()).toBe(0)
    expect(await page.evaluate(() => sessionStorage.getItem('district-graph.session'))).toBeNull()
    await context.close()
  })

  it('an answer this tab did not ask for is refused, and leaves the address bar', async () => {
    const { page, context } = await newPhonePage(browser)
    await page.goto(`${home}?code=stolen-code&state=${randomUUID()}`)
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('This sign-in answer did not come from a sign-in started on this page, so it was ignored. Please sign in again.')
    expect(new URL(page.url()).search).toBe('')
    expect(await page.evaluate(() => sessionStorage.getItem('district-graph.session'))).toBeNull()
    await context.close()
  })

  // Last: it stops the provider.
  it('with the provider down, the sign-in button says it cannot be reached', async () => {
    const { page, context } = await newPhonePage(browser)
    await page.goto(home)
    await idp.close()
    await page.getByRole('button', { name: 'Sign in with your district account' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe("The district's sign-in service can't be reached right now. Please try again later.")
    expect(new URL(page.url()).origin).toBe(new URL(home).origin)
    await context.close()
  })
})
