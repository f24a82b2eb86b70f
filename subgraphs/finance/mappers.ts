/**
 * The rows behind finance's GraphQL types. Each carries the `studentId` it belongs to, so the
 * shared rules can check the viewer's right to read that student's fees or meals on every type.
 * A write's payload is stored as JSON and answered from it (so a retry gets the same bytes), which
 * is why the instants here may be a Date (from the database) or its ISO string (from the store).
 */
import type * as t from './db/schema.ts'

/** A student named by another subgraph: this one adds fields to it and needs nothing but the id. */
export interface StudentMapper {
  id: string
}
/** A school named by academics; finance knows only its id. */
export interface SchoolMapper {
  id: string
}
export interface StudentFinanceMapper {
  studentId: string
}

type FeeRow = typeof t.fees.$inferSelect
type PaymentRow = typeof t.payments.$inferSelect
type MealTransactionRow = typeof t.mealTransactions.$inferSelect

/** A fee and what payments have put on it. */
export type FeeMapper = Pick<FeeRow, 'id' | 'studentId' | 'schoolId' | 'schoolYear' | 'category' | 'description' | 'amountCents' | 'dueDate' | 'exempt' | 'voidReason'> & {
  voidedAt: Date | string | null
  paidCents: number
}

/** One line of a payment's receipt. */
export interface PaymentAllocationMapper {
  studentId: string
  amountCents: number
  fee: FeeMapper
}

/** A payment or refund, and what it applied to standing fees. */
export type PaymentMapper = Pick<PaymentRow, 'id' | 'studentId' | 'amountCents' | 'method' | 'reference' | 'refundOf'> & {
  receivedAt: Date | string
  appliedCents: number
  /** Given in a write's payload (the receipt as it stood then); read from the ledger otherwise. */
  allocations?: PaymentAllocationMapper[]
}

export interface MealAccountMapper {
  studentId: string
  lowBalanceThresholdCents: number
  balanceCents: number
}
export type MealTransactionMapper = Pick<MealTransactionRow, 'id' | 'studentId' | 'kind' | 'amountCents' | 'description'> & { occurredAt: Date | string }

/** Balances as a write left them. */
interface BalancesAfter {
  studentId: string
  balanceDueCents: number
  surplusCents: number
}

export interface PayFeesPayloadMapper extends BalancesAfter {
  payment: PaymentMapper
  fees: FeeMapper[]
}

export interface DepositMealFundsPayloadMapper {
  studentId: string
  transaction: MealTransactionMapper
  balanceCents: number
  lowBalanceThresholdCents: number
  isLow: boolean
}

export interface VoidFeePayloadMapper extends BalancesAfter {
  fee: FeeMapper
}

export interface RefundPaymentPayloadMapper extends BalancesAfter {
  refund: PaymentMapper
  fees: FeeMapper[]
}
