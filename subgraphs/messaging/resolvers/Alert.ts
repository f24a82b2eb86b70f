import { CHANNELS, KINDS } from '../alerts/preferences.ts'
import { NOTIFICATION_CHANNEL, NOTIFICATION_KIND } from '../enums.ts'
import type { AlertResolvers, NotificationKindPreferenceResolvers, NotificationPreferencesResolvers } from '../generated/resolvers.ts'

export const Alert: AlertResolvers = {
  kind: (alert) => (alert.kind === null ? null : NOTIFICATION_KIND[alert.kind]),
  student: (alert) => ({ id: alert.studentId }),
  createdAt: (alert) => alert.createdAt,
  read: (alert) => alert.readAt !== null,
}

export const NotificationPreferences: NotificationPreferencesResolvers = {
  kinds: (preferences) => KINDS.map((kind) => preferences.kinds[kind]),
  smsOptedIn: (preferences) => preferences.smsOptedInAt !== null,
}

export const NotificationKindPreference: NotificationKindPreferenceResolvers = {
  kind: (preference) => NOTIFICATION_KIND[preference.kind],
  channels: (preference) => CHANNELS.filter((c) => preference.channels[c]).map((c) => NOTIFICATION_CHANNEL[c]),
  threshold: (preference) => (preference.kind === 'grades' ? preference.threshold : null),
}
