/**
 * finance: student fees, the payments ledger that settles them, and school meal accounts.
 * Fees are voided, never deleted, and carry over between school years until paid; payments are
 * append-only and reach fees only through allocations; a meal balance is the sum of its
 * transactions, so it cannot drift from them. Money is integer cents throughout.
 * Student, contact and school ids are plain uuids: academics owns those rows, possibly in
 * another database.
 */
import { boolean, date, index, integer, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { timestamps } from './common.ts'

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
    ...timestamps,
  },
  (t) => [index('fees_student_idx').on(t.studentId)],
)

/** The payments ledger: rows are appended, never changed; a correction is a new row. */
export const payments = finance.table(
  'payments',
  {
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id').notNull(),
    /** The guardian who paid; null when the student paid at the school office. */
    contactId: uuid('contact_id'),
    amountCents: integer('amount_cents').notNull(),
    method: paymentMethod('method').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** Set by the paying client so that a retried submission cannot charge twice. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    /** Card authorisation, check number or receipt number. */
    reference: text('reference'),
    ...timestamps,
  },
  (t) => [index('payments_student_received_idx').on(t.studentId, t.receivedAt)],
)

/** How much of a payment went to which fee; what a payment leaves unallocated is the family's credit. */
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
  (t) => [primaryKey({ columns: [t.paymentId, t.feeId] }), index('payment_allocations_fee_idx').on(t.feeId)],
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
    ...timestamps,
  },
  (t) => [index('meal_transactions_student_occurred_idx').on(t.studentId, t.occurredAt)],
)
