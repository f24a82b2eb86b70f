/**
 * finance: student fees, the payments ledger that settles them, and school meal accounts.
 * Fees are voided, never deleted, and carry over between school years until paid; payments are
 * append-only and reach fees only through allocations; a meal balance is the sum of its
 * transactions, so it cannot drift from them. Money is integer cents throughout.
 * Student, contact and school ids are plain uuids: academics owns those rows, possibly in
 * another database. Money moves through a payment provider; what the graph asked it and answered
 * is kept per viewer's idempotency key, so a retried write charges once and answers the same.
 */
import { sql } from 'drizzle-orm'
import { boolean, check, date, index, integer, pgSchema, primaryKey, text, timestamp, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { outboxTable, timestamps } from '../../../db/schema/common.ts'

export const finance = pgSchema('finance')

/** The fee types district portals (PowerSchool, Infinite Campus, Skyward) show families. */
export const feeCategory = finance.enum('fee_category', [
  'Course fee',
  'Activity fee',
  'Technology fee',
  'Field trip',
  'Library fine',
  'Athletics',
  'Instrument rental',
])

export const paymentMethod = finance.enum('payment_method', ['Card', 'Cash', 'Check', 'Online'])

export const mealTransactionKind = finance.enum('meal_transaction_kind', ['Purchase', 'Deposit', 'Adjustment'])

export const fees = finance.table(
  'fees',
  {
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id').notNull(),
    /** The school that charged the fee; a fee follows the student when they change school. */
    schoolId: uuid('school_id').notNull(),
    /** Ed-Fi school year, named by the year it ends in (2027 is 2026–27). */
    schoolYear: integer('school_year').notNull(),
    category: feeCategory('category').notNull(),
    description: text('description').notNull(),
    amountCents: integer('amount_cents').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    /** Waived (fee waiver, hardship): stays on record but nothing is owed. */
    exempt: boolean('exempt').notNull().default(false),
    /** Set instead of deleting: a fee charged in error stays visible to audits. */
    voidedAt: timestamp('voided_at', { withTimezone: true, mode: 'date' }),
    voidReason: text('void_reason'),
    /** The administrator who voided it (null for the seed's and before this was kept). */
    voidedBy: uuid('voided_by'),
    ...timestamps,
  },
  (t) => [index('fees_student_idx').on(t.studentId)],
)

/**
 * The payments ledger: rows are appended, never changed; a correction is a new row. A refund is a
 * row of its own with a negative amount (`refundOf` names the payment), and its allocations are
 * negative too, so every sum over the ledger (paid, applied, surplus) holds without special cases.
 */
export const payments = finance.table(
  'payments',
  {
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id').notNull(),
    /** The guardian who paid (for a refund: who paid what it gives back); null when the student paid at the school office. */
    contactId: uuid('contact_id'),
    /** Whole cents: positive for a payment, negative for a refund. */
    amountCents: integer('amount_cents').notNull(),
    method: paymentMethod('method').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull(),
    /**
     * Unique across the ledger, so one charge can land only once: for money taken through the
     * payment provider, the provider's idempotency key it was taken under.
     */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    /** Card authorisation, check number or receipt number. */
    reference: text('reference'),
    /** The provider's id of the charge (of the refund, on a refund row); null for money taken at the school. */
    providerChargeId: text('provider_charge_id'),
    /** For a refund: the payment it gives money back from. */
    refundOf: uuid('refund_of').references((): AnyPgColumn => payments.id),
    /** The staff member who recorded the row (an administrator's refund); null for a family's own payment. */
    recordedBy: uuid('recorded_by'),
    ...timestamps,
  },
  (t) => [
    index('payments_student_received_idx').on(t.studentId, t.receivedAt),
    index('payments_refund_of_idx').on(t.refundOf),
    check('payments_amount_sign', sql`(${t.refundOf} is null and ${t.amountCents} > 0) or (${t.refundOf} is not null and ${t.amountCents} < 0)`),
  ],
)

/**
 * How much of a payment went to which fee (negative for a refund that takes it back); what a
 * payment leaves unallocated is the family's credit.
 */
export const paymentAllocations = finance.table(
  'payment_allocations',
  {
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id),
    feeId: uuid('fee_id')
      .notNull()
      .references(() => fees.id),
    amountCents: integer('amount_cents').notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.paymentId, t.feeId] }),
    index('payment_allocations_fee_idx').on(t.feeId),
    check('payment_allocations_amount_nonzero', sql`${t.amountCents} <> 0`),
  ],
)

