/**
 * Paying through the graph: demo.guardian pays a child's fees and tops up the meal account, and
 * the ledger, the payload and the dashboard agree to the cent at once; everyone the contract does
 * not let pay is refused with nothing written; bad input is refused with a sentence and nothing
 * written; a retried request answers the first answer byte for byte and charges once (100 at a
 * time, on both databases, and on Postgres against two finance processes behind two gateways);
 * a declined card leaves no ledger row, a charge whose answer was lost is reconciled on retry;
 * administrators void fees and refund payments as new ledger rows; and finance refuses writes
 * that did not come through the gateway.
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, count, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import * as academics from '../../academics/db/schema.ts'
import * as finance from '../db/schema.ts'
import { issueDevelopmentToken } from '../../../gateway/auth.ts'
import { loadConfig } from '../../../lib/config.ts'
import { AREAS, type Caller, type Role } from '../../../lib/contract/index.ts'
import { SUPERGRAPH_PATH } from '../../../schema/compose.ts'
import { buildPermissionReport, permissionMapsOf } from '../../../schema/permission-report.ts'
import { SUBGRAPHS } from '../../index.ts'
import { childrenOf, one, testDataIn } from '../../../test/support/people.ts'
import { freePort, startDeployment, startProcess, type Deployment, type Proc } from '../../../test/support/processes.ts'
import { createTestSubgraph } from '../../../test/support/subgraph.ts'
import { openWritableTestDatabase, startTestSystem, type GraphQLResponse, type TestSystem } from '../../../test/support/system.ts'

const operation = (name: string) => fs.readFileSync(`schema/operations/${name}.graphql`, 'utf8')
const PAY_FEES = operation('PayFees')
const DEPOSIT_MEAL_FUNDS = operation('DepositMealFunds')
const VOID_FEE = operation('VoidFee')
const REFUND_PAYMENT = operation('RefundPayment')
const STUDENT_PAYMENTS = operation('StudentPayments')
const BALANCES = 'query ($id: ID!) { student(id: $id) { finance { balanceDueCents surplusCents openFees { id dueCents } mealAccount { balanceCents } } } }'

const LINKED = 'linked child, unless a court order restricts the link or an adult student has not consented'
const FORBIDDEN = (field: string) => ({ errors: [{ message: 'You may not read this.', path: [field], extensions: { code: 'FORBIDDEN' } }], data: { [field]: null } })
const BAD_INPUT = (field: string, message: string) => ({ errors: [{ message, path: [field], extensions: { code: 'BAD_USER_INPUT' } }], data: { [field]: null } })
const UNCONFIRMED = 'The payment provider did not confirm the payment: send the same request again with the same idempotencyKey, and it will not be charged twice.'
/** What a retry hears when the first request is still at work after the wait finance allows (a few seconds): it retries again. */
const STILL_PROCESSING = 'This payment is still being processed: send the same request again shortly, with the same idempotencyKey.'

/**
 * The answers to concurrent retries, each retried again (as a client does) while it heard "still
 * being processed" or that finance did not answer in time; and how many did. On a loaded machine
 * the first request may outlast the others' wait (or the gateway's): the client's answer to either
 * is the same request again, under the same key.
 */
async function settled(answers: Array<{ text: string }>, retry: () => Promise<{ text: string }>): Promise<{ texts: string[]; waited: number }> {
  let waited = 0
  const texts = await Promise.all(
    answers.map(async (answer) => {
      let text = answer.text
      for (let i = 0; i < 5 && (text.includes(STILL_PROCESSING) || text.includes('"SUBGRAPH_UNAVAILABLE"')); i++) {
        waited++
        text = (await retry()).text
      }
      return text
    }),
  )
  return { texts, waited }
}

const onPostgres = inject('testDatabase').kind === 'postgres'
const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN

let t: TestSystem
/** The named students: demo.guardian's two children, the restricted one, the adult one. */
const students = { leo: '', maya: '', noah: '', jordan: '', stranger: '' }
let guardianId = ''
let adminId = ''
const timings: string[] = []

beforeAll(async () => {
  // Many requests from one viewer in a minute: the limits are not this file's subject.
  t = await startTestSystem({ writable: 'payments', env: { RATE_LIMIT_PER_VIEWER: '100000', RATE_LIMIT_PER_ADDRESS: '100000' } })
  const [maya, leo] = await childrenOf(t, 'demo.guardian')
  if (!maya || !leo) throw new Error('demo.guardian has two children.')
  students.leo = leo.id
  students.maya = maya.id
  students.noah = one(await childrenOf(t, 'restricted.guardian'), 'restricted child').id
  students.jordan = await t.personId('adult.student')
  const named = Object.values(students).filter(Boolean)
  const [stranger] = await t.db('finance').select({ studentId: finance.fees.studentId }).from(finance.fees).where(sql`${finance.fees.studentId} <> all(${sql.param(named)}::uuid[])`).limit(1)
  students.stranger = stranger?.studentId ?? ''
  guardianId = await t.personId('demo.guardian')
  adminId = await t.personId('demo.admin')
})
afterAll(async () => {
  if (timings.length > 0) console.info(`[payments] ${timings.join('; ')}`)
  await t.close()
})

/** New fees for a student (at the student's own school), in the order given; their ids. */
async function charge(studentId: string, fees: Array<{ description: string; amountCents: number; dueDate: string; exempt?: boolean; voided?: boolean }>): Promise<string[]> {
  const [school] = await t.db('academics').select({ id: academics.students.schoolId }).from(academics.students).where(eq(academics.students.id, studentId))
  if (!school) throw new Error(`No student ${studentId}.`)
  const rows = fees.map((fee) => ({
    id: randomUUID(),
    studentId,
    schoolId: school.id,
    schoolYear: 2027,
    category: 'Activity fee' as const,
    description: fee.description,
    amountCents: fee.amountCents,
    dueDate: fee.dueDate,
    exempt: fee.exempt ?? false,
    voidedAt: fee.voided ? new Date('2026-11-02T15:00:00Z') : null,
    voidReason: fee.voided ? 'Charged in error' : null,
  }))
  await t.db('finance').insert(finance.fees).values(rows)
  return rows.map((row) => row.id)
}

/** How many rows each table that a write may touch holds: "nothing written" is these unchanged. */
async function ledgerCounts() {
  const db = t.db('finance')
  const rows = async (table: Parameters<ReturnType<typeof db.select>['from']>[0]) => (await db.select({ n: count() }).from(table))[0]?.n ?? 0
  return {
    payments: await rows(finance.payments),
    allocations: await rows(finance.paymentAllocations),
    mealTransactions: await rows(finance.mealTransactions),
    moneyRequests: await rows(finance.moneyRequests),
    providerCharges: await rows(finance.devProviderCharges),
    providerRefunds: await rows(finance.devProviderRefunds),
    voidedFees: (await db.select({ n: count() }).from(finance.fees).where(isNotNull(finance.fees.voidedAt)))[0]?.n ?? 0,
  }
}

