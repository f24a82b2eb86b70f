/**
 * The district's events: what a subgraph tells others about changes to its own data, through
 * its outbox and the job queue. Messaging turns them into families' alerts; no consumer reads
 * the producer's tables, so each payload carries what the consumer needs to say what happened.
 * Dates are ISO dates in the district's calendar; money is integer cents.
 */

/** Each event kind and what it carries. */
export interface EventPayloads {
  /** academics: a scored assignment became missing. */
  'missing-work': { sectionId: string; courseTitle: string; assignmentTitle: string; dueDate: string }
  /** academics: a current section grade was posted or changed (the consumer compares it with each family's threshold). */
  'section-grade': { sectionId: string; courseTitle: string; percent: number; letter: string | null }
  /** academics: who may be told about a student changed (links, restrictions, consent, a contact's language or address). */
  'student-contacts': StudentContacts
  /** attendance: a day recorded as an unexcused absence. */
  'unexcused-absence': { date: string; schoolId: string }
  /** attendance: the school decided on a family's absence notice. */
  'absence-notice-reviewed': { noticeId: string; date: string; decision: 'EXCUSED' | 'UNEXCUSED'; submittedById: string }
  /** behaviour: the student took part in an incident. */
  'behaviour-incident': { incidentId: string; date: string; category: string }
  /** finance: the meal balance fell below the account's low-balance threshold. */
  'low-meal-balance': { balanceCents: number; thresholdCents: number }
  /** messaging: a message was sent in a thread (the other participants may be told). */
  'new-message': { threadId: string; messageId: string; senderId: string; senderName: string; subject: string }
  /** finance: a payment was taken (the receipt goes to whoever paid). */
  'payment-receipt': { paymentId: string; payerId: string; amountCents: number; paidAt: string; lines: Array<{ description: string; amountCents: number }> }
}

export type EventKind = keyof EventPayloads

export const EVENT_KINDS = [
  'missing-work',
  'section-grade',
  'student-contacts',
  'unexcused-absence',
  'absence-notice-reviewed',
  'behaviour-incident',
  'low-meal-balance',
  'payment-receipt',
  'new-message',
] as const satisfies readonly EventKind[]

/** The people academics says may be told about a student, and how to reach them. */
export interface StudentContacts {
  /** The student's name as families know it (alerts name the child). */
  studentName: string
  /** The school the student attends. */
  schoolId: string
  /** Contacts whose access to the student's records is open (no court order; consent for an adult student). */
  contacts: Array<{ contactId: string; displayName: string; email: string; phone: string; language: string }>
}

/** An event as it travels on the queue: where it was recorded, its outbox id, and what it says. */
export type DistrictEvent = {
  [K in EventKind]: { source: string; outboxId: number; kind: K; studentId: string; occurredAt: string; payload: EventPayloads[K] }
}[EventKind]

export function isEventKind(value: unknown): value is EventKind {
  return typeof value === 'string' && (EVENT_KINDS as readonly string[]).includes(value)
}

/** The name of the job queue the outbox relays publish to and messaging works from. */
export const EVENTS_QUEUE = 'district-events'