export const mealAccounts = finance.table('meal_accounts', {
  studentId: uuid('student_id').primaryKey(),
  /** Below this balance the family is notified to add money. */
  lowBalanceThresholdCents: integer('low_balance_threshold_cents').notNull(),
  ...timestamps,
})

export const mealTransactions = finance.table(
  'meal_transactions',
  {
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id')
      .notNull()
      .references(() => mealAccounts.studentId),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    kind: mealTransactionKind('kind').notNull(),
    /** Signed: purchases are negative, deposits positive. */
    amountCents: integer('amount_cents').notNull(),
    description: text('description').notNull(),
    /** The guardian who deposited online; null for the cafeteria's own entries. */
    contactId: uuid('contact_id'),
    /** For a deposit through the payment provider: the key it was charged under, so it lands once. */
    idempotencyKey: text('idempotency_key').unique(),
    /** The provider's id of the charge. */
    providerChargeId: text('provider_charge_id'),
    ...timestamps,
  },
  (t) => [index('meal_transactions_student_occurred_idx').on(t.studentId, t.occurredAt)],
)

/** The writes that move money, each retried safely under the viewer's idempotency key. */
export const MONEY_OPERATIONS = ['payFees', 'depositMealFunds', 'refundPayment'] as const
export type MoneyOperation = (typeof MONEY_OPERATIONS)[number]

/**
 * pending: claimed, money possibly moving (whoever holds the lease is at work; once it lapses a
 * retry takes over and asks the provider what happened); completed: `response` is the answer;
 * failed: the provider refused for good, and `errorCode`/`errorMessage` are the answer.
 */
export const MONEY_REQUEST_STATUSES = ['pending', 'completed', 'failed'] as const
export type MoneyRequestStatus = (typeof MONEY_REQUEST_STATUSES)[number]

/**
 * Each money-moving request, under the idempotency key its viewer chose: unique per viewer, so
 * one family's key never collides with another's, and the database (not a process) decides which
 * of many concurrent retries goes ahead. Kept after it completes, with the answer as first sent.
 */
export const moneyRequests = finance.table(
  'money_requests',
  {
    id: uuid('id').primaryKey(),
    /** The person who asked (a guardian paying, an administrator refunding). */
    viewerId: uuid('viewer_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    operation: text('operation').$type<MoneyOperation>().notNull(),
    /** A digest of the request (its operation and input, the payment token included): a different request under a used key is refused. */
    requestDigest: text('request_digest').notNull(),
    studentId: uuid('student_id').notNull(),
    /** The key this request's money moves under at the provider: the same on every retry. */
    providerKey: text('provider_key').notNull().unique(),
    status: text('status').$type<MoneyRequestStatus>().notNull(),
    /** While in the future, one process is at work on the request and others wait for its answer. */
    leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'date' }),
    /** The payload as first answered, serialized: every retry is answered from these bytes. */
    response: text('response'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [unique('money_requests_viewer_key').on(t.viewerId, t.idempotencyKey), index('money_requests_student_idx').on(t.studentId)],
)

/**
 * The development payment provider's own book (what a real provider keeps on its side): charges
 * by the provider idempotency key they were made under. Only `createDevelopmentProvider` reads or
 * writes it; it lives in the database so that every finance process sees the same provider.
 */
export const devProviderCharges = finance.table('dev_provider_charges', {
  id: text('id').primaryKey(),
  idempotencyKey: text('idempotency_key').notNull().unique(),
  token: text('token').notNull(),
  amountCents: integer('amount_cents').notNull(),
  status: text('status').$type<'authorized' | 'captured'>().notNull(),
  capturedAt: timestamp('captured_at', { withTimezone: true, mode: 'date' }),
  refundedCents: integer('refunded_cents').notNull().default(0),
  /** How often the graph asked to authorize under this key: a charge asked for twice is a bug the provider hides. */
  authorizeCalls: integer('authorize_calls').notNull().default(1),
  captureCalls: integer('capture_calls').notNull().default(0),
  ...timestamps,
})

export const devProviderRefunds = finance.table('dev_provider_refunds', {
  id: text('id').primaryKey(),
  idempotencyKey: text('idempotency_key').notNull().unique(),
  chargeId: text('charge_id')
    .notNull()
    .references(() => devProviderCharges.id),
  amountCents: integer('amount_cents').notNull(),
  ...timestamps,
})

/** Events of this subgraph's data, for the district's job queue (see `outboxTable`). */
export const outbox = outboxTable(finance)