interface FeeAnswer {
  id: string
  category: string
  description: string
  dueDate: string
  amountCents: number
  paidCents: number
  dueCents: number
  exempt: boolean
}
interface PaymentAnswer {
  id: string
  kind: 'PAYMENT' | 'REFUND'
  amountCents: number
  method: string
  receivedAt: string
  reference: string
  appliedCents: number
  allocations: Array<{ amountCents: number; fee: { id: string; description: string } }>
}
interface PayFeesAnswer {
  payFees: { payment: PaymentAnswer; fees: FeeAnswer[]; balanceDueCents: number; surplusCents: number } | null
}
interface DepositAnswer {
  depositMealFunds: { transaction: { id: string; occurredAt: string; kind: string; amountCents: number; description: string }; balanceCents: number; lowBalanceThresholdCents: number; isLow: boolean } | null
}
interface Balances {
  student: { finance: { balanceDueCents: number; surplusCents: number; openFees: Array<{ id: string; dueCents: number }>; mealAccount: { balanceCents: number } | null } }
}

const pay = (login: string, input: Record<string, unknown>) => t.query<PayFeesAnswer>({ login }, PAY_FEES, { input: { idempotencyKey: randomUUID(), ...input } })
const deposit = (login: string, input: Record<string, unknown>) => t.query<DepositAnswer>({ login }, DEPOSIT_MEAL_FUNDS, { input: { idempotencyKey: randomUUID(), ...input } })
async function balances(studentId: string) {
  const response = await t.query<Balances>({ login: 'demo.admin' }, BALANCES, { id: studentId })
  const answer = response.body.data?.student.finance
  if (!answer) throw new Error(`No balances: ${response.text}`)
  return answer
}
/** The payment the ledger holds under a money request's key. */
async function paymentsUnder(viewerId: string, idempotencyKey: string) {
  return t
    .db('finance')
    .select({ payment: finance.payments })
    .from(finance.payments)
    .innerJoin(finance.moneyRequests, eq(finance.moneyRequests.providerKey, finance.payments.idempotencyKey))
    .where(and(eq(finance.moneyRequests.viewerId, viewerId), eq(finance.moneyRequests.idempotencyKey, idempotencyKey)))
    .then((rows) => rows.map((r) => r.payment))
}
async function providerChargesUnder(viewerId: string, idempotencyKey: string) {
  return t
    .db('finance')
    .select({ charge: finance.devProviderCharges })
    .from(finance.devProviderCharges)
    .innerJoin(finance.moneyRequests, eq(finance.moneyRequests.providerKey, finance.devProviderCharges.idempotencyKey))
    .where(and(eq(finance.moneyRequests.viewerId, viewerId), eq(finance.moneyRequests.idempotencyKey, idempotencyKey)))
    .then((rows) => rows.map((r) => r.charge))
}

