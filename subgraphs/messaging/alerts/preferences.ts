/**
 * A guardian's notification preferences: per kind, the channels it goes out on (the district's
 * defaults where the guardian has saved nothing) and, for grades, the threshold; quiet hours and
 * the SMS opt-in.
 */
import { inArray } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import * as t from '../db/schema.ts'

export type Kind = (typeof t.notificationKind.enumValues)[number]
export type Channel = (typeof t.notificationChannel.enumValues)[number]
export const KINDS: readonly Kind[] = t.notificationKind.enumValues
export const CHANNELS: readonly Channel[] = t.notificationChannel.enumValues

export interface KindPreference {
  kind: Kind
  channels: Record<Channel, boolean>
  /** For grades: alert when a grade falls below this percent. */
  threshold: number | null
}

export interface Preferences {
  contactId: string
  kinds: Record<Kind, KindPreference>
  /** 'HH:MM:SS' in the district's time zone; both or neither. */
  quietHours: { start: string; end: string } | null
  smsOptedInAt: Date | null
}

export function defaultsFor(contactId: string): Preferences {
  const kinds = Object.fromEntries(
    KINDS.map((kind) => [kind, { kind, channels: { ...t.DEFAULT_NOTIFICATION_PREFERENCES[kind] }, threshold: kind === 'grades' ? t.DEFAULT_GRADE_THRESHOLD : null }]),
  ) as Record<Kind, KindPreference>
  return { contactId, kinds, quietHours: null, smsOptedInAt: null }
}

/** Each contact's preferences, in two statements whatever their number. */
export async function preferencesOf(db: Db, contactIds: readonly string[]): Promise<Map<string, Preferences>> {
  const result = new Map(contactIds.map((id) => [id, defaultsFor(id)]))
  if (contactIds.length === 0) return result
  const ids = [...new Set(contactIds)]
  const [rows, settings] = await Promise.all([
    db.select().from(t.notificationPreferences).where(inArray(t.notificationPreferences.contactId, ids)),
    db.select().from(t.notificationSettings).where(inArray(t.notificationSettings.contactId, ids)),
  ])
  for (const row of rows) {
    const kind = result.get(row.contactId)?.kinds[row.kind]
    if (!kind) continue
    kind.channels[row.channel] = row.enabled
    if (row.kind === 'grades' && row.threshold !== null) kind.threshold = row.threshold
  }
  for (const row of settings) {
    const preferences = result.get(row.contactId)
    if (!preferences) continue
    preferences.smsOptedInAt = row.smsOptedInAt
    preferences.quietHours = row.quietHoursStart && row.quietHoursEnd ? { start: row.quietHoursStart, end: row.quietHoursEnd } : null
  }
  return result
}

function minutesOf(time: string): number {
  const [h = '0', m = '0'] = time.split(':')
  return Number(h) * 60 + Number(m)
}

/** Minutes past midnight of `now` in `timeZone`. */
function localMinutes(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now)
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return value('hour') * 60 + value('minute')
}

/**
 * When a text or a push may go out: now, or the end of the guardian's quiet hours when now falls
 * within them (a span may pass midnight: 21:00–07:00). Email is never held.
 */
export function notBefore(channel: Channel, preferences: Preferences, now: Date, timeZone: string): Date {
  if (channel === 'email' || !preferences.quietHours) return now
  const start = minutesOf(preferences.quietHours.start)
  const end = minutesOf(preferences.quietHours.end)
  const local = localMinutes(now, timeZone)
  const inside = start <= end ? local >= start && local < end : local >= start || local < end
  if (!inside) return now
  const wait = (end - local + 24 * 60) % (24 * 60)
  return new Date(now.getTime() + wait * 60_000 - now.getSeconds() * 1000 - now.getMilliseconds())
}
