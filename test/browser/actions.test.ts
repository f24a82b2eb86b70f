/**
 * The family's page, the things a family does: demo.guardian writes to Leo's teacher from the
 * teacher's name, pays Maya's fees (a resubmit and a lost answer charge once), reports an absence,
 * reads and clears alerts and saves notification settings, each checked on the page and in the
 * rows; the same by keyboard alone; and an axe scan of each view.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../db/client.ts'
import type { SubgraphName } from '../../lib/subgraphs.ts'
import { startTestSystem, type TestSystem } from '../support/system.ts'
import { linkedStudents } from '../support/people.ts'
import { axeViolations, chromiumInstalled, launchBrowser, newPhonePage, signInWithDemoLogin, tabTo } from '../support/browser.ts'

describe.runIf(chromiumInstalled())('the family page: writing, paying, reporting, alerts, settings', () => {
  let t: TestSystem
  let browser: Browser
  let maya: string
  let leo: string
  let guardian: string
  let root: string

  beforeAll(async () => {
    t = await startTestSystem({ network: true, writable: 'web_actions' })
    browser = await launchBrowser()
    const children = await linkedStudents(t, 'demo.guardian')
    const idOf = (name: string) => {
      const found = children.find((c) => c.firstName === name)
      if (!found) throw new Error(`demo.guardian has no child named ${name}`)
      return found.id
    }
    maya = idOf('Maya')
    leo = idOf('Leo')
    guardian = await t.personId('demo.guardian')
    root = t.system.gatewayUrl.replace(/\/graphql$/, '/')
  }, 120_000)
  afterAll(async () => {
    await browser.close()
    await t.close()
  })

  const rows = async <Row>(subgraph: SubgraphName, query: ReturnType<typeof sql>) => rowsOf<Row>(await t.db(subgraph).execute(query))

  /** demo.guardian signed in by the sign-in screen's demo login, on the dashboard. */
  async function signedIn(): Promise<{ page: Page; close: () => Promise<void> }> {
    const { page, context } = await newPhonePage(browser)
    await signInWithDemoLogin(page, root, 'demo.guardian')
    return { page, close: () => context.close() }
  }

  const go = (page: Page, hash: string) => page.goto(`${root}${hash}`)

  /** The ledger's payments by demo.guardian for a child, oldest first. */
  const paymentsBy = (student: string) =>
    rows<{ id: string; amount_cents: number }>('finance', sql`select id, amount_cents from finance.payments where student_id = ${student} and contact_id = ${guardian} order by received_at`)

  /** Presses Tab until the focused element's accessible text matches, as a keyboard user would look for it. */
  it('writes to Leo’s teacher from the teacher’s name and sees the message in the conversation (and in messaging)', async () => {
    const { page, close } = await signedIn()
    await go(page, `#/child/${leo}`)
    await page.getByRole('link', { name: 'Morgan Lee' }).first().click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Write to Leo’s teacher')
    await expect.poll(() => page.getByLabel('To').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('Morgan Lee')
    expect(await axeViolations(page)).toStrictEqual([])

    // An empty message is refused on the page, in a sentence that takes the focus; the subject stays.
    await page.getByLabel('Subject').fill('Field trip form')
    await page.getByRole('button', { name: 'Send message' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Write a message before sending.')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert')
    expect(await page.getByLabel('Subject').inputValue()).toBe('Field trip form')

    const body = `Leo left the form at school. (${randomUUID().slice(0, 8)})`
    await page.getByLabel('Message', { exact: true }).fill(body)
    await page.getByRole('button', { name: 'Send message' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Field trip form')
    await expect.poll(() => page.locator('.act-message-body').allTextContents()).toStrictEqual([body])
    await expect.poll(() => page.locator('.act-message-meta strong').allTextContents()).toStrictEqual(['You'])
    expect(await page.getByText('With Morgan Lee').count()).toBe(1)
    const stored = await rows<{ subject: string; body: string; sender_id: string }>(
      'messaging',
      sql`select th.subject, m.body, m.sender_id from messaging.messages m join messaging.threads th on th.id = m.thread_id where m.body = ${body}`,
    )
    expect(stored).toStrictEqual([{ subject: 'Field trip form', body, sender_id: guardian }])
    expect(await axeViolations(page)).toStrictEqual([])

    // A reply lands in the same conversation, and the box empties.
    await page.getByLabel('Your reply').fill('Also: he will be late on Friday.')
    await page.getByRole('button', { name: 'Send reply' }).click()
    await expect.poll(() => page.locator('.act-message-body').allTextContents()).toStrictEqual([body, 'Also: he will be late on Friday.'])
    expect(await page.getByLabel('Your reply').inputValue()).toBe('')
    await close()
  })

  it('pays Maya’s fees: a double submit and a resubmit after a lost answer each charge once, and the dashboard shows the new balance', async () => {
    const { page, close } = await signedIn()
    const earlier = new Set((await paymentsBy(maya)).map((p) => p.id))
    // The payments this test makes: the seed's history has the family's earlier ones.
    const payments = async () => (await paymentsBy(maya)).filter((p) => !earlier.has(p.id)).map((p) => ({ amount_cents: p.amount_cents }))
    const charges = async () => (await rows<{ n: number }>('finance', sql`select count(*)::int as n from finance.dev_provider_charges`))[0]?.n
    const chargesBefore = await charges()

    await go(page, `#/child/${maya}/pay`)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Pay Maya’s fees')
    await page.getByLabel('Amount in dollars').waitFor()
    expect(await axeViolations(page)).toStrictEqual([])

    // An amount over what the chosen fees owe is refused on the page, and nothing is sent.
    await page.getByLabel('Amount in dollars').fill('99999')
    await page.getByRole('button', { name: /^Pay/ }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^Enter an amount in dollars and cents, more than \$0\.00 and no more than \$[\d,]+\.\d\d\.$/)

    // Two submits in the same moment (around the button, which is disabled only from the next render).
    await page.getByLabel('Amount in dollars').fill('12.50')
    await page.evaluate(() => {
      const form = document.querySelector<HTMLFormElement>('main form')
      form?.requestSubmit()
      form?.requestSubmit()
    })
    await page.getByRole('heading', { name: 'Payment received' }).waitFor()
    expect(await page.getByText(/^\$12\.50 paid on /).count()).toBe(1)
    const owed = await page.getByText(/still owed for this child\.$/).textContent()
    expect(await payments()).toStrictEqual([{ amount_cents: 1250 }])
    expect(await charges()).toBe((chargesBefore ?? 0) + 1)
    expect(await axeViolations(page)).toStrictEqual([])

    // The dashboard, refreshed after the payment, says the same balance.
    await page.getByRole('link', { name: 'Back to the dashboard' }).click()
    const balance = owed?.replace(' still owed for this child.', '') ?? 'none'
    await expect.poll(() => page.locator('main').textContent()).toContain(balance)

    // A payment whose answer is lost on the way back: the family presses Pay again, and the same key charges once.
    await go(page, `#/child/${maya}/pay`)
    await page.getByLabel('Amount in dollars').fill('3.00')
    let lost = 0
    await page.route('**/graphql', async (route) => {
      if (lost === 0 && (route.request().postData() ?? '').includes('"PayFees"')) {
        lost++
        await route.fetch()
        await route.abort('connectionreset')
        return
      }
      await route.continue()
    })
    await page.getByRole('button', { name: 'Pay $3.00' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(
      'We could not confirm the payment. Press Pay again to finish it: you will not be charged twice. The form stays as it was sent until then.',
    )
    expect(await page.getByLabel('Amount in dollars').isDisabled()).toBe(true)
    expect(await payments()).toStrictEqual([{ amount_cents: 1250 }, { amount_cents: 300 }])
    await page.getByRole('button', { name: 'Pay $3.00' }).click()
    await page.getByRole('heading', { name: 'Payment received' }).waitFor()
    expect(lost).toBe(1)
    expect(await payments()).toStrictEqual([{ amount_cents: 1250 }, { amount_cents: 300 }])
    expect(await charges()).toBe((chargesBefore ?? 0) + 2)
    await close()
  })

  it('reports Maya’s absence and sees it waiting for review, on the page, on the dashboard and in attendance', async () => {
    const { page, close } = await signedIn()
    await go(page, `#/child/${maya}/absence`)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Report Maya’s absence')
    const date = await page.getByLabel('Day of the absence').inputValue()
    expect(date).toMatch(/^\d{4}-\d\d-\d\d$/)
    expect(await axeViolations(page)).toStrictEqual([])

    // "Other reason" needs a note: the page says so before sending, and keeps the choice.
    await page.getByLabel('Reason').selectOption({ label: 'Other reason' })
    await page.getByRole('button', { name: 'Send the notice' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Say in the note why your child is away, since the reason is “Other reason”.')

    // A day the graph refuses (long before this term): its refusal as a sentence, and what was typed stays.
    await page.getByLabel('Reason').selectOption({ label: 'Medical appointment' })
    await page.getByLabel('Note for the school').fill('Dentist at 9, back by 11.')
    await page.getByLabel('Day of the absence').fill('2019-09-03')
    await page.getByRole('button', { name: 'Send the notice' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The school could not take this notice. Check that the day is a school day of this term, and try again.')
    expect(await page.getByLabel('Note for the school').inputValue()).toBe('Dentist at 9, back by 11.')

    await page.getByLabel('Day of the absence').fill(date)
    await page.getByRole('button', { name: 'Send the notice' }).click()
    await page.getByRole('heading', { name: 'Notice sent' }).waitFor()
    expect(await page.getByText('Waiting for the school’s review').count()).toBe(1)
    expect(await page.getByText(/^For .*: Medical appointment\.$/).count()).toBe(1)
    expect(await rows('attendance', sql`select date::text as date, reason::text as reason, note, status::text as status from attendance.absence_notices where student_id = ${maya} and date = ${date}`)).toStrictEqual([
      { date, reason: 'Medical appointment', note: 'Dentist at 9, back by 11.', status: 'Pending' },
    ])
    expect(await axeViolations(page)).toStrictEqual([])
    await page.getByRole('link', { name: 'Back to the dashboard' }).click()
    await expect.poll(() => page.locator('main').textContent()).toContain('Dentist at 9, back by 11.')
    await close()
  })

  it('reads the alerts, marks one read and then all, and the rows say so', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()]
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000)
    const alert = (id: string, student: string, title: string, minutesAgo: number, outboxId: number) =>
      sql`(${id}, ${guardian}, ${student}, 'missing-work', 'missing work', ${title}, 'Ask the teacher if it can still be turned in.', 'en', 'academics', ${outboxId}, ${at(minutesAgo)}, ${at(minutesAgo)})`
    await t.db('messaging').execute(
      sql`insert into messaging.alerts (id, contact_id, student_id, event_kind, kind, title, body, language, source, outbox_id, created_at, updated_at) values
          ${alert(ids[0] ?? '', maya, 'Maya: missing work in Reading', 3, 900001)},
          ${alert(ids[1] ?? '', leo, 'Leo: missing work in Geometry', 2, 900002)},
          ${alert(ids[2] ?? '', leo, 'Leo: missing work in Biology', 1, 900003)}`,
    )
    const { page, close } = await signedIn()
    await go(page, '#/alerts')
    await expect.poll(() => page.getByText(/unread alerts?\.$/).textContent()).toBe('3 unread alerts.')
    expect(await page.locator('.act-alert h2').allTextContents()).toStrictEqual(['Leo: missing work in Biology', 'Leo: missing work in Geometry', 'Maya: missing work in Reading'])
    expect(await axeViolations(page)).toStrictEqual([])

    await page.locator('.act-alert').filter({ hasText: 'Geometry' }).getByRole('button', { name: 'Mark as read' }).click()
    await expect.poll(() => page.getByText(/unread alerts?\.$/).textContent()).toBe('2 unread alerts.')
    expect(await page.locator('.act-alert').filter({ hasText: 'Geometry' }).locator('.act-badge').textContent()).toBe('Read')
    await page.getByRole('button', { name: 'Mark all as read' }).click()
    await expect.poll(() => page.getByText(/unread alerts?\.$/).textContent()).toBe('No unread alerts.')
    expect(await page.locator('.act-badge').allTextContents()).toStrictEqual(['Read', 'Read', 'Read'])
    expect(await page.getByRole('button', { name: 'Mark all as read' }).isDisabled()).toBe(true)
    const unread = await rows('messaging', sql`select id from messaging.alerts where contact_id = ${guardian} and read_at is null`)
    expect(unread).toStrictEqual([])
    expect(await axeViolations(page)).toStrictEqual([])
    await close()
  })

  it('saves notification settings: texts only after the opt-in, and the rows hold what was chosen', async () => {
    const { page, close } = await signedIn()
    await go(page, '#/settings')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Notification settings')
    expect(await axeViolations(page)).toStrictEqual([])
    const missingWork = page.getByRole('group', { name: 'Missing work' })
    // Not opted in: no kind offers texts (the district's defaults name SMS for some, but none would be sent).
    expect(await missingWork.getByLabel('Text message').isDisabled()).toBe(true)
    expect(await page.getByRole('group', { name: 'Unexcused absences' }).getByLabel('Text message').isChecked()).toBe(false)

    // A threshold out of range is refused on the page, and what was typed stays.
    await page.getByLabel('Tell me when a grade falls below this percent').fill('150')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The grade threshold must be a whole number from 1 to 100.')
    expect(await page.getByLabel('Tell me when a grade falls below this percent').inputValue()).toBe('150')

    // Opting in shows the texts each kind would send (the district's defaults until changed).
    await page.getByLabel('Send me text messages. Reply STOP to any text to stop them.').check()
    expect(await page.getByRole('group', { name: 'Unexcused absences' }).getByLabel('Text message').isChecked()).toBe(true)
    await missingWork.getByLabel('Text message').check()
    await page.getByLabel('Tell me when a grade falls below this percent').fill('75')
    await page.getByLabel(/^Hold texts and app notifications/).check()
    await page.getByLabel('Quiet from').fill('21:30')
    await page.getByLabel('Quiet until').fill('06:45')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Your settings are saved.')
    expect(await axeViolations(page)).toStrictEqual([])

    expect(
      await rows('messaging', sql`select kind::text as kind, channel::text as channel, enabled, threshold from messaging.notification_preferences where contact_id = ${guardian} and (channel = 'SMS' and kind = 'missing work' or kind = 'grades' and channel = 'email') order by kind::text`),
    ).toStrictEqual([
      { kind: 'grades', channel: 'email', enabled: true, threshold: 75 },
      { kind: 'missing work', channel: 'SMS', enabled: true, threshold: null },
    ])
    const [settings] = await rows<{ start: string; end: string; opted: boolean }>(
      'messaging',
      sql`select quiet_hours_start::text as start, quiet_hours_end::text as end, sms_opted_in_at is not null as opted from messaging.notification_settings where contact_id = ${guardian}`,
    )
    expect(settings).toStrictEqual({ start: '21:30:00', end: '06:45:00', opted: true })

    // The saved settings are what the page shows when it opens again.
    await page.reload()
    await page.getByRole('button', { name: 'Save settings' }).waitFor()
    expect(await page.getByRole('group', { name: 'Missing work' }).getByLabel('Text message').isChecked()).toBe(true)
    expect(await page.getByLabel('Quiet from').inputValue()).toBe('21:30')
    await close()
  })

  it('by keyboard alone: writes to a teacher, pays a fee and reports an absence', async () => {
    const { page, close } = await signedIn()
    await go(page, `#/child/${leo}`)

    await tabTo(page, /^A Morgan Lee$/)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Write to Leo’s teacher')
    await tabTo(page, /^INPUT Subject$/)
    await page.keyboard.type('Quiz on Monday')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Can Leo take the quiz on Tuesday instead?')
    await tabTo(page, /^BUTTON Send message$/)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Quiz on Monday')
    await expect.poll(() => page.locator('.act-message-body').allTextContents()).toStrictEqual(['Can Leo take the quiz on Tuesday instead?'])

    await tabTo(page, /^A Back to the dashboard$/)
    await page.keyboard.press('Enter')
    await page.locator('main[data-dashboard="ready"]').waitFor()
    const earlier = new Set((await paymentsBy(leo)).map((p) => p.id))
    await tabTo(page, /^A Pay/)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Pay Leo’s fees')
    await tabTo(page, /^INPUT Amount in dollars$/)
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('2.25')
    await tabTo(page, /^BUTTON Pay \$2\.25$/)
    await page.keyboard.press('Space')
    await page.getByRole('heading', { name: 'Payment received' }).waitFor()
    expect((await paymentsBy(leo)).filter((p) => !earlier.has(p.id)).map((p) => p.amount_cents)).toStrictEqual([225])

    await tabTo(page, /^A Back to the dashboard$/)
    await page.keyboard.press('Enter')
    await page.locator('main[data-dashboard="ready"]').waitFor()
    await tabTo(page, /^A Report an absence/)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Report Leo’s absence')
    await tabTo(page, /^SELECT Reason$/)
    await page.keyboard.press('ArrowDown')
    expect(await page.getByLabel('Reason').inputValue()).toBe('MEDICAL_APPOINTMENT')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Orthodontist.')
    await tabTo(page, /^BUTTON Send the notice$/)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Notice sent' }).waitFor()
    expect(await rows('attendance', sql`select note, status::text as status from attendance.absence_notices where student_id = ${leo} and note = 'Orthodontist.'`)).toStrictEqual([
      { note: 'Orthodontist.', status: 'Pending' },
    ])
    await close()
  })

  it('says so in a sentence when the graph cannot answer, and keeps what was typed (attendance stopped)', async () => {
    const { page, close } = await signedIn()
    await go(page, `#/child/${maya}/absence`)
    await page.getByLabel('Note for the school').fill('Family trip, back Monday.')
    await t.system.stopSubgraph('attendance')
    await page.getByRole('button', { name: 'Send the notice' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('This part of the district’s system is not answering right now. Nothing was lost: try again in a few minutes.')
    // Focus moves to the sentence in an effect after it is painted: wait for it as a reader's screen reader would.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert')
    expect(await page.getByLabel('Note for the school').inputValue()).toBe('Family trip, back Monday.')
    await close()
  })
})