describe('a guardian paying fees', () => {
  it('pays one fee in full: the payload, the ledger rows and the dashboard agree at once', async () => {
    const [fee] = await charge(students.leo, [{ description: 'Test: Robotics club dues', amountCents: 1200, dueDate: '2026-11-25' }])
    const before = await balances(students.leo)
    const key = randomUUID()
    const response = await pay('demo.guardian', { studentId: students.leo, feeIds: [fee], amountCents: 1200, idempotencyKey: key })

    const payment = one(await paymentsUnder(guardianId, key), 'payment')
    const [charged] = await providerChargesUnder(guardianId, key)
    expect(payment).toMatchObject({ studentId: students.leo, contactId: guardianId, amountCents: 1200, method: 'Online', refundOf: null, recordedBy: null, providerChargeId: charged?.id })
    expect(charged).toMatchObject({ amountCents: 1200, status: 'captured', authorizeCalls: 1, captureCalls: 1, refundedCents: 0 })
    expect(await t.db('finance').select().from(finance.paymentAllocations).where(eq(finance.paymentAllocations.paymentId, payment.id))).toStrictEqual([
      { paymentId: payment.id, feeId: fee, amountCents: 1200, createdAt: expect.any(Date), updatedAt: expect.any(Date) },
    ])
    expect(response.body).toStrictEqual({
      data: {
        payFees: {
          payment: {
            id: payment.id,
            kind: 'PAYMENT',
            amountCents: 1200,
            method: 'ONLINE',
            receivedAt: payment.receivedAt.toISOString(),
            reference: `WEB-${payment.id.replaceAll('-', '').slice(0, 10).toUpperCase()}`,
            appliedCents: 1200,
            allocations: [{ amountCents: 1200, fee: { id: fee, description: 'Test: Robotics club dues' } }],
          },
          fees: [{ id: fee, category: 'ACTIVITY_FEE', description: 'Test: Robotics club dues', dueDate: '2026-11-25', amountCents: 1200, paidCents: 1200, dueCents: 0, exempt: false }],
          balanceDueCents: before.balanceDueCents - 1200,
          surplusCents: before.surplusCents,
        },
      },
    })
    const after = await balances(students.leo)
    expect(after.balanceDueCents).toBe(before.balanceDueCents - 1200)
    expect(after.openFees.map((f) => f.id)).toStrictEqual(before.openFees.map((f) => f.id).filter((id) => id !== fee))
  })

  it('spreads a partial amount over the fees oldest due first, never paying a fee more than it owes', async () => {
    const [december, october, january] = await charge(students.leo, [
      { description: 'Test: Winter concert', amountCents: 1500, dueDate: '2026-12-10' },
      { description: 'Test: Fall lab kit', amountCents: 1000, dueDate: '2026-10-01' },
      { description: 'Test: Spring trip deposit', amountCents: 800, dueDate: '2027-01-15' },
    ])
    const before = await balances(students.leo)
    const key = randomUUID()
    const response = await pay('demo.guardian', { studentId: students.leo, feeIds: [december, january, october], amountCents: 2200, idempotencyKey: key })
    const payment = one(await paymentsUnder(guardianId, key), 'payment')
    const lines = await t.db('finance').select({ feeId: finance.paymentAllocations.feeId, amountCents: finance.paymentAllocations.amountCents }).from(finance.paymentAllocations).where(eq(finance.paymentAllocations.paymentId, payment.id))
    expect(new Map(lines.map((l) => [l.feeId, l.amountCents]))).toStrictEqual(new Map([[october, 1000], [december, 1200]]))
    const answer = response.body.data?.payFees
    expect(answer?.payment.allocations).toStrictEqual([
      { amountCents: 1000, fee: { id: october, description: 'Test: Fall lab kit' } },
      { amountCents: 1200, fee: { id: december, description: 'Test: Winter concert' } },
    ])
    expect(answer?.fees.map((f) => [f.id, f.paidCents, f.dueCents])).toStrictEqual([
      [october, 1000, 0],
      [december, 1200, 300],
      [january, 0, 800],
    ])
    expect(answer?.balanceDueCents).toBe(before.balanceDueCents - 2200)
    expect((await balances(students.leo)).openFees.filter((f) => f.id === december || f.id === january)).toStrictEqual([
      { id: december, dueCents: 300 },
      { id: january, dueCents: 800 },
    ])
  })

  it("lists the payment among the child's receipts with the fees it paid", async () => {
    const [a, b] = await charge(students.maya, [
      { description: 'Test: Book fair', amountCents: 700, dueDate: '2026-11-10' },
      { description: 'Test: Class photo', amountCents: 1300, dueDate: '2026-11-12' },
    ])
    const key = randomUUID()
    await pay('demo.guardian', { studentId: students.maya, feeIds: [a, b], amountCents: 2000, idempotencyKey: key })
    const payment = one(await paymentsUnder(guardianId, key), 'payment')
    const response = await t.query<{ student: { finance: { recentPayments: PaymentAnswer[] } } }>({ login: 'demo.guardian' }, STUDENT_PAYMENTS, { studentId: students.maya })
    expect(response.body.errors).toBeUndefined()
    expect(response.body.data?.student.finance.recentPayments[0]).toStrictEqual({
      id: payment.id,
      kind: 'PAYMENT',
      amountCents: 2000,
      method: 'ONLINE',
      receivedAt: payment.receivedAt.toISOString(),
      reference: payment.reference,
      appliedCents: 2000,
      refundedPaymentId: null,
      allocations: [
        { amountCents: 700, fee: { id: a, category: 'ACTIVITY_FEE', description: 'Test: Book fair', dueDate: '2026-11-10', amountCents: 700, dueCents: 0 } },
        { amountCents: 1300, fee: { id: b, category: 'ACTIVITY_FEE', description: 'Test: Class photo', dueDate: '2026-11-12', amountCents: 1300, dueCents: 0 } },
      ],
    })
  })

  it('refuses to pay more than the fees owe, and another student’s fee, with a sentence and nothing written', async () => {
    const [leos, otherLeos] = await charge(students.leo, [
      { description: 'Test: Yearbook ad', amountCents: 800, dueDate: '2026-12-01' },
      { description: 'Test: Club shirt', amountCents: 300, dueDate: '2026-12-02' },
    ])
    const [mayas] = await charge(students.maya, [{ description: 'Test: Recorder', amountCents: 500, dueDate: '2026-12-01' }])
    const [strangers] = await charge(students.stranger, [{ description: 'Test: Locker fee', amountCents: 500, dueDate: '2026-12-01' }])
    const before = await ledgerCounts()
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ studentId: students.leo, feeIds: [leos], amountCents: 801 }, 'amountCents is more than the 800 cents these fees still owe.'],
      [{ studentId: students.leo, feeIds: [leos, otherLeos], amountCents: 1101 }, 'amountCents is more than the 1100 cents these fees still owe.'],
      // A sibling's fee under the other child, and another family's: both read as "not this student's".
      [{ studentId: students.leo, feeIds: [mayas], amountCents: 100 }, "Each of feeIds must be one of this student's fees."],
      [{ studentId: students.leo, feeIds: [leos, strangers], amountCents: 100 }, "Each of feeIds must be one of this student's fees."],
    ]
    for (const [input, message] of cases) expect((await pay('demo.guardian', input)).body).toStrictEqual(BAD_INPUT('payFees', message))
    // Naming the other family's student instead: that student's records are closed to this guardian.
    expect((await pay('demo.guardian', { studentId: students.stranger, feeIds: [strangers], amountCents: 100 })).body).toStrictEqual(FORBIDDEN('payFees'))
    expect(await ledgerCounts()).toStrictEqual(before)
  })

  it.each([
    ['a negative amount', { amountCents: -100 }, 'amountCents must be a whole number of cents from 1 to 2147483647.'],
    ['a zero amount', { amountCents: 0 }, 'amountCents must be a whole number of cents from 1 to 2147483647.'],
    ['no fees', { feeIds: [] }, 'feeIds must name at least one fee.'],
    ['an unknown fee', { feeIds: ['7d1f3a3e-0000-4000-8000-000000000000'] }, "Each of feeIds must be one of this student's fees."],
    ['a fee id that is not one', { feeIds: ['fee-1'] }, 'feeIds must be an id (a UUID).'],
    ['the same fee twice', { twice: true }, 'feeIds must name each fee once.'],
    ['a voided fee', { voided: true }, 'A fee in feeIds was voided: it owes nothing.'],
    ['a waived fee', { exempt: true }, 'A fee in feeIds owes nothing (paid in full or waived).'],
    ['an idempotency key too long', { idempotencyKey: 'k'.repeat(256) }, 'idempotencyKey must be 1 to 255 visible characters without spaces (a UUID serves).'],
    ['an empty idempotency key', { idempotencyKey: '' }, 'idempotencyKey must be 1 to 255 visible characters without spaces (a UUID serves).'],
    ['an idempotency key with spaces', { idempotencyKey: 'pay fees' }, 'idempotencyKey must be 1 to 255 visible characters without spaces (a UUID serves).'],
    ['a payment token too long', { paymentToken: 't'.repeat(256) }, 'paymentToken must be the token the payment page returned (1 to 255 characters).'],
    ['a student id that is not one', { studentId: 'leo' }, 'studentId must be an id (a UUID).'],
  ])('refuses %s with BAD_USER_INPUT and nothing written', async (_what, change, message) => {
    const { twice, voided, exempt, ...input } = change as Record<string, unknown>
    const [fee] = await charge(students.leo, [{ description: 'Test: Bad input', amountCents: 500, dueDate: '2026-12-01', voided: voided === true, exempt: exempt === true }])
    const before = await ledgerCounts()
    const response = await pay('demo.guardian', { studentId: students.leo, feeIds: twice ? [fee, fee] : [fee], amountCents: 500, ...input })
    expect(response.body).toStrictEqual(BAD_INPUT('payFees', message))
    expect(await ledgerCounts()).toStrictEqual(before)
  })

  // graphql-js refuses a non-integer Int while coercing variables, before finance sees it; the
  // gateway gives that error the client's-input code.
  it('refuses a non-integer amount with BAD_USER_INPUT and nothing written', async () => {
    const [fee] = await charge(students.leo, [{ description: 'Test: Half a cent', amountCents: 500, dueDate: '2026-12-01' }])
    const before = await ledgerCounts()
    const response = await pay('demo.guardian', { studentId: students.leo, feeIds: [fee], amountCents: 10.5 })
    expect(await ledgerCounts()).toStrictEqual(before)
    expect(response.body.errors?.map((e) => e.extensions?.code)).toStrictEqual(['BAD_USER_INPUT'])
  })
})

