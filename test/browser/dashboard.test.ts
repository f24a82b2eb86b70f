/**
 * The family dashboard in a real browser: demo.guardian signs in, sees both children from one
 * FamilyDashboard request, switches between them and reads each area (checked against the rows);
 * the page in Spanish and Arabic (the choice kept in the profile); axe finds nothing at WCAG 2.1
 * AA; it reflows at 320 px; restricted.guardian sees why no child is shown; and with finance
 * stopped the other areas still stand. Screenshots of the dashboard go to docs/screenshots/.
 */
import fs from 'node:fs'
import { sql } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../db/client.ts'
import { startTestSystem, type TestSystem } from '../support/system.ts'
import { axeViolations, chromiumInstalled, launchBrowser, newPhonePage, signInWithDemoLogin } from '../support/browser.ts'
import { linkedStudents, type StudentRow } from '../support/people.ts'

/** The area headings in English: none may be left on a Spanish or Arabic page. */
const ENGLISH_HEADINGS = ['Grades', 'Schoolwork', 'Attendance', 'Schedule and calendar', 'Behaviour and recognitions', 'Fees and meals', 'Messages', 'Bus']
const ENGLISH_WORDS = [...ENGLISH_HEADINGS, 'Sign out', 'Alerts', 'Settings', 'Language', 'Missing work', 'Absence notices', 'Pay fees', 'Report an absence', 'Meal balance', 'Today’s classes']

