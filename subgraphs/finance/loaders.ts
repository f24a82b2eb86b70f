/**
 * finance's per-request DataLoaders: each answers a whole batch of students with one SQL
 * statement. Amounts paid are summed in the database from the allocations, so a balance is
 * never a stored number that could drift from the ledger.
 */
import DataLoader from 'dataloader'
import { and, eq, getTableColumns, isNull, lte, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from '../../db/schema/finance.ts'
import { byKey, groupBy, uuidIn, type Caller } from '../kit/index.ts'
import type { FeeMapper, MealAccountMapper, MealTransactionMapper, PaymentMapper } from './mappers.ts'

/** A student's list, cut to `limit` newest entries. */
export interface ListKey {
  studentId: string
  limit: number
}
const listKey = (key: ListKey) => `${key.studentId}:${key.limit}`

/**
 * What allocations have paid, summed over the rows a query joins to `payment_allocations`.
 * Only allocations to fees still standing count: money applied to a fee voided since is the
 * family's again (surplus).
 */
const applied = sql<number>`coalesce(sum(${t.paymentAllocations.amountCents}) filter (where ${t.fees.voidedAt} is null), 0)::int`

/** Cuts each key's rows (ranked newest first) to its own limit. */
function limited<Row extends { studentId: string }>(keys: readonly ListKey[], rows: readonly Row[]): Row[][] {
  const byStudent = groupBy(
    keys.map((k) => k.studentId),
    rows,
    (r) => r.studentId,
  )
  return keys.map((key, i) => (byStudent[i] ?? []).slice(0, key.limit))
}

function maxLimit(keys: readonly ListKey[]): number {
  return keys.reduce((max, key) => Math.max(max, key.limit), 0)
}

export function createLoaders(db: Db, _caller: Caller) {
  /** The students' payments, one row each, with what each paid on standing fees. */
  const paymentsOf = (studentIds: readonly string[]) =>
    db
      .select({
        ...getTableColumns(t.payments),
        appliedCents: applied.as('applied_cents'),
        rank: sql<number>`row_number() over (partition by ${t.payments.studentId} order by ${t.payments.receivedAt} desc, ${t.payments.id} desc)`.as('rank'),
      })
      .from(t.payments)
      .leftJoin(t.paymentAllocations, eq(t.paymentAllocations.paymentId, t.payments.id))
      .leftJoin(t.fees, eq(t.fees.id, t.paymentAllocations.feeId))
      .where(uuidIn(t.payments.studentId, studentIds))
      .groupBy(t.payments.id)
      .as('payment')

  return {
    /** Each student's fees not yet paid in full (voided ones left out), with what was paid: the balance is their sum. */
    openFees: new DataLoader<string, FeeMapper[]>(async (studentIds) => {
      const paid = sql<number>`coalesce(sum(${t.paymentAllocations.amountCents}), 0)::int`
      const rows = await db
        .select({ fee: t.fees, paidCents: paid })
        .from(t.fees)
        .leftJoin(t.paymentAllocations, eq(t.paymentAllocations.feeId, t.fees.id))
        .where(and(uuidIn(t.fees.studentId, studentIds), isNull(t.fees.voidedAt)))
        .groupBy(t.fees.id)
        .having(sql`${paid} < ${t.fees.amountCents}`)
        .orderBy(t.fees.dueDate, t.fees.id)
      return groupBy(studentIds, rows.map((r) => ({ ...r.fee, paidCents: r.paidCents })), (r) => r.studentId)
    }),
    /** Each student's payments less what they paid on standing fees. */
    surplus: new DataLoader<string, number>(async (studentIds) => {
      const payment = paymentsOf(studentIds)
      const rows = await db
        .select({ studentId: payment.studentId, surplusCents: sql<number>`sum(${payment.amountCents} - ${payment.appliedCents})::int` })
        .from(payment)
        .groupBy(payment.studentId)
      return byKey(studentIds, rows, (r) => r.studentId).map((r) => r?.surplusCents ?? 0)
    }),
    /** Each student's newest payments, with what each paid on fees. */
    payments: new DataLoader<ListKey, PaymentMapper[], string>(
      async (keys) => {
        const payment = paymentsOf(keys.map((k) => k.studentId))
        const rows = await db.select().from(payment).where(lte(payment.rank, maxLimit(keys))).orderBy(payment.studentId, payment.rank)
        return limited(keys, rows.map(({ rank: _rank, ...row }) => row))
      },
      { cacheKeyFn: listKey },
    ),
    /** Each student's meal account with its balance: the sum of its transactions. */
    mealAccount: new DataLoader<string, MealAccountMapper | null>(async (studentIds) => {
      const rows = await db
        .select({
          studentId: t.mealAccounts.studentId,
          lowBalanceThresholdCents: t.mealAccounts.lowBalanceThresholdCents,
          balanceCents: sql<number>`coalesce(sum(${t.mealTransactions.amountCents}), 0)::int`,
        })
        .from(t.mealAccounts)
        .leftJoin(t.mealTransactions, eq(t.mealTransactions.studentId, t.mealAccounts.studentId))
        .where(uuidIn(t.mealAccounts.studentId, studentIds))
        .groupBy(t.mealAccounts.studentId, t.mealAccounts.lowBalanceThresholdCents)
      return byKey(studentIds, rows, (r) => r.studentId)
    }),
    /** Each student's newest meal transactions. */
    mealTransactions: new DataLoader<ListKey, MealTransactionMapper[], string>(
      async (keys) => {
        const ranked = db
          .select({
            ...getTableColumns(t.mealTransactions),
            rank: sql<number>`row_number() over (partition by ${t.mealTransactions.studentId} order by ${t.mealTransactions.occurredAt} desc, ${t.mealTransactions.id} desc)`.as('rank'),
          })
          .from(t.mealTransactions)
          .where(uuidIn(t.mealTransactions.studentId, keys.map((k) => k.studentId)))
          .as('ranked')
        const rows = await db.select().from(ranked).where(lte(ranked.rank, maxLimit(keys))).orderBy(ranked.studentId, ranked.rank)
        return limited(keys, rows.map(({ rank: _rank, ...transaction }) => transaction))
      },
      { cacheKeyFn: listKey },
    ),
  }
}

export type FinanceLoaders = ReturnType<typeof createLoaders>