describe('idempotency keys', () => {
  it('answers the same key with the first answer, byte for byte, after the balances have moved on', async () => {
    const [first, second] = await charge(students.leo, [
      { description: 'Test: Drama club', amountCents: 900, dueDate: '2026-12-03' },
      { description: 'Test: Chess club', amountCents: 600, dueDate: '2026-12-04' },
    ])
    const input = { studentId: students.leo, feeIds: [first], amountCents: 900, idempotencyKey: randomUUID() }
    const answer = await pay('demo.guardian', input)
    expect(answer.body.errors).toBeUndefined()
    await pay('demo.guardian', { studentId: students.leo, feeIds: [second], amountCents: 600 })
    const counts = await ledgerCounts()
    const again = await pay('demo.guardian', input)
    expect(again.text).toBe(answer.text)
    expect(await ledgerCounts()).toStrictEqual(counts)
    expect(await paymentsUnder(guardianId, input.idempotencyKey)).toHaveLength(1)
  })

  it('refuses a different request under a used key with BAD_USER_INPUT, writing nothing', async () => {
    const [fee] = await charge(students.leo, [{ description: 'Test: Debate club', amountCents: 1000, dueDate: '2026-12-05' }])
    const idempotencyKey = randomUUID()
    await pay('demo.guardian', { studentId: students.leo, feeIds: [fee], amountCents: 400, idempotencyKey })
    const before = await ledgerCounts()
    const message = 'This idempotencyKey was already used for a different request: use a new key for a new payment.'
    for (const input of [
      { studentId: students.leo, feeIds: [fee], amountCents: 500, idempotencyKey },
      { studentId: students.leo, feeIds: [fee], amountCents: 400, idempotencyKey, paymentToken: 'tok_dev_ok' },
    ]) {
      expect((await pay('demo.guardian', input)).body).toStrictEqual(BAD_INPUT('payFees', message))
    }
    expect((await deposit('demo.guardian', { studentId: students.leo, amountCents: 400, idempotencyKey })).body).toStrictEqual(BAD_INPUT('depositMealFunds', message))
    expect(await ledgerCounts()).toStrictEqual(before)
  })

  it('keeps keys per viewer: the same key from another viewer is a request of its own', async () => {
    const [fee] = await charge(students.leo, [{ description: 'Test: Art club', amountCents: 1000, dueDate: '2026-12-06' }])
    const idempotencyKey = randomUUID()
    const paid = await pay('demo.guardian', { studentId: students.leo, feeIds: [fee], amountCents: 1000, idempotencyKey })
    const payment = one(await paymentsUnder(guardianId, idempotencyKey), 'payment')
    const refunded = await t.query({ login: 'demo.admin' }, REFUND_PAYMENT, { input: { paymentId: payment.id, amountCents: 100, idempotencyKey } })
    expect([paid.body.errors, refunded.body.errors]).toStrictEqual([undefined, undefined])
  })

  it('charges once for 100 concurrent retries of one payment, all answered alike', async () => {
    const [fee] = await charge(students.leo, [{ description: 'Test: Band camp', amountCents: 2500, dueDate: '2026-12-07' }])
    const input = { studentId: students.leo, feeIds: [fee], amountCents: 2500, idempotencyKey: randomUUID() }
    const started = performance.now()
    const { texts, waited } = await settled(await Promise.all(Array.from({ length: 100 }, () => pay('demo.guardian', input))), () => pay('demo.guardian', input))
    timings.push(`100 concurrent payFees retries: ${Math.round(performance.now() - started)} ms (${waited} told to retry)`)
    expect([...new Set(texts)]).toHaveLength(1)
    expect(JSON.parse(texts[0] ?? '{}').errors).toBeUndefined()
    expect(await paymentsUnder(guardianId, input.idempotencyKey)).toHaveLength(1)
    expect((await providerChargesUnder(guardianId, input.idempotencyKey)).map((c) => [c.status, c.authorizeCalls, c.captureCalls])).toStrictEqual([['captured', 1, 1]])
    expect((await balances(students.leo)).openFees.some((f) => f.id === fee)).toBe(false)
  })

  it('deposits once for 100 concurrent retries of one meal deposit, all answered alike', async () => {
    const input = { studentId: students.maya, amountCents: 1500, idempotencyKey: randomUUID() }
    const before = await balances(students.maya)
    const { texts } = await settled(await Promise.all(Array.from({ length: 100 }, () => deposit('demo.guardian', input))), () => deposit('demo.guardian', input))
    expect([...new Set(texts)]).toHaveLength(1)
    const answer = (JSON.parse(texts[0] ?? '{}') as GraphQLResponse<DepositAnswer>['body']).data?.depositMealFunds
    expect(answer?.balanceCents).toBe((before.mealAccount?.balanceCents ?? 0) + 1500)
    const deposits = await t.db('finance').select().from(finance.mealTransactions).where(eq(finance.mealTransactions.idempotencyKey, sql`(select provider_key from finance.money_requests where viewer_id = ${guardianId} and idempotency_key = ${input.idempotencyKey})`))
    expect(deposits.map((d) => [d.id, d.amountCents])).toStrictEqual([[answer?.transaction.id, 1500]])
    expect((await providerChargesUnder(guardianId, input.idempotencyKey)).map((c) => [c.status, c.authorizeCalls, c.captureCalls])).toStrictEqual([['captured', 1, 1]])
  })
})

