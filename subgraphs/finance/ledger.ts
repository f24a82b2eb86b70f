/**
 * What the ledger adds up to, as SQL that reads and writes share: the loaders answer the
 * dashboard with these, and a write answers its payload with them inside its own transaction, so
 * the balance a payment returns is the balance the dashboard shows next. Nothing here is a stored
 * total: paid, applied and surplus are sums over the append-only rows every time.
 */
import { and, asc, eq, getTableColumns, isNull, sql, sum } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { byKey, groupBy, preparedOnce, uuidIn, uuidInPlaceholder } from '../kit/index.ts'
import type { FeeMapper, MealAccountMapper } from './mappers.ts'

/** What is still owed on a fee: nothing on an exempt or voided one. */
export function dueOf(fee: Pick<FeeMapper, 'exempt' | 'voidedAt' | 'amountCents' | 'paidCents'>): number {
  return fee.exempt || fee.voidedAt !== null ? 0 : Math.max(0, fee.amountCents - fee.paidCents)
}

/**
 * What allocations have paid, summed over the rows a query joins to `payment_allocations`.
 * Only allocations to fees still standing count: money applied to a fee voided since is the
 * family's again (surplus).
 */
const applied = sql<number>`coalesce(sum(${t.paymentAllocations.amountCents}) filter (where ${t.fees.voidedAt} is null), 0)::int`

/** All that payments (less refunds) have put on the fee in the current row of `fees`. */
const paidOnFee = sql<number>`(select coalesce(sum(paid.amount_cents), 0)::int from ${t.paymentAllocations} paid where paid.fee_id = ${t.fees.id})`

/**
 * The students' payments and refunds, one row each, with what each applied to standing fees: a
 * subquery for the students given as the `ids` placeholder.
 */
export function paymentsOf(db: Db) {
  return db
    .select({
      ...getTableColumns(t.payments),
      appliedCents: applied.as('applied_cents'),
      rank: sql<number>`row_number() over (partition by ${t.payments.studentId} order by ${t.payments.receivedAt} desc, ${t.payments.id} desc)`.as('rank'),
    })
    .from(t.payments)
    .leftJoin(t.paymentAllocations, eq(t.paymentAllocations.paymentId, t.payments.id))
    .leftJoin(t.fees, eq(t.fees.id, t.paymentAllocations.feeId))
    .where(uuidInPlaceholder(t.payments.studentId))
    .groupBy(t.payments.id)
    .as('payment')
}

/** Each student's fees not yet paid in full (voided ones left out), oldest due first, with what was paid. */
export async function openFeesOf(db: Db, studentIds: readonly string[]): Promise<FeeMapper[][]> {
  const paid = sql<number>`coalesce(sum(${t.paymentAllocations.amountCents}), 0)::int`
  const rows = await preparedOnce(db, 'finance.openFees', () =>
    db
      .select({ fee: t.fees, paidCents: paid })
      .from(t.fees)
      .leftJoin(t.paymentAllocations, eq(t.paymentAllocations.feeId, t.fees.id))
      .where(and(uuidInPlaceholder(t.fees.studentId), isNull(t.fees.voidedAt)))
      .groupBy(t.fees.id)
      .having(sql`${paid} < ${t.fees.amountCents}`)
      .orderBy(t.fees.dueDate, t.fees.id)
      .prepare('finance_open_fees'),
  ).execute({ ids: [...studentIds] })
  return groupBy(studentIds, rows.map((r) => ({ ...r.fee, paidCents: r.paidCents })), (r) => r.studentId)
}

/** Each student's payments less what they applied to standing fees (refunds included). */
export async function surplusOf(db: Db, studentIds: readonly string[]): Promise<number[]> {
  const rows = await preparedOnce(db, 'finance.surplus', () => {
    const payment = paymentsOf(db)
    return db
      .select({ studentId: payment.studentId, surplusCents: sql<number>`sum(${payment.amountCents} - ${payment.appliedCents})::int` })
      .from(payment)
      .groupBy(payment.studentId)
      .prepare('finance_surplus')
  }).execute({ ids: [...studentIds] })
  const byStudent = new Map(rows.map((r) => [r.studentId, r.surplusCents]))
  return studentIds.map((id) => byStudent.get(id) ?? 0)
}

/** Fees by id, whatever their state, with what was paid on each; oldest due first. */
export function feesById(db: Db, feeIds: readonly string[]): Promise<FeeMapper[]> {
  return db
    .select({ ...getTableColumns(t.fees), paidCents: paidOnFee })
    .from(t.fees)
    .where(uuidIn(t.fees.id, feeIds))
    .orderBy(asc(t.fees.dueDate), asc(t.fees.id))
}

/** What the dashboard shows as the student's balance due and credit. */
export interface Balances {
  balanceDueCents: number
  surplusCents: number
}

export async function balancesOf(db: Db, studentId: string): Promise<Balances> {
  const [open] = await openFeesOf(db, [studentId])
  const [surplusCents] = await surplusOf(db, [studentId])
  return { balanceDueCents: (open ?? []).reduce((sum, fee) => sum + dueOf(fee), 0), surplusCents: surplusCents ?? 0 }
}

/** Each payment's allocations with the fee each went to, oldest due first. */
export async function allocationsOf(db: Db, paymentIds: readonly string[]) {
  const rows = await preparedOnce(db, 'finance.allocations', () =>
    db
      .select({ paymentId: t.paymentAllocations.paymentId, amountCents: t.paymentAllocations.amountCents, fee: { ...getTableColumns(t.fees), paidCents: paidOnFee } })
      .from(t.paymentAllocations)
      .innerJoin(t.fees, eq(t.fees.id, t.paymentAllocations.feeId))
      .where(uuidInPlaceholder(t.paymentAllocations.paymentId))
      .orderBy(asc(t.fees.dueDate), asc(t.fees.id))
      .prepare('finance_allocations'),
  ).execute({ ids: [...paymentIds] })
  return groupBy(
    paymentIds,
    rows.map((r) => ({ paymentId: r.paymentId, studentId: r.fee.studentId, amountCents: r.amountCents, fee: r.fee })),
    (r) => r.paymentId,
  )
}

/**
 * Each student's meal account with its balance: the sum of its transactions, summed for each
 * account by a subquery on the account's own transactions (by index), so that the plan stays
 * the same whatever the number of students asked for: finance's statements run on generic plans
 * (see `planner` in server.ts), and a join grouped afterwards hashed every transaction of
 * the district when planned for an unknown number of students.
 */
export async function mealAccountsOf(db: Db, studentIds: readonly string[]): Promise<Array<MealAccountMapper | null>> {
  const mt = t.mealTransactions
  const rows = await preparedOnce(db, 'finance.mealAccounts', () =>
    db
      .select({
        studentId: t.mealAccounts.studentId,
        lowBalanceThresholdCents: t.mealAccounts.lowBalanceThresholdCents,
        // A builder subquery, not columns in a sql template: drizzle writes a single-table
        // select's columns unqualified, which would make the template's condition compare the
        // transactions' student_id with itself.
        balanceCents: sql<number>`coalesce((${db.select({ total: sum(mt.amountCents) }).from(mt).where(eq(mt.studentId, t.mealAccounts.studentId))}), 0)::int`,
      })
      .from(t.mealAccounts)
      .where(uuidInPlaceholder(t.mealAccounts.studentId))
      .prepare('finance_meal_accounts'),
  ).execute({ ids: [...studentIds] })
  return byKey(studentIds, rows, (r) => r.studentId)
}
