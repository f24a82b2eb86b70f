/**
 * Messaging turns the district's events into families' alerts: each event once (by its source
 * and outbox id), for each guardian messaging may tell about the student (its copy of academics'
 * 'student-contacts'), when that guardian's preferences want it, in the guardian's language,
 * naming the child; then one delivery per channel the guardian chose, handed to the queue.
 */
import { randomUUID } from 'node:crypto'
import { and, eq, inArray, ne } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import * as t from '../db/schema.ts'
import type { DistrictEvent } from '../../../lib/contract/index.ts'
import { renderAlert, type AlertMessage } from './catalogue.ts'
import { CHANNELS, notBefore, preferencesOf, type Channel, type Kind, type Preferences } from './preferences.ts'

type Recipient = typeof t.alertRecipients.$inferSelect

/** What one event says to one recipient, or nothing (not for them, or below their threshold). */
interface Rendering {
  /** The preference kind that governs it; null: always sent (a receipt), by email. */
  kind: Kind | null
  message: AlertMessage
  values: Record<string, string | number | Date>
}

/** A calendar date as an instant at noon UTC, so it is the same day in every American time zone. */
const day = (iso: string) => new Date(`${iso.slice(0, 10)}T12:00:00Z`)

function renderingFor(event: DistrictEvent, recipient: Recipient, preferences: Preferences): Rendering | undefined {
  const child = recipient.studentName
  switch (event.kind) {
    case 'missing-work':
      return { kind: 'missing work', message: 'missingWork', values: { child, course: event.payload.courseTitle, assignment: event.payload.assignmentTitle, due: day(event.payload.dueDate) } }
    case 'section-grade': {
      const threshold = preferences.kinds.grades.threshold ?? t.DEFAULT_GRADE_THRESHOLD
      if (event.payload.percent >= threshold) return undefined
      return {
        kind: 'grades',
        message: 'gradeBelow',
        values: { child, course: event.payload.courseTitle, percent: event.payload.percent / 100, threshold: threshold / 100, letter: event.payload.letter ?? 'none' },
      }
    }
    case 'unexcused-absence':
      return { kind: 'attendance', message: 'unexcusedAbsence', values: { child, date: day(event.payload.date) } }
    case 'absence-notice-reviewed':
      if (recipient.contactId !== event.payload.submittedById) return undefined
      return { kind: 'attendance', message: event.payload.decision === 'EXCUSED' ? 'noticeExcused' : 'noticeUnexcused', values: { child, date: day(event.payload.date) } }
    case 'behaviour-incident':
      return { kind: 'behaviour', message: 'behaviourIncident', values: { child, date: day(event.payload.date), category: event.payload.category } }
    case 'low-meal-balance':
      return { kind: 'low meal balance', message: 'lowMealBalance', values: { child, balance: event.payload.balanceCents / 100, threshold: event.payload.thresholdCents / 100 } }
    case 'payment-receipt': {
      if (recipient.contactId !== event.payload.payerId) return undefined
      const lines = event.payload.lines.map((line) => `${line.description}: ${(line.amountCents / 100).toFixed(2)}`).join('; ')
      return { kind: null, message: 'paymentReceipt', values: { child, amount: event.payload.amountCents / 100, paid: new Date(event.payload.paidAt), lines } }
    }
    case 'new-message':
      if (recipient.contactId === event.payload.senderId) return undefined
      return { kind: 'messages', message: 'newMessage', values: { child, sender: event.payload.senderName, subject: event.payload.subject } }
    case 'student-contacts':
      return undefined
  }
}

/** Whom an event may concern: the student's guardians as messaging knows them (for a message, those in the thread). */
async function recipientsOf(db: Db, event: DistrictEvent): Promise<Recipient[]> {
  const r = t.alertRecipients
  if (event.kind === 'new-message') {
    const p = t.threadParticipants
    return db
      .select({ recipient: r })
      .from(r)
      .innerJoin(p, and(eq(p.personId, r.contactId), eq(p.threadId, event.payload.threadId), eq(p.personType, 'Contact')))
      .where(and(eq(r.studentId, event.studentId), ne(r.contactId, event.payload.senderId)))
      .then((rows) => rows.map((row) => row.recipient))
  }
  return db.select().from(r).where(eq(r.studentId, event.studentId))
}

