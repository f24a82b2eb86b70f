/**
 * The payment provider for development and tests. It keeps its book in the database (every
 * finance process sees the same provider, as they would a real one) and, like a real provider's
 * test cards, takes its orders from the token: `tok_dev_ok` pays, `tok_dev_decline` is declined,
 * `tok_dev_fail_after_charge` charges and then loses the answer (the capture happened, the caller
 * hears an outage), `tok_dev_unavailable` fails before anything is charged. A missing token is
 * taken as `tok_dev_ok`, so that a client written to the contract's input alone works in
 * development; a real provider refuses it.
 */
import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { PaymentRefused, ProviderUnreachable, type PaymentProvider, type ProviderCharge, type ProviderRefund } from './payment-provider.ts'

/** What each test token makes the provider do. */
export const DEVELOPMENT_TOKENS = {
  tok_dev_ok: 'pay',
  tok_dev_decline: 'decline',
  tok_dev_fail_after_charge: 'lose the answer after charging',
  tok_dev_unavailable: 'fail before charging',
} as const

type DevelopmentToken = keyof typeof DEVELOPMENT_TOKENS

const isDevelopmentToken = (token: string): token is DevelopmentToken => Object.hasOwn(DEVELOPMENT_TOKENS, token)

type ChargeRow = typeof t.devProviderCharges.$inferSelect

const chargeOf = (row: ChargeRow): ProviderCharge => ({ id: row.id, status: row.status, amountCents: row.amountCents })
const refundOf = (row: typeof t.devProviderRefunds.$inferSelect): ProviderRefund => ({ id: row.id, chargeId: row.chargeId, amountCents: row.amountCents })

/** A provider-style id: a prefix and 24 random hex digits. */
const newId = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 24)}`

export function createDevelopmentProvider(db: Db): PaymentProvider {
  return {
    async authorize({ token = 'tok_dev_ok', amountCents, idempotencyKey }) {
      if (!isDevelopmentToken(token)) throw new PaymentRefused('The payment token is not one the payment page issued: enter the card again.')
      if (token === 'tok_dev_unavailable') throw new ProviderUnreachable('The development provider was told to be unavailable.')
      if (token === 'tok_dev_decline') throw new PaymentRefused('The card was declined: use another card or payment method.')
      const [row] = await db
        .insert(t.devProviderCharges)
        .values({ id: newId('ch_dev'), idempotencyKey, token, amountCents, status: 'authorized' })
        .onConflictDoUpdate({
          target: t.devProviderCharges.idempotencyKey,
          set: { authorizeCalls: sql`${t.devProviderCharges.authorizeCalls} + 1`, updatedAt: sql`now()` },
        })
        .returning()
      if (!row) throw new Error('The development provider stored no charge.')
      return chargeOf(row)
    },

    async capture({ chargeId }) {
      const [captured] = await db
        .update(t.devProviderCharges)
        .set({ status: 'captured', capturedAt: sql`now()`, captureCalls: sql`${t.devProviderCharges.captureCalls} + 1`, updatedAt: sql`now()` })
        .where(and(eq(t.devProviderCharges.id, chargeId), eq(t.devProviderCharges.status, 'authorized')))
        .returning()
      if (captured) {
        if (captured.token === 'tok_dev_fail_after_charge') throw new ProviderUnreachable('The development provider charged the card and was told to lose the answer.')
        return chargeOf(captured)
      }
      const [again] = await db
        .update(t.devProviderCharges)
        .set({ captureCalls: sql`${t.devProviderCharges.captureCalls} + 1`, updatedAt: sql`now()` })
        .where(eq(t.devProviderCharges.id, chargeId))
        .returning()
      if (!again) throw new PaymentRefused('The provider holds no such authorization.')
      return chargeOf(again)
    },

    refund({ chargeId, amountCents, idempotencyKey }) {
      return db.transaction(async (tx) => {
        const [created] = await tx
          .insert(t.devProviderRefunds)
          .values({ id: newId('re_dev'), idempotencyKey, chargeId, amountCents })
          .onConflictDoNothing({ target: t.devProviderRefunds.idempotencyKey })
          .returning()
        if (!created) {
          const [existing] = await tx.select().from(t.devProviderRefunds).where(eq(t.devProviderRefunds.idempotencyKey, idempotencyKey))
          if (!existing) throw new Error('The development provider lost a refund it had.')
          return refundOf(existing)
        }
        const [charge] = await tx
          .update(t.devProviderCharges)
          .set({ refundedCents: sql`${t.devProviderCharges.refundedCents} + ${amountCents}`, updatedAt: sql`now()` })
          .where(
            and(
              eq(t.devProviderCharges.id, chargeId),
              eq(t.devProviderCharges.status, 'captured'),
              sql`${t.devProviderCharges.refundedCents} + ${amountCents} <= ${t.devProviderCharges.amountCents}`,
            ),
          )
          .returning()
        // Throwing rolls the refund's row back with the rest.
        if (!charge) throw new PaymentRefused('The provider refuses the refund: it is more than is left of the charge.')
        return refundOf(created)
      })
    },

    async findCharge(idempotencyKey) {
      const [row] = await db.select().from(t.devProviderCharges).where(eq(t.devProviderCharges.idempotencyKey, idempotencyKey))
      return row && chargeOf(row)
    },
  }
}
