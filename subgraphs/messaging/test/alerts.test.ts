/**
 * Families' alerts, end to end: a change recorded by its own subgraph lands in that subgraph's
 * outbox in the change's transaction, the relay hands it to the job queue, messaging makes one
 * alert per guardian who wants it, in the guardian's language and naming the child, and delivers
 * it on the channels the guardian chose (the development sink here, SMTP in the last part), trying
 * again with growing waits when a channel fails. Guardians read and clear their alerts and choose
 * what they hear about; nobody else may.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import * as academics from '../../academics/db/schema.ts'
import * as attendance from '../../attendance/db/schema.ts'
import * as behaviour from '../../behaviour/db/schema.ts'
import * as finance from '../../finance/db/schema.ts'
import * as messaging from '../db/schema.ts'
import { relayOnce } from '../../kit/queue.ts'
import { renderAlert } from '../alerts/catalogue.ts'
import { AREAS, type Viewer } from '../../../lib/contract/index.ts'
import { childrenOf, one } from '../../../test/support/people.ts'
import { createTestSubgraph } from '../../../test/support/subgraph.ts'
import { startTestSystem, type TestSystem } from '../../../test/support/system.ts'

const operation = (name: string) => fs.readFileSync(`schema/operations/${name}.graphql`, 'utf8')
const PREFERENCES = operation('NotificationSettings')
const UPDATE = operation('UpdateNotificationPreferences')
const ALERTS = operation('Alerts')
const MARK = operation('MarkAlertsRead')

interface AlertAnswer {
  id: string
  kind: string | null
  student: { id: string; firstName: string } | null
  title: string
  body: string
  language: string
  createdAt: string
  read: boolean
}
interface AlertsData {
  me: { alerts: { unreadCount: number; endCursor: string | null; hasNextPage: boolean; alerts: AlertAnswer[] } | null }
}

let t: TestSystem
let sinkDir: string
let alex: string
let leo: string
let maya: string

/** Waits (polling, bounded) until `check` returns something. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`)
    await new Promise((resolve) => setTimeout(resolve, 150))
  }
}

function sinkLines(channel: string): Array<Record<string, string>> {
  const file = path.join(sinkDir, `${channel}.ndjson`)
  if (!fs.existsSync(file)) return []
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, string>)
}

async function alertRowsOf(contactId: string) {
  return t.db('messaging').select().from(messaging.alerts).where(eq(messaging.alerts.contactId, contactId)).orderBy(desc(messaging.alerts.createdAt), desc(messaging.alerts.id))
}

beforeAll(async () => {
  sinkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-sink-'))
  t = await startTestSystem({
    writable: 'alerts',
    env: {
      BACKGROUND_JOBS: 'on',
      OUTBOX_POLL_MS: '100',
      QUEUE_POLL_SECONDS: '0.5',
      DELIVERY_SINK_DIR: sinkDir,
      DELIVERY_RETRY_DELAY_SECONDS: '1',
      SMS_WEBHOOK_SECRET: 'test-webhook-secret',
      RATE_LIMIT_PER_VIEWER: '100000',
      RATE_LIMIT_PER_ADDRESS: '100000',
    },
  })
  alex = await t.personId('demo.guardian')
  leo = await t.personId('demo.student')
  maya = one((await childrenOf(t, 'demo.guardian')).filter((c) => c.firstName === 'Maya'), 'Maya').id
}, 120_000)
afterAll(async () => {
  await t.close()
  fs.rmSync(sinkDir, { recursive: true, force: true })
})

describe('notification preferences', () => {
  it('a guardian reads every kind with the defaults where nothing is saved, and changes some', async () => {
    const before = await t.query<{ me: { notificationPreferences: { kinds: Array<{ kind: string; channels: string[]; threshold: number | null }>; smsOptedIn: boolean } } }>({ login: 'demo.guardian' }, PREFERENCES)
    expect(before.body.errors).toBeUndefined()
    const kinds = before.body.data?.me.notificationPreferences.kinds ?? []
    expect(kinds.map((k) => k.kind)).toEqual(['UNEXCUSED_ABSENCE', 'GRADE_BELOW_THRESHOLD', 'MISSING_WORK', 'LOW_MEAL_BALANCE', 'BEHAVIOUR_INCIDENT', 'NEW_MESSAGE', 'ANNOUNCEMENT'])
    // What the rows say (saved) or the district's defaults (not saved), channel by channel.
    const rows = await t.db('messaging').select().from(messaging.notificationPreferences).where(eq(messaging.notificationPreferences.contactId, alex))
    for (const k of kinds) {
      const dbKind = messaging.notificationKind.enumValues.find((v) => ({ attendance: 'UNEXCUSED_ABSENCE', grades: 'GRADE_BELOW_THRESHOLD', 'missing work': 'MISSING_WORK', 'low meal balance': 'LOW_MEAL_BALANCE', behaviour: 'BEHAVIOUR_INCIDENT', messages: 'NEW_MESSAGE', announcements: 'ANNOUNCEMENT' })[v] === k.kind)
      if (!dbKind) throw new Error(k.kind)
      const expected = messaging.notificationChannel.enumValues.filter((c) => rows.find((r) => r.kind === dbKind && r.channel === c)?.enabled ?? messaging.DEFAULT_NOTIFICATION_PREFERENCES[dbKind][c])
      expect(k.channels).toEqual(expected.map((c) => c.toUpperCase()))
    }

    const updated = await t.query({ login: 'demo.guardian' }, UPDATE, {
      input: { kinds: [{ kind: 'NEW_MESSAGE', channels: ['EMAIL', 'PUSH'] }, { kind: 'GRADE_BELOW_THRESHOLD', channels: ['EMAIL'], threshold: 85 }], quietHours: null },
    })
    expect(updated.body.errors).toBeUndefined()
    const saved = await t.db('messaging').select().from(messaging.notificationPreferences).where(and(eq(messaging.notificationPreferences.contactId, alex), eq(messaging.notificationPreferences.kind, 'messages'))).orderBy(asc(messaging.notificationPreferences.channel))
    expect(saved.map((r) => [r.channel, r.enabled])).toEqual([['email', true], ['SMS', false], ['push', true]])
    const grades = await t.db('messaging').select().from(messaging.notificationPreferences).where(and(eq(messaging.notificationPreferences.contactId, alex), eq(messaging.notificationPreferences.kind, 'grades')))
    expect(grades.map((r) => r.threshold)).toEqual([85, 85, 85])
  })

  it('refuses texts before the opt-in, a threshold out of range or on another kind, and bad quiet hours, changing nothing', async () => {
    const before = await t.db('messaging').select().from(messaging.notificationPreferences).where(eq(messaging.notificationPreferences.contactId, alex))
    for (const input of [
      { kinds: [{ kind: 'MISSING_WORK', channels: ['SMS'] }], smsOptIn: false },
      { kinds: [{ kind: 'GRADE_BELOW_THRESHOLD', channels: ['EMAIL'], threshold: 0 }] },
      { kinds: [{ kind: 'MISSING_WORK', channels: ['EMAIL'], threshold: 50 }] },
      { kinds: [{ kind: 'MISSING_WORK', channels: ['EMAIL', 'EMAIL'] }] },
      { quietHours: { start: '21:00:00', end: '21:00:00' } },
      {},
    ]) {
      const answer = await t.query({ login: 'demo.guardian' }, UPDATE, { input })
      expect(answer.body.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT')
      expect(answer.body.errors?.[0]?.message).toMatch(/.+\.$/)
    }
    const after = await t.db('messaging').select().from(messaging.notificationPreferences).where(eq(messaging.notificationPreferences.contactId, alex))
    expect(after).toEqual(before)
  })

  it('only guardians have preferences and alerts: students, teachers and admins are refused', async () => {
    for (const login of ['demo.student', 'demo.teacher', 'demo.admin']) {
      const read = await t.query<{ me: { notificationPreferences: unknown } }>({ login }, PREFERENCES)
      expect(read.body.data?.me.notificationPreferences, login).toBeNull()
      expect(read.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
      const alerts = await t.query<AlertsData>({ login }, ALERTS)
      expect(alerts.body.data?.me.alerts, login).toBeNull()
      const write = await t.query({ login }, UPDATE, { input: { smsOptIn: true } })
      expect(write.body.errors?.[0]?.extensions?.code, login).toBe('FORBIDDEN')
      const mark = await t.query({ login }, MARK, { input: { all: true } })
      expect(mark.body.errors?.[0]?.extensions?.code, login).toBe('FORBIDDEN')
    }
    const settings = await t.db('messaging').select().from(messaging.notificationSettings)
    expect(settings.filter((s) => s.contactId !== alex)).toEqual([])
  })
})

describe('from a change to an alert', () => {
  it('a teacher writes to a guardian: messaging’s outbox holds the event, and the guardian gets one alert in their language, by email and push', async () => {
    const teacher = await t.personId('demo.teacher')
    const sent = await t.query<{ sendMessage: { thread: { id: string; subject: string } } }>({ login: 'demo.teacher' }, operation('SendMessage'), {
      input: { studentId: leo, guardianId: alex, subject: 'Leo’s reading log', body: 'Leo has been reading every night. Well done!' },
    })
    expect(sent.body.errors).toBeUndefined()
    const threadId = sent.body.data?.sendMessage.thread.id
    // The event exists with the message, whether or not anyone opens the portal.
    const [event] = await t.db('messaging').select().from(messaging.outbox).where(sql`${messaging.outbox.payload}->>'threadId' = ${threadId}`)
    expect(event).toMatchObject({ kind: 'new-message', studentId: leo, payload: { threadId, senderId: teacher, subject: 'Leo’s reading log' } })

    const rows = await eventually('the alert', async () => {
      const found = (await alertRowsOf(alex)).filter((a) => a.source === 'messaging' && a.outboxId === event?.id)
      return found.length > 0 ? found : undefined
    })
    expect(rows).toHaveLength(1)
    const [recipient] = await t.db('messaging').select().from(messaging.alertRecipients).where(and(eq(messaging.alertRecipients.contactId, alex), eq(messaging.alertRecipients.studentId, leo)))
    const [participant] = await t.db('messaging').select().from(messaging.threadParticipants).where(and(eq(messaging.threadParticipants.threadId, threadId ?? ''), eq(messaging.threadParticipants.personId, teacher)))
    const expected = renderAlert('newMessage', recipient?.language ?? 'en', { child: 'Leo', sender: participant?.displayName ?? '', subject: 'Leo’s reading log' }, t.config.alerts.timeZone)
    expect(rows[0]).toMatchObject({ studentId: leo, kind: 'messages', eventKind: 'new-message', title: expected.title, body: expected.body, language: expected.language, readAt: null })

    // Delivered on the channels chosen above (email and push; no SMS without the opt-in), each marked sent.
    const deliveries = await eventually('both deliveries sent', async () => {
      const d = await t.db('messaging').select().from(messaging.alertDeliveries).where(eq(messaging.alertDeliveries.alertId, rows[0]?.id ?? ''))
      return d.length === 2 && d.every((x) => x.status === 'sent') ? d : undefined
    })
    expect(deliveries.map((d) => d.channel).sort()).toEqual(['email', 'push'])
    const email = sinkLines('email').filter((line) => line.alertId === rows[0]?.id)
    expect(email).toHaveLength(1)
    expect(email[0]).toMatchObject({ to: recipient?.email, subject: expected.title, body: expected.body, language: expected.language })
    expect(email[0]?.unsubscribeUrl).toMatch(/\/notifications\/unsubscribe\?token=/)

    // The feed shows exactly the rows, newest first, unread.
    const feed = await t.query<AlertsData>({ login: 'demo.guardian' }, ALERTS, { first: 50 })
    expect(feed.body.errors).toBeUndefined()
    const all = await alertRowsOf(alex)
    expect(feed.body.data?.me.alerts?.alerts).toEqual(
      all.map((a) => ({ id: a.id, kind: a.kind === 'messages' ? 'NEW_MESSAGE' : expect.any(String), student: { id: a.studentId, firstName: expect.any(String) }, title: a.title, body: a.body, language: a.language, createdAt: a.createdAt.toISOString(), read: false })),
    )
    expect(feed.body.data?.me.alerts?.unreadCount).toBe(all.length)
  })

  it('the cafeteria’s own system takes Maya’s balance under its threshold: finance’s outbox holds the event in that transaction, and the alert follows', async () => {
    const [account] = await t.db('finance').select().from(finance.mealAccounts).where(eq(finance.mealAccounts.studentId, maya))
    const [{ balance } = { balance: 0 }] = await t.db('finance').select({ balance: sql<number>`coalesce(sum(${finance.mealTransactions.amountCents}), 0)::int` }).from(finance.mealTransactions).where(eq(finance.mealTransactions.studentId, maya))
    const threshold = account?.lowBalanceThresholdCents ?? 0
    // Top up to the threshold, then a purchase that takes it under: exactly one crossing.
    const events = await t.db('finance').transaction(async (tx) => {
      if (balance < threshold) await tx.insert(finance.mealTransactions).values({ id: randomUUID(), studentId: maya, occurredAt: new Date(), kind: 'Adjustment', amountCents: threshold - balance, description: 'Test top-up' })
      await tx.insert(finance.mealTransactions).values({ id: randomUUID(), studentId: maya, occurredAt: new Date(), kind: 'Purchase', amountCents: -1, description: 'Lunch' })
      return tx.select().from(finance.outbox).where(and(eq(finance.outbox.studentId, maya), eq(finance.outbox.kind, 'low-meal-balance')))
    })
    expect(events.map((e) => e.payload)).toEqual([{ balanceCents: threshold - 1, thresholdCents: threshold }])
    const alert = await eventually('the low-balance alert', async () => (await alertRowsOf(alex)).find((a) => a.eventKind === 'low-meal-balance' && a.outboxId === events[0]?.id))
    expect(alert).toMatchObject({ studentId: maya, kind: 'low meal balance' })
    expect(alert.title).toContain('Maya')
  })

  it('the gradebook import marks Leo’s work missing and posts a grade under the family’s threshold: academics’ outbox holds both, and both alerts follow', async () => {
    const g = academics.studentGradebookEntries
    const [entry] = await t
      .db('academics')
      .select({ id: g.id, title: academics.gradebookEntries.title, dueDate: academics.gradebookEntries.dueDate, sectionId: academics.gradebookEntries.sectionId, course: academics.courses.title })
      .from(g)
      .innerJoin(academics.gradebookEntries, eq(academics.gradebookEntries.id, g.gradebookEntryId))
      .innerJoin(academics.sections, eq(academics.sections.id, academics.gradebookEntries.sectionId))
      .innerJoin(academics.courses, eq(academics.courses.id, academics.sections.courseId))
      .where(and(eq(g.studentId, leo), eq(g.missing, false)))
      .orderBy(asc(g.id))
      .limit(1)
    if (!entry) throw new Error('Leo has no work that is not missing')
    await t.db('academics').update(g).set({ missing: true }).where(eq(g.id, entry.id))
    const [grade] = await t.db('academics').select().from(academics.sectionGrades).where(eq(academics.sectionGrades.studentId, leo)).orderBy(asc(academics.sectionGrades.id)).limit(1)
    if (!grade) throw new Error('Leo has no grade')
    await t.db('academics').update(academics.sectionGrades).set({ numericGradeEarned: 61.5, letterGradeEarned: 'D-' }).where(eq(academics.sectionGrades.id, grade.id))
    const events = await t.db('academics').select().from(academics.outbox).where(eq(academics.outbox.studentId, leo)).orderBy(asc(academics.outbox.id))
    expect(events.map((e) => [e.kind, e.payload])).toEqual([
      ['missing-work', { sectionId: entry.sectionId, courseTitle: entry.course, assignmentTitle: entry.title, dueDate: entry.dueDate }],
      ['section-grade', { sectionId: grade.sectionId, courseTitle: expect.any(String), percent: 61.5, letter: 'D-' }],
    ])
    const missing = await eventually('the missing-work alert', async () => (await alertRowsOf(alex)).find((a) => a.source === 'academics' && a.outboxId === events[0]?.id))
    expect(missing).toMatchObject({ studentId: leo, kind: 'missing work' })
    expect(missing.body).toContain(entry.title)
    // Alex chose 85 above: 61.5 is under it.
    const low = await eventually('the grade alert', async () => (await alertRowsOf(alex)).find((a) => a.source === 'academics' && a.outboxId === events[1]?.id))
    expect(low).toMatchObject({ studentId: leo, kind: 'grades' })
  })

  it('the school records Maya absent without an excuse: attendance’s outbox holds the event, and the alert names the day', async () => {
    const [day] = await t.db('attendance').select().from(attendance.studentSchoolAttendanceEvents).where(eq(attendance.studentSchoolAttendanceEvents.studentId, maya)).orderBy(desc(attendance.studentSchoolAttendanceEvents.eventDate)).limit(1)
    const [association] = await t.db('attendance').select().from(attendance.studentSchoolAssociations).where(eq(attendance.studentSchoolAssociations.studentId, maya)).limit(1)
    if (!association) throw new Error('Maya is enrolled nowhere')
    const date = '2026-11-19'
    await t.db('attendance').delete(attendance.studentSchoolAttendanceEvents).where(and(eq(attendance.studentSchoolAttendanceEvents.studentId, maya), eq(attendance.studentSchoolAttendanceEvents.eventDate, date)))
    await t.db('attendance').insert(attendance.studentSchoolAttendanceEvents).values({ id: randomUUID(), studentId: maya, schoolId: association.schoolId, eventDate: date, attendanceEventCategory: 'Unexcused Absence' })
    const [event] = await t.db('attendance').select().from(attendance.outbox).where(and(eq(attendance.outbox.studentId, maya), eq(attendance.outbox.kind, 'unexcused-absence')))
    expect(event?.payload).toEqual({ date, schoolId: association.schoolId })
    const alert = await eventually('the absence alert', async () => (await alertRowsOf(alex)).find((a) => a.source === 'attendance' && a.outboxId === event?.id))
    expect(alert).toMatchObject({ studentId: maya, kind: 'attendance' })
    expect(day).toBeDefined()
  })

  it('a guardian pays a fee: the receipt goes to the one who paid, always, by email (no preference turns it off)', async () => {
    const open = await t.query<{ student: { finance: { openFees: Array<{ id: string; description: string; dueCents: number }> } } }>({ login: 'demo.guardian' }, `query ($id: ID!) { student(id: $id) { finance { openFees { id description dueCents } } } }`, { id: maya })
    const fee = open.body.data?.student.finance.openFees.find((f) => f.dueCents > 0)
    if (!fee) throw new Error('Maya has no open fee')
    const paid = await t.query<{ payFees: { payment: { id: string } } }>({ login: 'demo.guardian' }, operation('PayFees'), {
      input: { studentId: maya, feeIds: [fee.id], amountCents: 1, idempotencyKey: randomUUID() },
    })
    expect(paid.body.errors).toBeUndefined()
    const paymentId = paid.body.data?.payFees.payment.id
    const [event] = await t.db('finance').select().from(finance.outbox).where(sql`${finance.outbox.payload}->>'paymentId' = ${paymentId}`)
    expect(event).toMatchObject({ kind: 'payment-receipt', studentId: maya, payload: { paymentId, payerId: alex, amountCents: 1, lines: [{ description: fee.description, amountCents: 1 }] } })
    const receipt = await eventually('the receipt', async () => (await alertRowsOf(alex)).find((a) => a.source === 'finance' && a.outboxId === event?.id))
    expect(receipt).toMatchObject({ studentId: maya, kind: null, eventKind: 'payment-receipt' })
    expect(receipt.body).toContain(fee.description)
    await eventually('the receipt emailed', () => Promise.resolve(sinkLines('email').some((line) => line.alertId === receipt.id) ? true : undefined))
    // Only the payer: Maya's other guardians get no receipt.
    expect((await t.db('messaging').select().from(messaging.alerts).where(and(eq(messaging.alerts.source, 'finance'), eq(messaging.alerts.outboxId, event?.id ?? 0)))).map((a) => a.contactId)).toEqual([alex])
  })

  it('a guardian reports an absence and the school excuses it: the one who reported hears back', async () => {
    const [association] = await t.db('attendance').select().from(attendance.studentSchoolAssociations).where(eq(attendance.studentSchoolAssociations.studentId, leo)).limit(1)
    const [day] = await t
      .db('attendance')
      .select()
      .from(attendance.calendarDates)
      .where(and(eq(attendance.calendarDates.schoolId, association?.schoolId ?? ''), eq(attendance.calendarDates.calendarEvent, 'Instructional day'), sql`${attendance.calendarDates.date} > '2026-12-05'`))
      .orderBy(asc(attendance.calendarDates.date))
      .limit(1)
    const submitted = await t.query<{ submitAbsenceNotice: { notice: { id: string } } }>({ login: 'demo.guardian' }, operation('SubmitAbsenceNotice'), {
      input: { studentId: leo, date: day?.date, reason: 'ILLNESS', note: 'Fever.' },
    })
    expect(submitted.body.errors).toBeUndefined()
    const noticeId = submitted.body.data?.submitAbsenceNotice.notice.id
    const reviewed = await t.query({ login: 'demo.teacher' }, operation('ReviewAbsenceNotice'), { input: { noticeId, decision: 'EXCUSED' } })
    expect(reviewed.body.errors).toBeUndefined()
    const [event] = await t.db('attendance').select().from(attendance.outbox).where(sql`${attendance.outbox.payload}->>'noticeId' = ${noticeId}`)
    expect(event).toMatchObject({ kind: 'absence-notice-reviewed', studentId: leo, payload: { noticeId, date: day?.date, decision: 'EXCUSED', submittedById: alex } })
    const alert = await eventually('the decision', async () => (await alertRowsOf(alex)).find((a) => a.source === 'attendance' && a.outboxId === event?.id))
    expect(alert).toMatchObject({ studentId: leo, kind: 'attendance', eventKind: 'absence-notice-reviewed' })
    const [recipient] = await t.db('messaging').select().from(messaging.alertRecipients).where(and(eq(messaging.alertRecipients.contactId, alex), eq(messaging.alertRecipients.studentId, leo)))
    expect(alert.title).toBe(renderAlert('noticeExcused', recipient?.language ?? 'en', { child: 'Leo', date: new Date(`${day?.date ?? ''}T12:00:00Z`) }, t.config.alerts.timeZone).title)
  })

  it('an event relayed twice (a relay stopped between publishing and stamping) makes one alert', async () => {
    const incident = await t.db('behaviour').select().from(behaviour.disciplineIncidents).limit(1)
    const [row] = incident
    if (!row) throw new Error('no incident')
    await t.db('behaviour').insert(behaviour.incidentParticipants).values({ id: randomUUID(), incidentId: row.id, studentId: maya, participationCode: 'Witness' })
    const [event] = await t.db('behaviour').select().from(behaviour.outbox).where(eq(behaviour.outbox.studentId, maya)).orderBy(desc(behaviour.outbox.id)).limit(1)
    expect(event).toMatchObject({ kind: 'behaviour-incident', payload: { incidentId: row.id, date: row.incidentDate, category: row.behaviorCategory } })
    await eventually('the event published', async () => ((await t.db('behaviour').select().from(behaviour.outbox).where(eq(behaviour.outbox.id, event?.id ?? 0)))[0]?.publishedAt ? true : undefined))
    // As if the stamp had been lost: the relay publishes the row again.
    await t.db('behaviour').update(behaviour.outbox).set({ publishedAt: null }).where(eq(behaviour.outbox.id, event?.id ?? 0))
    await eventually('the event published again', async () => ((await t.db('behaviour').select().from(behaviour.outbox).where(eq(behaviour.outbox.id, event?.id ?? 0)))[0]?.publishedAt ? true : undefined))
    await eventually('the alert', async () => (await alertRowsOf(alex)).find((a) => a.source === 'behaviour' && a.outboxId === event?.id))
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect((await alertRowsOf(alex)).filter((a) => a.source === 'behaviour' && a.outboxId === event?.id)).toHaveLength(1)
    expect(relayOnce).toBeTypeOf('function')
  })

  it('a guardian marks alerts read, one or all; another guardian’s alert is not theirs to mark', async () => {
    const rows = await alertRowsOf(alex)
    const first = rows[0]
    if (!first) throw new Error('no alerts')
    const one = await t.query<{ markAlertsRead: { unreadCount: number; alerts: Array<{ id: string; read: boolean }> } }>({ login: 'demo.guardian' }, MARK, { input: { alertIds: [first.id] } })
    expect(one.body.errors).toBeUndefined()
    expect(one.body.data?.markAlertsRead).toEqual({ unreadCount: rows.filter((r) => r.readAt === null).length - 1, alerts: [{ id: first.id, read: true }] })
    const other = await t.query({ login: 'restricted.guardian' }, MARK, { input: { alertIds: [rows[1]?.id ?? first.id] } })
    expect(other.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    expect((await alertRowsOf(alex)).find((a) => a.id === rows[1]?.id)?.readAt ?? null).toBeNull()
    const all = await t.query<{ markAlertsRead: { unreadCount: number } }>({ login: 'demo.guardian' }, MARK, { input: { all: true } })
    expect(all.body.data?.markAlertsRead.unreadCount).toBe(0)
    expect((await alertRowsOf(alex)).every((a) => a.readAt !== null)).toBe(true)
  })
})

describe('ways out without signing in', () => {
  const enabledOn = async (channel: 'email' | 'SMS') =>
    (await t.db('messaging').select().from(messaging.notificationPreferences).where(and(eq(messaging.notificationPreferences.contactId, alex), eq(messaging.notificationPreferences.channel, channel)))).map((r) => [r.kind, r.enabled])

  it('the unsubscribe link in an email, through the gateway: GET asks, POST turns email off for every kind; a forged link does nothing', async () => {
    const link = sinkLines('email').find((line) => line.unsubscribeUrl)?.unsubscribeUrl
    if (!link) throw new Error('no email was sent with a link')
    const url = new URL(link)
    const atGateway = `${new URL(t.system.gatewayUrl).origin}${url.pathname}${url.search}`
    const asked = await t.system.fetch(atGateway)
    expect(asked.status).toBe(200)
    expect(await asked.text()).toContain('<form method="post"')
    expect((await enabledOn('email')).some(([, enabled]) => enabled)).toBe(true)

    const forged = await t.system.fetch(atGateway.replace(/token=[^&]+/, 'token=eyJhbGciOiJIUzI1NiJ9.e30.x'), { method: 'POST' })
    expect(forged.status).toBe(400)
    expect((await enabledOn('email')).some(([, enabled]) => enabled)).toBe(true)

    const done = await t.system.fetch(atGateway, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })
    expect(done.status).toBe(200)
    expect((await enabledOn('email')).sort()).toEqual(messaging.notificationKind.enumValues.map((kind) => [kind, false]).sort())
  })

  it('a STOP reply from the guardian’s phone turns texts off and clears the opt-in; the webhook wants its secret', async () => {
    const optIn = await t.query({ login: 'demo.guardian' }, UPDATE, { input: { smsOptIn: true, kinds: [{ kind: 'UNEXCUSED_ABSENCE', channels: ['SMS', 'PUSH'] }] } })
    expect(optIn.body.errors).toBeUndefined()
    const [recipient] = await t.db('messaging').select().from(messaging.alertRecipients).where(eq(messaging.alertRecipients.contactId, alex)).limit(1)
    const from = `+1${(recipient?.phone ?? '').replace(/\D/g, '').slice(-10)}`
    const webhook = `${new URL(t.system.gatewayUrl).origin}/notifications/sms`
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer wrong' }, body: new URLSearchParams({ From: from, Body: 'STOP' }).toString() }
    expect((await t.system.fetch(webhook, form)).status).toBe(401)
    expect((await t.db('messaging').select().from(messaging.notificationSettings).where(eq(messaging.notificationSettings.contactId, alex)))[0]?.smsOptedInAt).not.toBeNull()

    const stop = await t.system.fetch(webhook, { ...form, headers: { ...form.headers, authorization: 'Bearer test-webhook-secret' } })
    expect([stop.status, await stop.text()]).toEqual([204, ''])
    expect((await t.db('messaging').select().from(messaging.notificationSettings).where(eq(messaging.notificationSettings.contactId, alex)))[0]?.smsOptedInAt).toBeNull()
    expect((await enabledOn('SMS')).every(([, enabled]) => enabled === false)).toBe(true)
    const read = await t.query<{ me: { notificationPreferences: { smsOptedIn: boolean; kinds: Array<{ channels: string[] }> } } }>({ login: 'demo.guardian' }, PREFERENCES)
    expect(read.body.data?.me.notificationPreferences.smsOptedIn).toBe(false)
    expect(read.body.data?.me.notificationPreferences.kinds.some((k) => k.channels.includes('SMS'))).toBe(false)
  })
})

describe('messaging called directly, not through the gateway', () => {
  const viewer = (id: string, students: string[]): Viewer => ({ id, role: 'GUARDIAN', students: Object.fromEntries(students.map((s) => [s, [...AREAS]])), allStudents: false, requestId: randomUUID() })
  const ENTITY = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Viewer { id alerts { unreadCount alerts { id title } } notificationPreferences { smsOptedIn } } } }`

  it('refuses a write without the gateway’s token or with a forged one, and writes nothing', async () => {
    const messagingSubgraph = await createTestSubgraph('messaging', t.database)
    const before = await t.db('messaging').select().from(messaging.notificationSettings)
    const write = 'mutation { updateNotificationPreferences(input: { smsOptIn: true }) { notificationPreferences { smsOptedIn } } }'
    const none = await messagingSubgraph.query(write)
    expect(none.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    const forged = await messagingSubgraph.query(write, {}, { token: await messagingSubgraph.forge(viewer(alex, [leo, maya])) })
    expect(forged.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    expect(await t.db('messaging').select().from(messaging.notificationSettings)).toEqual(before)
  })

  it('_entities: a guardian’s alerts and preferences reach that guardian only', async () => {
    const messagingSubgraph = await createTestSubgraph('messaging', t.database)
    const chris = await t.personId('restricted.guardian')
    const other = await messagingSubgraph.asViewer(viewer(chris, [])).query<{ _entities: Array<{ alerts: unknown; notificationPreferences: unknown } | null> }>(ENTITY, { r: [{ __typename: 'Viewer', id: alex }] })
    expect(other.body.data?._entities[0]).toBeNull()
    expect(other.body.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN')
    expect(other.text).not.toContain('Leo')
    const own = await messagingSubgraph.asViewer(viewer(alex, [leo, maya])).query<{ _entities: Array<{ alerts: { alerts: Array<{ id: string }> } } | null> }>(ENTITY, { r: [{ __typename: 'Viewer', id: alex }] })
    expect(own.body.errors).toBeUndefined()
    expect(own.body.data?._entities[0]?.alerts.alerts.map((a) => a.id)).toEqual((await alertRowsOf(alex)).map((a) => a.id).slice(0, 20))
    // A guardian whose access to the children has closed sees none of their alerts.
    const closed = await messagingSubgraph.asViewer(viewer(alex, [])).query<{ _entities: Array<{ alerts: { alerts: unknown[]; unreadCount: number } } | null> }>(ENTITY, { r: [{ __typename: 'Viewer', id: alex }] })
    expect(closed.body.data?._entities[0]?.alerts).toEqual({ unreadCount: 0, alerts: [] })
  })
})

describe('delivery by SMTP', () => {
  it('a mail server that refuses the first try gets the alert on a later one, with the attempts counted', async () => {
    let tries = 0
    const received: string[] = []
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let data = ''
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')))
        stream.on('end', () => {
          tries += 1
          if (tries === 1) {
            callback(Object.assign(new Error('Try again later'), { responseCode: 451 }))
            return
          }
          received.push(data)
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.server.address() as { port: number }).port
    const smtp = await startTestSystem({
      writable: 'alerts_smtp',
      env: { BACKGROUND_JOBS: 'on', OUTBOX_POLL_MS: '100', QUEUE_POLL_SECONDS: '0.5', SMTP_URL: `smtp://127.0.0.1:${port}`, DELIVERY_SINK_DIR: sinkDir, DELIVERY_RETRY_DELAY_SECONDS: '1' },
    })
    try {
      const alexHere = await smtp.personId('demo.guardian')
      const leoHere = await smtp.personId('demo.student')
      const sent = await smtp.query({ login: 'demo.teacher' }, operation('SendMessage'), { input: { studentId: leoHere, guardianId: alexHere, subject: 'Field trip form', body: 'Please sign the form by Friday.' } })
      expect(sent.body.errors).toBeUndefined()
      const delivery = await eventually(
        'the email sent on a retry',
        async () => {
          const [d] = await smtp.db('messaging').select().from(messaging.alertDeliveries).where(eq(messaging.alertDeliveries.channel, 'email'))
          return d?.status === 'sent' ? d : undefined
        },
        40_000,
      )
      expect(delivery.attempts).toBe(2)
      expect(received).toHaveLength(1)
      expect(received[0]).toContain('Field trip form')
      expect(received[0]).toMatch(/List-Unsubscribe:\s+<http/)
    } finally {
      await smtp.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }, 90_000)
})