/** Replaces messaging's copy of whom it may alert about the student. */
async function replaceRecipients(db: Db, event: Extract<DistrictEvent, { kind: 'student-contacts' }>): Promise<void> {
  await db.delete(t.alertRecipients).where(eq(t.alertRecipients.studentId, event.studentId))
  const { studentName, schoolId, contacts } = event.payload
  if (contacts.length === 0) return
  await db.insert(t.alertRecipients).values(
    contacts.map((c) => ({ studentId: event.studentId, contactId: c.contactId, studentName, schoolId, displayName: c.displayName, email: c.email, phone: c.phone, language: c.language })),
  )
}

export interface NewDelivery {
  alertId: string
  channel: Channel
  notBefore: Date
}

export interface AlertingOptions {
  /** Channels this process can deliver on (a channel without an adapter gets no deliveries). */
  channels: ReadonlySet<Channel>
  timeZone: string
  now?: () => Date
}

/**
 * Acts on one event in one transaction: marks it processed (a repeat does nothing), then makes its
 * alerts and their deliveries. Returns the deliveries to hand to the queue once committed.
 */
export async function handleEvent(db: Db, event: DistrictEvent, options: AlertingOptions): Promise<NewDelivery[]> {
  return db.transaction(async (tx) => {
    const first = await tx
      .insert(t.processedEvents)
      .values({ source: event.source, outboxId: event.outboxId, kind: event.kind })
      .onConflictDoNothing()
      .returning({ outboxId: t.processedEvents.outboxId })
    if (first.length === 0) return []
    if (event.kind === 'student-contacts') {
      await replaceRecipients(tx, event)
      return []
    }
    const recipients = await recipientsOf(tx, event)
    const preferences = await preferencesOf(tx, recipients.map((r) => r.contactId))
    const now = options.now?.() ?? new Date()
    const alerts: Array<typeof t.alerts.$inferInsert> = []
    const deliveries: Array<typeof t.alertDeliveries.$inferInsert> = []
    for (const recipient of recipients) {
      const prefs = preferences.get(recipient.contactId)
      if (!prefs) continue
      const rendering = renderingFor(event, recipient, prefs)
      if (!rendering) continue
      const channels = rendering.kind === null ? (['email'] as Channel[]) : CHANNELS.filter((c) => prefs.kinds[rendering.kind as Kind].channels[c])
      // A kind turned off on every channel is a kind the guardian does not want to hear about.
      if (channels.length === 0) continue
      const text = renderAlert(rendering.message, recipient.language, rendering.values, options.timeZone)
      const alertId = randomUUID()
      alerts.push({
        id: alertId,
        contactId: recipient.contactId,
        studentId: event.studentId,
        eventKind: event.kind,
        kind: rendering.kind,
        title: text.title,
        body: text.body,
        language: text.language,
        source: event.source,
        outboxId: event.outboxId,
        createdAt: now,
      })
      for (const channel of channels) {
        if (!options.channels.has(channel)) continue
        if (channel === 'SMS' && prefs.smsOptedInAt === null) continue
        deliveries.push({ alertId, channel, address: channel === 'email' ? recipient.email : channel === 'SMS' ? recipient.phone : recipient.contactId, notBefore: notBefore(channel, prefs, now, options.timeZone) })
      }
    }
    if (alerts.length === 0) return []
    const made = new Set((await tx.insert(t.alerts).values(alerts).onConflictDoNothing().returning({ id: t.alerts.id })).map((a) => a.id))
    const kept = deliveries.filter((d) => made.has(d.alertId))
    if (kept.length > 0) await tx.insert(t.alertDeliveries).values(kept)
    return kept.map((d) => ({ alertId: d.alertId, channel: d.channel, notBefore: d.notBefore }))
  })
}

export const DELIVERIES_QUEUE = 'alert-deliveries'

/** Marks deliveries as handed to the queue. */
export async function markQueued(db: Db, deliveries: readonly NewDelivery[]): Promise<void> {
  for (const channel of CHANNELS) {
    const ids = deliveries.filter((d) => d.channel === channel).map((d) => d.alertId)
    if (ids.length > 0) await db.update(t.alertDeliveries).set({ queuedAt: new Date() }).where(and(eq(t.alertDeliveries.channel, channel), inArray(t.alertDeliveries.alertId, ids)))
  }
}
