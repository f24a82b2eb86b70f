/**
 * How messaging serves its database enums: for each, a checked map from the stored value (the
 * standards' spelling) to the GraphQL enum value (see subgraphs/kit/enums.ts).
 */
import type * as t from './db/schema.ts'
import { enumMap } from '../kit/index.ts'
import type { NotificationChannel, NotificationKind, ParticipantRole } from './generated/resolvers.ts'

export const PARTICIPANT_ROLE = enumMap<typeof t.personType, ParticipantRole>()({
  Contact: 'CONTACT',
  Staff: 'STAFF',
  Student: 'STUDENT',
})

export const NOTIFICATION_KIND = enumMap<typeof t.notificationKind, NotificationKind>()({
  'missing work': 'MISSING_WORK',
  attendance: 'UNEXCUSED_ABSENCE',
  grades: 'GRADE_BELOW_THRESHOLD',
  'low meal balance': 'LOW_MEAL_BALANCE',
  messages: 'NEW_MESSAGE',
  behaviour: 'BEHAVIOUR_INCIDENT',
  announcements: 'ANNOUNCEMENT',
})

export const NOTIFICATION_CHANNEL = enumMap<typeof t.notificationChannel, NotificationChannel>()({
  email: 'EMAIL',
  SMS: 'SMS',
  push: 'PUSH',
})
