/**
 * The guardian's side of alerts in the graph: the feed (newest first, only about children the
 * guardian may read now), marking read, and saving preferences.
 */
import { and, count, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import * as t from '../db/schema.ts'
import { badUserInput, canRead, UUID, type Viewer } from '../../kit/index.ts'
import { NOTIFICATION_CHANNEL, NOTIFICATION_KIND } from '../enums.ts'
import type { NotificationChannel, NotificationKind, UpdateNotificationPreferencesInput } from '../generated/resolvers.ts'
import type { AlertMapper, AlertPageMapper } from '../mappers.ts'
import { CHANNELS, KINDS, preferencesOf, type Channel, type Kind, type Preferences } from './preferences.ts'

/** The students whose alerts the viewer may see now: a court order or withdrawn consent hides the old ones too. */
function readableStudents(viewer: Viewer, studentIds: Iterable<string>): string[] {
  return [...studentIds].filter((id) => canRead(viewer, id, 'messaging'))
}

function visibleTo(viewer: Viewer): SQL | undefined {
  const students = readableStudents(viewer, Object.keys(viewer.students))
  return and(eq(t.alerts.contactId, viewer.id), students.length > 0 ? inArray(t.alerts.studentId, students) : sql`false`)
}

async function unreadCountOf(db: Db, viewer: Viewer): Promise<number> {
  const [row] = await db.select({ n: count() }).from(t.alerts).where(and(visibleTo(viewer), isNull(t.alerts.readAt)))
  return row?.n ?? 0
}

export async function alertPage(db: Db, viewer: Viewer, first: number, after: string | null | undefined): Promise<AlertPageMapper> {
  if (after !== null && after !== undefined && !UUID.test(after)) throw badUserInput('after must be an endCursor from an earlier page.')
  const a = t.alerts
  const cursor = after
    ? or(
        lt(a.createdAt, sql`(select created_at from ${a} where id = ${after})`),
        and(eq(a.createdAt, sql`(select created_at from ${a} where id = ${after})`), lt(a.id, after)),
      )
    : undefined
  const [rows, unreadCount] = await Promise.all([
    db.select().from(a).where(and(visibleTo(viewer), cursor)).orderBy(desc(a.createdAt), desc(a.id)).limit(first + 1),
    unreadCountOf(db, viewer),
  ])
  const alerts = rows.slice(0, first)
  return { contactId: viewer.id, alerts, unreadCount, endCursor: rows.length > first ? (alerts.at(-1)?.id ?? null) : null, hasNextPage: rows.length > first }
}

export async function markAlertsRead(db: Db, viewer: Viewer, input: { alertIds?: readonly string[] | null; all?: boolean | null }): Promise<{ unreadCount: number; alerts: AlertMapper[] }> {
  const ids = input.alertIds ?? []
  if (input.all === true && ids.length > 0) throw badUserInput('Name alertIds or set all: true, not both.')
  if (input.all !== true && ids.length === 0) throw badUserInput('Name the alerts to mark read in alertIds, or set all: true.')
  if (ids.length > 200) throw badUserInput('alertIds may name at most 200 alerts.')
  if (ids.some((id) => !UUID.test(id))) throw badUserInput('Each of alertIds must be an id (a UUID).')
  const a = t.alerts
  const now = new Date()
  const which = input.all === true ? visibleTo(viewer) : and(visibleTo(viewer), inArray(a.id, [...ids]))
  const alerts = await db.transaction(async (tx) => {
    await tx.update(a).set({ readAt: now, updatedAt: now }).where(and(which, isNull(a.readAt)))
    return input.all === true ? [] : tx.select().from(a).where(which).orderBy(desc(a.createdAt), desc(a.id))
  })
  // Someone else's alert and an unknown id read alike.
  if (input.all !== true && alerts.length !== new Set(ids).size) throw badUserInput('Each of alertIds must be one of your alerts.')
  return { unreadCount: await unreadCountOf(db, viewer), alerts }
}

const KIND_FROM = Object.fromEntries(Object.entries(NOTIFICATION_KIND).map(([db, gql]) => [gql, db])) as Record<NotificationKind, Kind>
const CHANNEL_FROM = Object.fromEntries(Object.entries(NOTIFICATION_CHANNEL).map(([db, gql]) => [gql, db])) as Record<NotificationChannel, Channel>

const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/

/** Checks and saves a guardian's changes in one transaction; returns the preferences as they now stand. */
export async function updatePreferences(db: Db, viewer: Viewer, input: UpdateNotificationPreferencesInput): Promise<Preferences> {
  const kinds = input.kinds ?? []
  if (input.kinds === undefined && input.quietHours === undefined && (input.smsOptIn === undefined || input.smsOptIn === null)) {
    throw badUserInput('Name something to change: kinds, quietHours or smsOptIn.')
  }
  const seen = new Set<string>()
  for (const k of kinds) {
    if (seen.has(k.kind)) throw badUserInput(`kinds names ${k.kind} twice.`)
    seen.add(k.kind)
    if (new Set(k.channels).size !== k.channels.length) throw badUserInput(`kinds: ${k.kind} names a channel twice.`)
    if (k.threshold !== null && k.threshold !== undefined) {
      if (k.kind !== 'GRADE_BELOW_THRESHOLD') throw badUserInput(`threshold belongs to GRADE_BELOW_THRESHOLD only, not ${k.kind}.`)
      if (!Number.isInteger(k.threshold) || k.threshold < 1 || k.threshold > 100) throw badUserInput('threshold must be a whole percent from 1 to 100.')
    }
  }
  const quiet = input.quietHours
  if (quiet && (!TIME.test(quiet.start) || !TIME.test(quiet.end) || quiet.start.slice(0, 5) === quiet.end.slice(0, 5))) {
    throw badUserInput('quietHours needs a start and an end time of day (HH:MM), not the same.')
  }
  return db.transaction(async (tx) => {
    const current = (await preferencesOf(tx, [viewer.id])).get(viewer.id) as Preferences
    const smsOptedIn = input.smsOptIn === true ? true : input.smsOptIn === false ? false : current.smsOptedInAt !== null
    const wantsSms = kinds.some((k) => k.channels.includes('SMS'))
    if (wantsSms && !smsOptedIn) throw badUserInput('Opt in to texts first (smsOptIn: true) before choosing SMS.')
    const now = new Date()
    const rows: Array<typeof t.notificationPreferences.$inferInsert> = []
    for (const k of kinds) {
      const kind = KIND_FROM[k.kind]
      const threshold = kind === 'grades' ? (k.threshold ?? current.kinds.grades.threshold) : null
      for (const channel of CHANNELS) {
        rows.push({ contactId: viewer.id, kind, channel, enabled: k.channels.some((c) => CHANNEL_FROM[c] === channel), threshold, updatedAt: now })
      }
    }
    // Opting out of texts turns SMS off for every kind, as a STOP reply does.
    if (input.smsOptIn === false) {
      for (const kind of KINDS) if (!seen.has(NOTIFICATION_KIND[kind])) rows.push({ contactId: viewer.id, kind, channel: 'SMS', enabled: false, threshold: kind === 'grades' ? current.kinds.grades.threshold : null, updatedAt: now })
      for (const row of rows) if (row.channel === 'SMS') row.enabled = false
    }
    if (rows.length > 0) {
      await tx
        .insert(t.notificationPreferences)
        .values(rows)
        .onConflictDoUpdate({
          target: [t.notificationPreferences.contactId, t.notificationPreferences.kind, t.notificationPreferences.channel],
          set: { enabled: sql`excluded.enabled`, threshold: sql`excluded.threshold`, updatedAt: now },
        })
    }
    if (input.quietHours !== undefined || (input.smsOptIn !== undefined && input.smsOptIn !== null)) {
      const settings = {
        quietHoursStart: input.quietHours === undefined ? (current.quietHours?.start ?? null) : (quiet?.start ?? null),
        quietHoursEnd: input.quietHours === undefined ? (current.quietHours?.end ?? null) : (quiet?.end ?? null),
        smsOptedInAt: smsOptedIn ? (current.smsOptedInAt ?? now) : null,
        updatedAt: now,
      }
      await tx.insert(t.notificationSettings).values({ contactId: viewer.id, ...settings }).onConflictDoUpdate({ target: t.notificationSettings.contactId, set: settings })
    }
    return (await preferencesOf(tx, [viewer.id])).get(viewer.id) as Preferences
  })
}

/** A channel off for every kind (an unsubscribe link, a STOP reply); SMS also loses its opt-in. */
export async function turnChannelOff(db: Db, contactIds: readonly string[], channel: Channel): Promise<void> {
  if (contactIds.length === 0) return
  await db.transaction(async (tx) => {
    const current = await preferencesOf(tx, contactIds)
    const now = new Date()
    const rows = [...current.values()].flatMap((p) =>
      KINDS.map((kind) => ({ contactId: p.contactId, kind, channel, enabled: false, threshold: kind === 'grades' ? p.kinds.grades.threshold : null, updatedAt: now })),
    )
    await tx
      .insert(t.notificationPreferences)
      .values(rows)
      .onConflictDoUpdate({
        target: [t.notificationPreferences.contactId, t.notificationPreferences.kind, t.notificationPreferences.channel],
        set: { enabled: false, updatedAt: now },
      })
    if (channel === 'SMS') {
      await tx.update(t.notificationSettings).set({ smsOptedInAt: null, updatedAt: now }).where(inArray(t.notificationSettings.contactId, [...contactIds]))
    }
  })
}