describe.runIf(chromiumInstalled())('the family dashboard in a browser', () => {
  let t: TestSystem
  let browser: Browser
  let home: string
  let children: StudentRow[]
  beforeAll(async () => {
    // Switching languages writes the guardian's preference.
    t = await startTestSystem({ network: true, writable: 'web-dashboard' })
    browser = await launchBrowser()
    home = t.system.gatewayUrl.replace(/\/graphql$/, '/')
    children = await linkedStudents(t, 'demo.guardian')
    fs.mkdirSync('docs/screenshots', { recursive: true })
  })
  afterAll(async () => {
    await browser.close()
    await t.close()
  })

  const signIn = (page: Page, login: string) => signInWithDemoLogin(page, home, login)

  /** The page's own words: headings, header, navigation, labels and controls (not what people wrote, such as a message's subject). */
  const uiText = async (page: Page) => (await page.locator('h1, h2, h3, header, nav, label, button, a.action, dt, .area-error, .muted:not(.excerpt)').allInnerTexts()).join('\n')

  const rows = async <T>(subgraph: Parameters<TestSystem['db']>[0], query: ReturnType<typeof sql>) => rowsOf<T>(await t.db(subgraph).execute(query))

  /** What the rows say a child's dashboard shows: a class and its latest letter, the meal balance, the morning bus. */
  async function expectedFor(child: StudentRow) {
    const [grade] = await rows<{ title: string; letter: string }>(
      'academics',
      sql`select c.title, g.letter_grade_earned as letter
          from academics.student_section_associations e
          join academics.sections s on s.id = e.section_id join academics.courses c on c.id = s.course_id
          join academics.section_grades g on g.section_id = s.id and g.student_id = e.student_id
          join academics.grading_periods p on p.id = g.grading_period_id
          where e.student_id = ${child.id} and e.end_date is null
          order by g.as_of_date desc, p.begin_date desc, c.title limit 1`,
    )
    const [meal] = await rows<{ cents: string | number | null }>('finance', sql`select sum(amount_cents) as cents from finance.meal_transactions where student_id = ${child.id}`)
    const buses = await rows<{ bus: string }>(
      'transportation',
      sql`select r.bus_number as bus from transportation.student_transportations st
          join transportation.bus_stops s on s.id = st.am_stop_id join transportation.bus_routes r on r.id = s.route_id
          where st.student_id = ${child.id} and st.begin_date <= current_date and (st.end_date is null or st.end_date >= current_date)`,
    )
    const guardianId = await t.personId('demo.guardian')
    const threads = await rows<{ id: string; subject: string }>(
      'messaging',
      sql`select t.id, t.subject from messaging.threads t join messaging.thread_participants p on p.thread_id = t.id
          where t.student_id = ${child.id} and p.person_id = ${guardianId} order by t.id`,
    )
    return {
      threads,
      grade,
      meal: meal?.cents === null || meal?.cents === undefined ? undefined : new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).format(Number(meal.cents) / 100),
      bus: buses[0]?.bus,
    }
  }

  it('signs in with a demo login; the sign-in screen has no WCAG 2.1 AA violation', async () => {
    const { page, context } = await newPhonePage(browser)
    await page.goto(home)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in')
    await expect(page.getByRole('button', { name: 'demo.guardian', exact: true }).isVisible()).resolves.toBe(true)
    expect(await axeViolations(page)).toStrictEqual([])
    await context.close()
  })

  it('shows demo.guardian both children from one GraphQL request, and each area from the rows', async () => {
    const { page, context } = await newPhonePage(browser)
    const graphql: string[] = []
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/graphql') graphql.push(r.postData() ?? '')
    })
    // The page works under the gateway's Content-Security-Policy: nothing it does is refused.
    const refused: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') refused.push(m.text())
    })
    await signIn(page, 'demo.guardian')
    expect(graphql).toHaveLength(1)
    const switcher = page.getByRole('navigation', { name: 'Your children' })
    expect(await switcher.getByRole('link').allTextContents()).toStrictEqual(children.map((c) => c.firstName))
    expect(children.map((c) => c.firstName).sort()).toStrictEqual(['Leo', 'Maya'])

    for (const child of children) {
      await switcher.getByRole('link', { name: child.firstName }).click()
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`${child.firstName} ${child.lastSurname}`)
      expect(await switcher.getByRole('link', { name: child.firstName }).getAttribute('aria-current')).toBe('page')
      expect(await page.locator('main h2').allTextContents()).toStrictEqual(ENGLISH_HEADINGS)
      const expected = await expectedFor(child)
      // Grades: the class's course title with its letter grade and what it rests on.
      if (!expected.grade) throw new Error(`${child.firstName} has no grade in the seed`)
      const card = page.locator('#grades li.card', { has: page.getByRole('heading', { name: expected.grade.title, exact: true }) }).first()
      expect(await card.locator('.letter').textContent()).toBe(expected.grade.letter)
      await expect(card.textContent()).resolves.toMatch(/Based on|graded/i)
      // A teacher's name links to writing to them.
      const teacher = card.locator('a.teacher')
      if ((await teacher.count()) > 0) expect(await teacher.getAttribute('href')).toMatch(new RegExp(`^#/child/${child.id}/message\\?teacher=`))
      // Fees and meals: the meal balance, in dollars.
      if (expected.meal) await expect(page.locator('#finance').textContent()).resolves.toContain(`Meal balance: ${expected.meal}`)
      // The bus: the morning bus's number, or that the child rides none.
      await expect(page.locator('#bus').textContent()).resolves.toContain(expected.bus ? `Bus ${expected.bus}` : 'does not ride a school bus')
      // Messages: each conversation the guardian takes part in, opening in the message view.
      const threadLinks = page.locator('#messages ul.threads > li > a')
      expect(await threadLinks.allTextContents()).toHaveLength(expected.threads.length)
      for (const thread of expected.threads) {
        expect(await page.locator('#messages').getByRole('link', { name: thread.subject, exact: true }).getAttribute('href')).toBe(`#/child/${child.id}/message?thread=${thread.id}`)
      }
      // Attendance: the rate, and the way to report an absence.
      await expect(page.locator('#attendance').textContent()).resolves.toMatch(/Attended [\d.]+% of school days this term/)
      expect(await page.locator('#attendance').getByRole('link', { name: 'Report an absence' }).getAttribute('href')).toBe(`#/child/${child.id}/absence`)
    }
    // Switching children is a change of route, not of request: still the one FamilyDashboard.
    expect(graphql).toHaveLength(1)
    expect(refused).toStrictEqual([])
    expect(await axeViolations(page)).toStrictEqual([])

    // The act views open from the dashboard and the header, each with its own heading, and the back button returns.
    const leo = children.find((c) => c.firstName === 'Leo')
    if (!leo) throw new Error('Leo is not in the seed')
    await switcher.getByRole('link', { name: 'Leo' }).click()
    for (const [link, hash] of [
      [page.locator('#grades a.teacher').first(), `#/child/${leo.id}/message?teacher=`],
      [page.locator('#finance').getByRole('link', { name: 'Pay fees' }), `#/child/${leo.id}/pay`],
      [page.locator('#attendance').getByRole('link', { name: 'Report an absence' }), `#/child/${leo.id}/absence`],
      [page.getByRole('banner').getByRole('link', { name: 'Alerts' }), '#/alerts'],
      [page.getByRole('banner').getByRole('link', { name: 'Settings' }), '#/settings'],
    ] as const) {
      await link.click()
      await expect.poll(() => new URL(page.url()).hash).toContain(hash)
      // The act views load on first use: the view replaces the dashboard once its code is there.
      await expect.poll(() => page.locator('main[data-dashboard]').count()).toBe(0)
      await page.locator('main h1').waitFor()
      await page.goBack()
      await page.locator('main[data-dashboard="ready"] #grades').waitFor()
    }
    await switcher.getByRole('link', { name: children[0]?.firstName ?? '' }).click()
    await page.screenshot({ path: 'docs/screenshots/dashboard-en.png', fullPage: true })
    await context.close()
  })

  it('reflows at 200% zoom of a 640 px window (320 CSS px) without scrolling sideways', async () => {
    const { page, context } = await newPhonePage(browser, { width: 320, height: 640, zoom: 2 })
    expect(await page.evaluate(() => [window.innerWidth, window.devicePixelRatio])).toStrictEqual([320, 2])
    await signIn(page, 'demo.guardian')
    for (const child of children) {
      await page.getByRole('navigation', { name: 'Your children' }).getByRole('link', { name: child.firstName }).click()
      await page.locator('main[data-dashboard="ready"]').waitFor()
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
    }
    await context.close()
  })

  it('switches to Spanish and Arabic: the profile keeps the choice, the graph’s words follow, and Arabic reads right to left', async () => {
    const { page, context } = await newPhonePage(browser)
    await signIn(page, 'demo.guardian')
    const guardianId = await t.personId('demo.guardian')
    const languageOfProfile = async () =>
      (await rows<{ language: string }>('academics', sql`select preferred_language as language from academics.contacts where id = ${guardianId}`))[0]?.language

    await page.getByLabel('Language').selectOption('es')
    await page.getByRole('button', { name: 'Change' }).click()
    await expect.poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toStrictEqual(['es', 'ltr'])
    await page.locator('main[data-dashboard="ready"]').waitFor()
    expect(await languageOfProfile()).toBe('es')
    expect(await page.locator('main h2').allTextContents()).toStrictEqual([
      'Calificaciones',
      'Trabajos escolares',
      'Asistencia',
      'Horario y calendario',
      'Conducta y reconocimientos',
      'Cuotas y comidas',
      'Mensajes',
      'Autobús',
    ])
    // The graph's own words came back in Spanish: the grade level, and the money in its US form.
    await expect(page.locator('main > p').first().textContent()).resolves.toMatch(/^(\d+\.º grado|Kínder) · /)
    await expect(page.locator('#finance').textContent()).resolves.toMatch(/Saldo de comidas: \$\d+\.\d\d/)
    const spanishText = await uiText(page)
    expect(ENGLISH_WORDS.filter((words) => spanishText.includes(words))).toStrictEqual([])
    expect(await axeViolations(page)).toStrictEqual([])
    await page.screenshot({ path: 'docs/screenshots/dashboard-es.png', fullPage: true })

    // A new visit opens in the profile's language, whatever the browser's.
    const second = await newPhonePage(browser)
    await signIn(second.page, 'demo.guardian')
    await expect.poll(() => second.page.evaluate(() => document.documentElement.lang)).toBe('es')
    await second.context.close()

    await page.getByLabel('Idioma').selectOption('ar')
    await page.getByRole('button', { name: 'Cambiar' }).click()
    await expect.poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toStrictEqual(['ar', 'rtl'])
    await page.locator('main[data-dashboard="ready"]').waitFor()
    expect(await languageOfProfile()).toBe('ar')
    expect(await page.locator('main h2').first().textContent()).toBe('الدرجات')
    const arabicText = await uiText(page)
    expect(ENGLISH_WORDS.filter((words) => arabicText.includes(words))).toStrictEqual([])
    // Mirrored: the child switcher starts at the right edge.
    const first = await page.getByRole('navigation', { name: 'أطفالك' }).getByRole('link').first().boundingBox()
    expect(first && first.x + first.width).toBeGreaterThan(360 / 2)
    expect(await axeViolations(page)).toStrictEqual([])

    // Back to English for the tests that follow.
    await page.getByLabel('اللغة').selectOption('en')
    await page.getByRole('button', { name: 'تغيير' }).click()
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en')
    await expect.poll(languageOfProfile).toBe('en')
    await context.close()
  })

  it('tells restricted.guardian why no child is shown', async () => {
    const { page, context } = await newPhonePage(browser)
    await signIn(page, 'restricted.guardian')
    // The seed links him to Noah; a court order keeps Noah's records closed to him.
    expect((await linkedStudents(t, 'restricted.guardian')).map((c) => c.firstName)).toContain('Noah')
    await expect(page.locator('main').textContent()).resolves.toContain('No child’s school records are open to this account.')
    await expect(page.locator('main').textContent()).resolves.not.toContain('Noah')
    expect(await page.getByRole('navigation', { name: 'Your children' }).count()).toBe(0)
    expect(await axeViolations(page)).toStrictEqual([])
    await context.close()
  })

  it('with finance stopped, says so in the fees area and shows the other areas', async () => {
    await t.system.stopSubgraph('finance')
    const { page, context } = await newPhonePage(browser)
    await signIn(page, 'demo.guardian')
    await expect(page.locator('#finance').textContent()).resolves.toContain('Fees and meals can’t be shown right now. Try again later.')
    const child = children[0]
    if (!child) throw new Error('demo.guardian has no children in the seed')
    const expected = await expectedFor(child)
    await expect(page.locator('#grades').textContent()).resolves.toContain(expected.grade?.title ?? '')
    await expect(page.locator('#bus').textContent()).resolves.toContain(expected.bus ? `Bus ${expected.bus}` : 'does not ride a school bus')
    expect(await page.locator('main h2').allTextContents()).toStrictEqual(ENGLISH_HEADINGS)
    await context.close()
  })
})
