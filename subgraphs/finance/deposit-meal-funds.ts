/**
 * depositMealFunds: a guardian tops up a child's school meal account through the payment
 * provider; the deposit is one more transaction on the account, landing once per idempotency key.
 */
import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { badUserInput, idArgument, recordEvents, type Viewer } from '../kit/index.ts'
import type { DepositMealFundsInput } from './generated/resolvers.ts'
import { centsArgument, idempotencyKeyArgument, MAX_MEAL_DEPOSIT_CENTS, paymentTokenArgument } from './inputs.ts'
import { mealAccountsOf } from './ledger.ts'
import type { DepositMealFundsPayloadMapper } from './mappers.ts'
import { runMoneyWrite } from './money-requests.ts'
import { captureOnce, type PaymentProvider, type ProviderCharge } from './payment-provider.ts'

export function depositMealFunds(db: Db, provider: PaymentProvider, viewer: Viewer, input: DepositMealFundsInput): Promise<DepositMealFundsPayloadMapper> {
  const studentId = idArgument('studentId', input.studentId)
  const amountCents = centsArgument('amountCents', input.amountCents, MAX_MEAL_DEPOSIT_CENTS)
  const token = paymentTokenArgument(input.paymentToken)
  const idempotencyKey = idempotencyKeyArgument(input.idempotencyKey)

  const check = async () => {
    const [account] = await db.select({ studentId: t.mealAccounts.studentId }).from(t.mealAccounts).where(eq(t.mealAccounts.studentId, studentId))
    if (!account) throw badUserInput('This student has no school meal account to add money to.')
  }
  return runMoneyWrite<ProviderCharge, DepositMealFundsPayloadMapper>(db, {
    operation: 'depositMealFunds',
    viewerId: viewer.id,
    studentId,
    idempotencyKey,
    request: { studentId, amountCents, token: token ?? null },
    check,
    move: async (providerKey, resumed) => {
      const held = resumed ? await provider.findCharge(providerKey) : undefined
      if (resumed && !held) await check()
      return captureOnce(provider, { token, amountCents, description: 'School meal account', idempotencyKey: providerKey }, held)
    },
    record: async (tx, charge, request) => {
      const [transaction] = await tx
        .insert(t.mealTransactions)
        .values({
          id: randomUUID(),
          studentId,
          occurredAt: sql`now()`,
          kind: 'Deposit',
          amountCents,
          description: 'Online deposit',
          contactId: viewer.id,
          idempotencyKey: request.providerKey,
          providerChargeId: charge.id,
        })
        .returning()
      const [account] = await mealAccountsOf(tx, [studentId])
      if (!transaction || !account) throw new Error('The deposit was not stored.')
      await recordEvents(tx, t.outbox, [
        {
          kind: 'payment-receipt',
          studentId,
          payload: {
            paymentId: transaction.id,
            payerId: viewer.id,
            amountCents,
            paidAt: transaction.occurredAt.toISOString(),
            lines: [{ description: transaction.description, amountCents }],
          },
        },
      ])
      return {
        studentId,
        transaction: { id: transaction.id, studentId, kind: transaction.kind, amountCents, description: transaction.description, occurredAt: transaction.occurredAt },
        balanceCents: account.balanceCents,
        lowBalanceThresholdCents: account.lowBalanceThresholdCents,
        isLow: account.balanceCents < account.lowBalanceThresholdCents,
      }
    },
  })
}
