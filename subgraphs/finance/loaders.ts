/**
 * finance's per-request DataLoaders: each answers a whole batch of students with one SQL
 * statement. Amounts paid are summed in the database from the allocations, so a balance is
 * never a stored number that could drift from the ledger.
 */
import DataLoader from 'dataloader'
import { getTableColumns, lte, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { groupBy, preparedOnce, uuidInPlaceholder, type Caller } from '../kit/index.ts'
import { allocationsOf, mealAccountsOf, openFeesOf, paymentsOf, surplusOf } from './ledger.ts'
import type { FeeMapper, MealAccountMapper, MealTransactionMapper, PaymentAllocationMapper, PaymentMapper } from './mappers.ts'

/** A student's list, cut to `limit` newest entries. */
export interface ListKey {
  studentId: string
  limit: number
}
const listKey = (key: ListKey) => `${key.studentId}:${key.limit}`

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
  return {
    /** Each student's fees not yet paid in full (voided ones left out), with what was paid: the balance is their sum. */
    openFees: new DataLoader<string, FeeMapper[]>((studentIds) => openFeesOf(db, studentIds)),
    /** Each student's payments less what they paid on standing fees. */
    surplus: new DataLoader<string, number>((studentIds) => surplusOf(db, studentIds)),
    /** Each student's newest payments and refunds, with what each paid on fees. */
    payments: new DataLoader<ListKey, PaymentMapper[], string>(
      async (keys) => {
        const rows = await preparedOnce(db, 'finance.payments', () => {
          const payment = paymentsOf(db)
          return db.select().from(payment).where(lte(payment.rank, sql.placeholder('limit'))).orderBy(payment.studentId, payment.rank).prepare('finance_payments')
        }).execute({ ids: keys.map((k) => k.studentId), limit: maxLimit(keys) })
        return limited(keys, rows.map(({ rank: _rank, ...row }) => row))
      },
      { cacheKeyFn: listKey },
    ),
    /** Each payment's lines: the fees it paid and how much went to each. */
    allocations: new DataLoader<string, PaymentAllocationMapper[]>((paymentIds) => allocationsOf(db, paymentIds)),
    /** Each student's meal account with its balance: the sum of its transactions. */
    mealAccount: new DataLoader<string, MealAccountMapper | null>((studentIds) => mealAccountsOf(db, studentIds)),
    /** Each student's newest meal transactions. */
    mealTransactions: new DataLoader<ListKey, MealTransactionMapper[], string>(
      async (keys) => {
        const rows = await preparedOnce(db, 'finance.mealTransactions', () => {
          const ranked = db
            .select({
              ...getTableColumns(t.mealTransactions),
              rank: sql<number>`row_number() over (partition by ${t.mealTransactions.studentId} order by ${t.mealTransactions.occurredAt} desc, ${t.mealTransactions.id} desc)`.as('rank'),
            })
            .from(t.mealTransactions)
            .where(uuidInPlaceholder(t.mealTransactions.studentId))
            .as('ranked')
          return db.select().from(ranked).where(lte(ranked.rank, sql.placeholder('limit'))).orderBy(ranked.studentId, ranked.rank).prepare('finance_meal_transactions')
        }).execute({ ids: keys.map((k) => k.studentId), limit: maxLimit(keys) })
        return limited(keys, rows.map(({ rank: _rank, ...transaction }) => transaction))
      },
      { cacheKeyFn: listKey },
    ),
  }
}

export type FinanceLoaders = ReturnType<typeof createLoaders>
