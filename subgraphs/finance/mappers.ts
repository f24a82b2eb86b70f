/**
 * The rows behind finance's GraphQL types. Each carries the `studentId` it belongs to, so the
 * shared rules can check the viewer's right to read that student's fees or meals on every type.
 */
import type * as t from '../../db/schema/finance.ts'

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
export type FeeMapper = typeof t.fees.$inferSelect & { paidCents: number }
export type PaymentMapper = typeof t.payments.$inferSelect & { appliedCents: number }
export interface MealAccountMapper {
  studentId: string
  lowBalanceThresholdCents: number
  balanceCents: number
}
export type MealTransactionMapper = typeof t.mealTransactions.$inferSelect