describe('the payment provider', () => {
  it('leaves no ledger row for a declined card, and answers the same key with the same refusal', async () => {
    const [fee] = await charge(students.leo, [{ description: 'Test: Declined', amountCents: 700, dueDate: '2026-12-08' }])
    const before = await ledgerCounts()
    const input = { studentId: students.leo, feeIds: [fee], amountCents: 700, paymentToken: 'tok_dev_decline', idempotencyKey: randomUUID() }
    const declined = await pay('demo.guardian', input)
    expect(declined.body).toStrictEqual(BAD_INPUT('payFees', 'The card was declined: use another card or payment method.'))
    expect((await pay('demo.guardian', input)).text).toBe(declined.text)
    expect(await ledgerCounts()).toStrictEqual({ ...before, moneyRequests: before.moneyRequests + 1 })
    const [request] = await t.db('finance').select().from(finance.moneyRequests).where(and(eq(finance.moneyRequests.viewerId, guardianId), eq(finance.moneyRequests.idempotencyKey, input.idempotencyKey)))
    expect(request).toMatchObject({ status: 'failed', errorCode: 'BAD_USER_INPUT', response: null })
  })

  it('refuses a token the payment page did not issue, charging nothing', async () => {
    const [fee] = await charge(students.leo, [{ description: 'Test: Bad token', amountCents: 700, dueDate: '2026-12-08' }])
    const before = await ledgerCounts()
    const response = await pay('demo.guardian', { studentId: students.leo, feeIds: [fee], amountCents: 700, paymentToken: '4111111111111111' })
    expect(response.body).toStrictEqual(BAD_INPUT('payFees', 'The payment token is not one the payment page issued: enter the card again.'))
    expect(await ledgerCounts()).toStrictEqual({ ...before, moneyRequests: before.moneyRequests + 1 })
  })

  it('leaves no ledger row when the provider is down before charging', async () => {
    const [fee] = await charge(students.leo, [{ description: 'Test: Provider down', amountCents: 700, dueDate: '2026-12-08' }])
    const before = await ledgerCounts()
    const response = await pay('demo.guardian', { studentId: students.leo, feeIds: [fee], amountCents: 700, paymentToken: 'tok_dev_unavailable' })
    expect(response.body).toStrictEqual({ errors: [{ message: UNCONFIRMED, path: ['payFees'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }], data: { payFees: null } })
    expect(await ledgerCounts()).toStrictEqual({ ...before, moneyRequests: before.moneyRequests + 1 })
  })

  it('reconciles a charge whose answer was lost: no ledger row until the retry, then one, charged once', async () => {
    const [fee] = await charge(students.leo, [{ description: 'Test: Lost answer', amountCents: 1100, dueDate: '2026-12-09' }])
    const before = await ledgerCounts()
    const input = { studentId: students.leo, feeIds: [fee], amountCents: 1100, paymentToken: 'tok_dev_fail_after_charge', idempotencyKey: randomUUID() }
    const lost = await pay('demo.guardian', input)
    expect(lost.body).toStrictEqual({ errors: [{ message: UNCONFIRMED, path: ['payFees'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }], data: { payFees: null } })
    expect(await paymentsUnder(guardianId, input.idempotencyKey)).toStrictEqual([])
    expect((await providerChargesUnder(guardianId, input.idempotencyKey)).map((c) => [c.status, c.authorizeCalls, c.captureCalls])).toStrictEqual([['captured', 1, 1]])

    const retried = await pay('demo.guardian', input)
    expect(retried.body.errors).toBeUndefined()
    const [charged] = await providerChargesUnder(guardianId, input.idempotencyKey)
    expect([charged?.status, charged?.authorizeCalls, charged?.captureCalls]).toStrictEqual(['captured', 1, 1])
    expect((await paymentsUnder(guardianId, input.idempotencyKey)).map((p) => [p.amountCents, p.providerChargeId])).toStrictEqual([[1100, charged?.id]])
    expect(await ledgerCounts()).toStrictEqual({ ...before, payments: before.payments + 1, allocations: before.allocations + 1, moneyRequests: before.moneyRequests + 1, providerCharges: before.providerCharges + 1 })
    expect((await pay('demo.guardian', input)).text).toBe(retried.text)
  })

  it('leaves a request to the process that holds its lease, and takes it over once the lease lapses (its owner died)', async () => {
    const [fee] = await charge(students.leo, [{ description: 'Test: Owner died', amountCents: 900, dueDate: '2026-12-09' }])
    const input = { studentId: students.leo, feeIds: [fee], amountCents: 900, paymentToken: 'tok_dev_fail_after_charge', idempotencyKey: randomUUID() }
    await pay('demo.guardian', input)
    const request = and(eq(finance.moneyRequests.viewerId, guardianId), eq(finance.moneyRequests.idempotencyKey, input.idempotencyKey))
    // As if another process had claimed it and were still at work: a retry waits, then is told to retry.
    await t.db('finance').update(finance.moneyRequests).set({ leaseUntil: sql`now() + interval '1 minute'` }).where(request)
    expect((await pay('demo.guardian', input)).body).toStrictEqual({ errors: [{ message: STILL_PROCESSING, path: ['payFees'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }], data: { payFees: null } })
    expect(await paymentsUnder(guardianId, input.idempotencyKey)).toStrictEqual([])
    // That process died: once its lease lapses, the next retry asks the provider and records the one charge.
    await t.db('finance').update(finance.moneyRequests).set({ leaseUntil: sql`now() - interval '1 second'` }).where(request)
    expect((await pay('demo.guardian', input)).body.errors).toBeUndefined()
    expect((await paymentsUnder(guardianId, input.idempotencyKey)).map((p) => p.amountCents)).toStrictEqual([900])
    expect((await providerChargesUnder(guardianId, input.idempotencyKey)).map((c) => [c.status, c.authorizeCalls, c.captureCalls])).toStrictEqual([['captured', 1, 1]])
  })
})

describe('meal deposits', () => {
  it('adds money to the meal account: the payload and the dashboard show the new balance', async () => {
    const before = await balances(students.maya)
    const key = randomUUID()
    const response = await deposit('demo.guardian', { studentId: students.maya, amountCents: 2500, idempotencyKey: key })
    const [row] = await t.db('finance').select().from(finance.mealTransactions).where(eq(finance.mealTransactions.id, response.body.data?.depositMealFunds?.transaction.id ?? ''))
    const [account] = await t.db('finance').select().from(finance.mealAccounts).where(eq(finance.mealAccounts.studentId, students.maya))
    const balance = (before.mealAccount?.balanceCents ?? 0) + 2500
    expect(row).toMatchObject({ studentId: students.maya, kind: 'Deposit', amountCents: 2500, description: 'Online deposit', contactId: guardianId })
    expect(response.body).toStrictEqual({
      data: {
        depositMealFunds: {
          transaction: { id: row?.id, occurredAt: row?.occurredAt.toISOString(), kind: 'DEPOSIT', amountCents: 2500, description: 'Online deposit' },
          balanceCents: balance,
          lowBalanceThresholdCents: account?.lowBalanceThresholdCents,
          isLow: balance < (account?.lowBalanceThresholdCents ?? 0),
        },
      },
    })
    expect((await balances(students.maya)).mealAccount?.balanceCents).toBe(balance)
  })

  it.each([
    ['zero', 0],
    ['a negative amount', -500],
    ['more than $500 at a time', 50_001],
  ])('refuses %s with BAD_USER_INPUT and nothing written', async (_what, amountCents) => {
    const before = await ledgerCounts()
    expect((await deposit('demo.guardian', { studentId: students.maya, amountCents })).body).toStrictEqual(
      BAD_INPUT('depositMealFunds', 'amountCents must be a whole number of cents from 1 to 50000.'),
    )
    expect(await ledgerCounts()).toStrictEqual(before)
  })
})

describe('who may pay', () => {
  const report = buildPermissionReport(fs.readFileSync(SUPERGRAPH_PATH, 'utf8'), permissionMapsOf(SUBGRAPHS))
  const rolesOf = (field: string) => report.rows.find((r) => r.type === 'Mutation' && r.field === field)?.roles

  it('is reported as the permission maps enforce it: guardians pay for linked children, admins void and refund, nobody else writes', () => {
    expect(report.problems).toStrictEqual([])
    expect(rolesOf('payFees')).toStrictEqual({ GUARDIAN: LINKED, STUDENT: null, TEACHER: null, ADMIN: null })
    expect(rolesOf('depositMealFunds')).toStrictEqual({ GUARDIAN: LINKED, STUDENT: null, TEACHER: null, ADMIN: null })
    expect(rolesOf('voidFee')).toStrictEqual({ GUARDIAN: null, STUDENT: null, TEACHER: null, ADMIN: 'always' })
    expect(rolesOf('refundPayment')).toStrictEqual({ GUARDIAN: null, STUDENT: null, TEACHER: null, ADMIN: 'always' })
  })

  // Each viewer against a student; `linked`: the student is one whose records are open to them.
  const CASES: Array<{ login: string; role: Role; student: keyof typeof students; linked: boolean }> = [
    { login: 'demo.guardian', role: 'GUARDIAN', student: 'leo', linked: true },
    { login: 'demo.guardian', role: 'GUARDIAN', student: 'stranger', linked: false },
    { login: 'restricted.guardian', role: 'GUARDIAN', student: 'noah', linked: false },
    { login: 'adult.guardian', role: 'GUARDIAN', student: 'jordan', linked: false },
    { login: 'demo.student', role: 'STUDENT', student: 'leo', linked: false },
    { login: 'adult.student', role: 'STUDENT', student: 'jordan', linked: false },
    { login: 'demo.teacher', role: 'TEACHER', student: 'leo', linked: false },
    { login: 'demo.admin', role: 'ADMIN', student: 'leo', linked: false },
  ]
  const MEANINGS: Record<string, (c: (typeof CASES)[number]) => boolean> = { [LINKED]: (c) => c.linked, always: () => true }
  const allowedByReport = (field: string, c: (typeof CASES)[number]) => {
    const condition = rolesOf(field)?.[c.role]
    return condition !== null && condition !== undefined && (MEANINGS[condition]?.(c) ?? false)
  }

  it.each(CASES.map((c) => [c.login, c.student, c] as const))('%s writing for %s: the gateway allows exactly what the report says', async (_login, _student, c) => {
    const [fee] = await charge(students[c.student], [{ description: 'Test: Who may pay', amountCents: 500, dueDate: '2026-12-11' }])
    if (!fee) throw new Error('No fee made.')
    const before = await ledgerCounts()
    // Allowed writes get this far and no further: an amount of 0 (or an empty reason) is refused as input.
    const writes: Array<[string, string, Record<string, unknown>]> = [
      ['payFees', PAY_FEES, { studentId: students[c.student], feeIds: [fee], amountCents: 0, idempotencyKey: randomUUID() }],
      ['depositMealFunds', DEPOSIT_MEAL_FUNDS, { studentId: students[c.student], amountCents: 0, idempotencyKey: randomUUID() }],
      ['voidFee', VOID_FEE, { feeId: fee, reason: ' ' }],
      ['refundPayment', REFUND_PAYMENT, { paymentId: randomUUID(), amountCents: 0, idempotencyKey: randomUUID() }],
    ]
    for (const [field, document, input] of writes) {
      const response = await t.query({ login: c.login }, document, { input })
      const code = response.body.errors?.[0]?.extensions?.code
      expect([field, code]).toStrictEqual([field, allowedByReport(field, c) ? 'BAD_USER_INPUT' : 'FORBIDDEN'])
      if (code === 'FORBIDDEN') expect(response.body).toStrictEqual(FORBIDDEN(field))
    }
    // And a real payment, as the contract's families would make it: only the linked guardian's lands.
    const paid = await pay(c.login, { studentId: students[c.student], feeIds: [fee], amountCents: 500 })
    if (c.linked) expect(paid.body.errors).toBeUndefined()
    else {
      expect(paid.body).toStrictEqual(FORBIDDEN('payFees'))
      expect(await ledgerCounts()).toStrictEqual(before)
    }
  })

  it('notes each write in the record of disclosures: who wrote about which student, and when', async () => {
    const [fee] = await charge(students.leo, [{ description: 'Test: Disclosed', amountCents: 300, dueDate: '2026-12-12' }])
    await pay('demo.guardian', { studentId: students.leo, feeIds: [fee], amountCents: 300 })
    await t.system.gateway.disclosures.flush()
    const records = await t
      .db('academics')
      .select({ fields: academics.disclosures.fields, operationName: academics.disclosures.operationName })
      .from(academics.disclosures)
      .where(and(eq(academics.disclosures.viewerId, guardianId), eq(academics.disclosures.studentId, students.leo), eq(academics.disclosures.operationName, 'PayFees')))
    expect(records.some((r) => r.fields.includes('Mutation.payFees'))).toBe(true)
  })
})

describe('administrators', () => {
  const voidFee = (login: string, input: Record<string, unknown>) => t.query<{ voidFee: { fee: { id: string; paidCents: number; dueCents: number; voidedAt: string; voidReason: string }; balanceDueCents: number; surplusCents: number } | null }>({ login }, VOID_FEE, { input })
  const refund = (login: string, input: Record<string, unknown>) =>
    t.query<{ refundPayment: { refund: PaymentAnswer & { refundedPaymentId: string }; fees: Array<{ id: string; paidCents: number; dueCents: number }>; balanceDueCents: number; surplusCents: number } | null }>({ login }, REFUND_PAYMENT, {
      input: { idempotencyKey: randomUUID(), ...input },
    })

  it('void a fee: it stays on record owing nothing, and what was paid on it becomes credit', async () => {
    const [fee] = await charge(students.maya, [{ description: 'Test: Cancelled trip', amountCents: 1000, dueDate: '2026-12-14' }])
    await pay('demo.guardian', { studentId: students.maya, feeIds: [fee], amountCents: 400 })
    const before = await balances(students.maya)
    const response = await voidFee('demo.admin', { feeId: fee, reason: '  Trip cancelled ' })
    const [row] = await t.db('finance').select().from(finance.fees).where(eq(finance.fees.id, fee ?? ''))
    expect(row).toMatchObject({ voidReason: 'Trip cancelled', voidedBy: adminId })
    expect(response.body).toStrictEqual({
      data: {
        voidFee: {
          fee: { id: fee, description: 'Test: Cancelled trip', amountCents: 1000, paidCents: 400, dueCents: 0, voidedAt: row?.voidedAt?.toISOString(), voidReason: 'Trip cancelled' },
          balanceDueCents: before.balanceDueCents - 600,
          surplusCents: before.surplusCents + 400,
        },
      },
    })
    expect(await balances(students.maya)).toMatchObject({ balanceDueCents: before.balanceDueCents - 600, surplusCents: before.surplusCents + 400 })
    expect((await voidFee('demo.admin', { feeId: fee, reason: 'Again' })).body).toStrictEqual(BAD_INPUT('voidFee', 'This fee is already voided.'))
    expect((await voidFee('demo.admin', { feeId: randomUUID(), reason: 'Unknown' })).body).toStrictEqual({
      errors: [{ message: 'No fee has this feeId.', path: ['voidFee'], extensions: { code: 'NOT_FOUND' } }],
      data: { voidFee: null },
    })
  })

  it('refund a payment through the provider as new ledger rows: from the fees latest due first, which then owe it again', async () => {
    const [early, late] = await charge(students.leo, [
      { description: 'Test: Early', amountCents: 1000, dueDate: '2026-11-01' },
      { description: 'Test: Late', amountCents: 1000, dueDate: '2026-12-15' },
    ])
    const key = randomUUID()
    await pay('demo.guardian', { studentId: students.leo, feeIds: [early, late], amountCents: 2000, idempotencyKey: key })
    const payment = one(await paymentsUnder(guardianId, key), 'payment')
    const before = await balances(students.leo)

    const input = { paymentId: payment.id, amountCents: 1500, idempotencyKey: randomUUID() }
    const response = await refund('demo.admin', input)
    const row = one(await t.db('finance').select().from(finance.payments).where(eq(finance.payments.refundOf, payment.id)), 'refund')
    expect(row).toMatchObject({ studentId: students.leo, amountCents: -1500, method: 'Online', contactId: guardianId, recordedBy: adminId })
    expect(response.body).toStrictEqual({
      data: {
        refundPayment: {
          refund: {
            id: row.id,
            kind: 'REFUND',
            amountCents: -1500,
            method: 'ONLINE',
            receivedAt: row.receivedAt.toISOString(),
            reference: row.reference,
            refundedPaymentId: payment.id,
            allocations: [
              { amountCents: -500, fee: { id: early, description: 'Test: Early' } },
              { amountCents: -1000, fee: { id: late, description: 'Test: Late' } },
            ],
          },
          fees: [
            { id: early, description: 'Test: Early', amountCents: 1000, paidCents: 500, dueCents: 500 },
            { id: late, description: 'Test: Late', amountCents: 1000, paidCents: 0, dueCents: 1000 },
          ],
          balanceDueCents: before.balanceDueCents + 1500,
          surplusCents: before.surplusCents,
        },
      },
    })
    const [charged] = await t.db('finance').select().from(finance.devProviderCharges).where(eq(finance.devProviderCharges.id, payment.providerChargeId ?? ''))
    expect(charged?.refundedCents).toBe(1500)
    expect((await refund('demo.admin', input)).text).toBe(response.text)

    expect((await refund('demo.admin', { paymentId: payment.id, amountCents: 501 })).body).toStrictEqual(BAD_INPUT('refundPayment', 'amountCents is more than the 500 cents left of this payment.'))
    const rest = await refund('demo.admin', { paymentId: payment.id })
    expect(rest.body.data?.refundPayment?.refund.amountCents).toBe(-500)
    expect((await refund('demo.admin', { paymentId: payment.id })).body).toStrictEqual(BAD_INPUT('refundPayment', 'Nothing is left of this payment to refund.'))
    expect((await refund('demo.admin', { paymentId: row.id })).body).toStrictEqual(BAD_INPUT('refundPayment', 'This is a refund: refund the payment it gave money back from.'))
    expect((await balances(students.leo)).balanceDueCents).toBe(before.balanceDueCents + 2000)
  })

  it('refund what a voided fee left as credit first, before any fee reopens', async () => {
    const [kept, cancelled] = await charge(students.maya, [
      { description: 'Test: Kept', amountCents: 600, dueDate: '2026-11-03' },
      { description: 'Test: Cancelled', amountCents: 900, dueDate: '2026-11-04' },
    ])
    const key = randomUUID()
    await pay('demo.guardian', { studentId: students.maya, feeIds: [kept, cancelled], amountCents: 1500, idempotencyKey: key })
    const payment = one(await paymentsUnder(guardianId, key), 'payment')
    await voidFee('demo.admin', { feeId: cancelled, reason: 'Trip cancelled' })
    const before = await balances(students.maya)
    const response = await refund('demo.admin', { paymentId: payment.id, amountCents: 1000 })
    expect(response.body.data?.refundPayment).toMatchObject({
      refund: { amountCents: -1000, allocations: [{ amountCents: -100, fee: { id: kept } }] },
      fees: [{ id: kept, paidCents: 500, dueCents: 100 }],
      balanceDueCents: before.balanceDueCents + 100,
      surplusCents: before.surplusCents - 900,
    })
  })

  it('refuse to refund a payment taken at the school, and an unknown payment', async () => {
    const [check] = await t.db('finance').select().from(finance.payments).where(and(eq(finance.payments.method, 'Check'), sql`${finance.payments.providerChargeId} is null`)).limit(1)
    const before = await ledgerCounts()
    expect((await refund('demo.admin', { paymentId: check?.id })).body).toStrictEqual(
      BAD_INPUT('refundPayment', 'This payment was not taken through the payment provider: give it back at the school office.'),
    )
    expect((await refund('demo.admin', { paymentId: randomUUID() })).body).toStrictEqual({
      errors: [{ message: 'No payment has this paymentId.', path: ['refundPayment'], extensions: { code: 'NOT_FOUND' } }],
      data: { refundPayment: null },
    })
    expect(await ledgerCounts()).toStrictEqual(before)
  })
})

describe('finance called directly, not through the gateway', () => {
  const PAY = 'mutation ($input: PayFeesInput!) { payFees(input: $input) { payment { id } } }'

  it('refuses a write with no gateway token, or one signed by another key, with UNAUTHENTICATED and nothing written', async () => {
    const subgraph = await createTestSubgraph('finance', t.database)
    const [fee] = await charge(students.leo, [{ description: 'Test: Direct', amountCents: 500, dueDate: '2026-12-16' }])
    const caller: Caller = { id: guardianId, role: 'GUARDIAN', requestId: 'payments-test', allStudents: false, students: { [students.leo]: [...AREAS] } }
    const input = { studentId: students.leo, feeIds: [fee], amountCents: 500, idempotencyKey: randomUUID() }
    const before = await ledgerCounts()
    for (const token of [undefined, await subgraph.forge(caller)]) {
      const response = await subgraph.query(PAY, { input }, { token })
      expect({ status: response.status, body: response.body }).toStrictEqual({
        status: 401,
        body: { errors: [{ message: 'This subgraph serves only the gateway: the request carries no valid gateway token.', extensions: { code: 'UNAUTHENTICATED' } }] },
      })
    }
    // With the gateway's token, no more than the viewer may: the gateway itself, or a guardian out of scope, pays nothing.
    const refused = { errors: [{ message: 'You may not read this.', locations: [{ line: 1, column: 36 }], path: ['payFees'], extensions: { code: 'FORBIDDEN' } }], data: { payFees: null } }
    expect((await subgraph.asViewer({ role: 'GATEWAY', requestId: 'payments-test' }).query(PAY, { input })).body).toStrictEqual(refused)
    expect((await subgraph.asViewer({ ...caller, students: { [students.maya]: [...AREAS] } }).query(PAY, { input })).body).toStrictEqual(refused)
    expect(await ledgerCounts()).toStrictEqual(before)
    const paid = await subgraph.asViewer(caller).query<{ payFees: { payment: { id: string } } }>(PAY, { input })
    expect(paid.body.errors).toBeUndefined()
  })
})

describe('how long a write takes', () => {
  it('measures the p50 of each write through the gateway (sequential, in-process)', async () => {
    const fees = await charge(
      students.leo,
      Array.from({ length: 20 }, (_, i) => ({ description: `Test: Timing ${i}`, amountCents: 100, dueDate: '2026-12-20' })),
    )
    const took = async (fn: () => Promise<GraphQLResponse<unknown>>) => {
      const started = performance.now()
      const response = await fn()
      expect(response.body.errors).toBeUndefined()
      return performance.now() - started
    }
    const payments: number[] = []
    const deposits: number[] = []
    for (const fee of fees) {
      payments.push(await took(() => pay('demo.guardian', { studentId: students.leo, feeIds: [fee], amountCents: 100 })))
      deposits.push(await took(() => deposit('demo.guardian', { studentId: students.leo, amountCents: 100 })))
    }
    timings.push(`p50 payFees ${p50(payments).toFixed(1)} ms, depositMealFunds ${p50(deposits).toFixed(1)} ms (20 each, in-process, ${onPostgres ? 'Postgres' : 'PGlite'})`)
  })
})

// Separate processes cannot share the embedded database (one PGlite data directory has exactly
// one owner), and one PGlite instance serialises everything, so this proves nothing there.
describe.skipIf(!onPostgres)('100 concurrent retries against two finance processes (Postgres; skipped on the embedded project, whose database one process alone may open)', () => {
  let database: Database
  let deployment: Deployment
  let dataDir: string
  const extra: Proc[] = []
  let gateways: string[] = []
  let token = ''
  let leo = ''
  let viewer = ''

  beforeAll(async () => {
    database = await openWritableTestDatabase('payments_processes')
    if (database.target.kind !== 'server') throw new Error('The postgres project gives a server database.')
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-payments-'))
    const env = { RATE_LIMIT_PER_VIEWER: '100000', RATE_LIMIT_PER_ADDRESS: '100000', SCOPE_CACHE_SECONDS: '600' }
    deployment = await startDeployment(database.target.url, dataDir, env)
    const [financePort, gatewayPort] = await Promise.all([freePort(), freePort()])
    const tsx = ['--import', 'tsx']
    const finance2 = startProcess('finance-2', process.execPath, [...tsx, 'scripts/start-subgraph.ts', 'finance'], { ...deployment.env, FINANCE_PORT: String(financePort) }, 'finance subgraph at')
    extra.push(finance2)
    await finance2.ready
    const gateway2 = startProcess(
      'gateway-2',
      process.execPath,
      [...tsx, 'gateway/index.ts'],
      { ...deployment.env, PORT: String(gatewayPort), FINANCE_URL: `http://127.0.0.1:${financePort}/graphql`, SPOOL_DIR: path.join(dataDir, 'spool-2') },
      'gateway at',
    )
    extra.push(gateway2)
    await gateway2.ready
    gateways = [deployment.gatewayUrl, `http://127.0.0.1:${gatewayPort}/graphql`]
    const { personId } = testDataIn(database)
    viewer = await personId('demo.guardian')
    token = await issueDevelopmentToken(viewer, loadConfig({ DATA_DIR: dataDir }).auth, dataDir, 'demo.guardian')
    leo = await personId('demo.student')
  })

  afterAll(async () => {
    for (const proc of extra) proc.signal('SIGTERM')
    await Promise.all(extra.map((proc) => proc.exited))
    await deployment.stop(5000)
    await database.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  async function post(gateway: string, query: string, variables: Record<string, unknown>) {
    const response = await fetch(gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    })
    return { status: response.status, text: await response.text() }
  }
  async function newFee(amountCents: number): Promise<string> {
    const db = database.drizzle('test:finance')
    const [school] = await database.drizzle('test:academics').select({ id: academics.students.schoolId }).from(academics.students).where(eq(academics.students.id, leo))
    const id = randomUUID()
    await db.insert(finance.fees).values({ id, studentId: leo, schoolId: school?.id ?? '', schoolYear: 2027, category: 'Activity fee', description: 'Test: Two processes', amountCents, dueDate: '2026-12-18' })
    return id
  }
  const ledgerUnder = async (key: string) => {
    const db = database.drizzle('test:finance')
    const [request] = await db.select().from(finance.moneyRequests).where(and(eq(finance.moneyRequests.viewerId, viewer), eq(finance.moneyRequests.idempotencyKey, key)))
    const payments = await db.select().from(finance.payments).where(eq(finance.payments.idempotencyKey, request?.providerKey ?? ''))
    const charges = await db.select().from(finance.devProviderCharges).where(eq(finance.devProviderCharges.idempotencyKey, request?.providerKey ?? ''))
    return { payments, charges: charges.map((c) => [c.status, c.authorizeCalls, c.captureCalls]) }
  }

  it('charges once, every retry answered alike, half the retries through each finance process', async () => {
    const fee = await newFee(3000)
    const input = { studentId: leo, feeIds: [fee], amountCents: 3000, idempotencyKey: randomUUID() }
    const started = performance.now()
    const { texts, waited } = await settled(await Promise.all(Array.from({ length: 100 }, (_, i) => post(gateways[i % 2] ?? '', PAY_FEES, { input }))), () => post(gateways[1] ?? '', PAY_FEES, { input }))
    timings.push(`100 concurrent payFees retries over two finance processes: ${Math.round(performance.now() - started)} ms (${waited} told to retry)`)
    expect([...new Set(texts)]).toHaveLength(1)
    expect(JSON.parse(texts[0] ?? '{}')).toMatchObject({ data: { payFees: { payment: { amountCents: 3000 }, fees: [{ id: fee, dueCents: 0 }] } } })
    const { payments, charges } = await ledgerUnder(input.idempotencyKey)
    expect([payments.length, charges]).toStrictEqual([1, [['captured', 1, 1]]])
    const allocations = await database.drizzle('test:finance').select().from(finance.paymentAllocations).where(inArray(finance.paymentAllocations.paymentId, payments.map((p) => p.id)))
    expect(allocations.map((a) => [a.feeId, a.amountCents])).toStrictEqual([[fee, 3000]])
  })

  it('reconciles through the other process a charge whose answer one process lost', async () => {
    const fee = await newFee(1300)
    const input = { studentId: leo, feeIds: [fee], amountCents: 1300, paymentToken: 'tok_dev_fail_after_charge', idempotencyKey: randomUUID() }
    const lost = await post(gateways[0] ?? '', PAY_FEES, { input })
    expect(JSON.parse(lost.text)).toStrictEqual({ errors: [{ message: UNCONFIRMED, path: ['payFees'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }], data: { payFees: null } })
    expect(await ledgerUnder(input.idempotencyKey)).toStrictEqual({ payments: [], charges: [['captured', 1, 1]] })
    const { texts } = await settled(await Promise.all(Array.from({ length: 20 }, (_, i) => post(gateways[(i + 1) % 2] ?? '', PAY_FEES, { input }))), () => post(gateways[1] ?? '', PAY_FEES, { input }))
    expect([...new Set(texts)]).toHaveLength(1)
    expect(JSON.parse(texts[0] ?? '{}').errors).toBeUndefined()
    const { payments, charges } = await ledgerUnder(input.idempotencyKey)
    expect([payments.map((p) => p.amountCents), charges]).toStrictEqual([[1300], [['captured', 1, 1]]])
  })

  it('measures the p50 of each write through a gateway and a finance process of their own', async () => {
    const payments: number[] = []
    const deposits: number[] = []
    for (let i = 0; i < 20; i++) {
      const fee = await newFee(100)
      let started = performance.now()
      const paid = await post(gateways[0] ?? '', PAY_FEES, { input: { studentId: leo, feeIds: [fee], amountCents: 100, idempotencyKey: randomUUID() } })
      payments.push(performance.now() - started)
      started = performance.now()
      const deposited = await post(gateways[0] ?? '', DEPOSIT_MEAL_FUNDS, { input: { studentId: leo, amountCents: 100, idempotencyKey: randomUUID() } })
      deposits.push(performance.now() - started)
      expect([JSON.parse(paid.text).errors, JSON.parse(deposited.text).errors]).toStrictEqual([undefined, undefined])
    }
    timings.push(`p50 payFees ${p50(payments).toFixed(1)} ms, depositMealFunds ${p50(deposits).toFixed(1)} ms (20 each, separate processes over HTTP, Postgres)`)
  })
})
