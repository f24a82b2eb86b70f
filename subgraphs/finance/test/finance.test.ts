/**
 * finance through the gateway: a family sees each child's open fees, balance, payments and meal
 * account exactly as the ledger adds up; a whole family costs the same few SQL statements as one
 * child; a student reads their own meal balance but not the fees; and nobody else reads either.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as academics from '../../academics/db/schema.ts'
import * as finance from '../db/schema.ts'
import { FEE_CATEGORY, MEAL_TRANSACTION_KIND, PAYMENT_METHOD } from '../enums.ts'
import { loadMessages, type MessageValues } from '../../kit/index.ts'
import { childrenOf, one } from '../../../test/support/people.ts'
import { measure, startTestSystem, type TestSystem } from '../../../test/support/system.ts'

const FIELDS = `balanceDueCents surplusCents explanation
  openFees { id category categoryLabel description schoolYear school { id } dueDate amountCents paidCents dueCents exempt }
  recentPayments { id kind kindLabel amountCents method methodLabel receivedAt reference appliedCents }
  mealAccount { balanceCents lowBalanceThresholdCents isLow explanation recentTransactions { id occurredAt kind kindLabel amountCents description } }`
const STUDENT = `query ($id: ID!) { student(id: $id) { id finance { ${FIELDS} } } }`
const FAMILY = `{ me { children { id finance { ${FIELDS} } } } }`
const MEALS = `query ($id: ID!) { student(id: $id) { id finance { mealAccount { balanceCents lowBalanceThresholdCents isLow explanation recentTransactions(limit: 3) { amountCents description } } } } }`

/** finance's catalogues: these viewers read in English, the district's words for each value and balance. */
const WORDS = loadMessages(new URL('../messages/', import.meta.url))
const label = (enumName: string, value: string) => WORDS.format('en', `enum.${enumName}.${value}`)
/** A message with amounts in dollars and due dates as calendar days (formatted in UTC, so the day stays the day). */
const words = (key: string, values: MessageValues) => WORDS.format('en', key, values, 'UTC')

let t: TestSystem
beforeAll(async () => {
  t = await startTestSystem()
})
afterAll(() => t.close())



const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
/** Postgres orders uuids byte by byte: plain string order, which localeCompare is not. */
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** What the API must answer for a student, worked out in JavaScript from the raw rows. */
async function expectedFinance(studentId: string) {
  const db = t.db('finance')
  const fees = await db.select().from(finance.fees).where(eq(finance.fees.studentId, studentId))
  const payments = await db.select().from(finance.payments).where(eq(finance.payments.studentId, studentId))
  const allocations =
    payments.length === 0 ? [] : await db.select().from(finance.paymentAllocations).where(inArray(finance.paymentAllocations.paymentId, payments.map((p) => p.id)))
  const standing = new Set(fees.filter((f) => f.voidedAt === null).map((f) => f.id))
  const paidOn = (feeId: string) => sum(allocations.filter((a) => a.feeId === feeId).map((a) => a.amountCents))
  const appliedOf = (paymentId: string) => sum(allocations.filter((a) => a.paymentId === paymentId && standing.has(a.feeId)).map((a) => a.amountCents))
  const openFees = fees
    .filter((f) => f.voidedAt === null && paidOn(f.id) < f.amountCents)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || byId(a.id, b.id))
    .map((f) => ({
      id: f.id,
      category: FEE_CATEGORY[f.category],
      categoryLabel: label('FeeCategory', FEE_CATEGORY[f.category]),
      description: f.description,
      schoolYear: f.schoolYear,
      school: { id: f.schoolId },
      dueDate: f.dueDate,
      amountCents: f.amountCents,
      paidCents: paidOn(f.id),
      dueCents: f.exempt ? 0 : f.amountCents - paidOn(f.id),
      exempt: f.exempt,
    }))
  const account = (await db.select().from(finance.mealAccounts).where(eq(finance.mealAccounts.studentId, studentId)))[0]
  const transactions = await db
    .select()
    .from(finance.mealTransactions)
    .where(eq(finance.mealTransactions.studentId, studentId))
    .orderBy(desc(finance.mealTransactions.occurredAt), desc(finance.mealTransactions.id))
  const balanceCents = sum(transactions.map((m) => m.amountCents))
  const balanceDueCents = sum(openFees.map((f) => f.dueCents))
  const surplusCents = sum(payments.map((p) => p.amountCents - appliedOf(p.id)))
  // The balance in words: how much on how many fees (those still owing; the first is due earliest), any credit.
  const owing = openFees.filter((f) => f.dueCents > 0)
  const owed = owing[0] && { amount: balanceDueCents / 100, fees: owing.length, due: new Date(`${owing[0].dueDate}T00:00:00Z`) }
  const explanation = owed
    ? surplusCents > 0
      ? words('balance.owesWithCredit', { ...owed, credit: surplusCents / 100 })
      : words('balance.owes', owed)
    : surplusCents > 0
      ? words('balance.credit', { credit: surplusCents / 100 })
      : words('balance.nothing', {})
  const threshold = account?.lowBalanceThresholdCents ?? 0
  const mealExplanation =
    balanceCents < 0
      ? words('meals.overdrawn', { owed: -balanceCents / 100 })
      : words(balanceCents < threshold ? 'meals.low' : 'meals.enough', { balance: balanceCents / 100, threshold: threshold / 100 })
  return {
    balanceDueCents,
    surplusCents,
    explanation,
    openFees,
    recentPayments: payments
      .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || byId(b.id, a.id))
      .slice(0, 10)
      .map((p) => ({
        id: p.id,
        kind: p.refundOf === null ? 'PAYMENT' : 'REFUND',
        kindLabel: label('PaymentKind', p.refundOf === null ? 'PAYMENT' : 'REFUND'),
        amountCents: p.amountCents,
        method: PAYMENT_METHOD[p.method],
        methodLabel: label('PaymentMethod', PAYMENT_METHOD[p.method]),
        receivedAt: p.receivedAt.toISOString(),
        reference: p.reference,
        appliedCents: appliedOf(p.id),
      })),
    mealAccount: account
      ? {
          balanceCents,
          lowBalanceThresholdCents: account.lowBalanceThresholdCents,
          isLow: balanceCents < account.lowBalanceThresholdCents,
          explanation: mealExplanation,
          recentTransactions: transactions.slice(0, 10).map((m) => ({
            id: m.id,
            occurredAt: m.occurredAt.toISOString(),
            kind: MEAL_TRANSACTION_KIND[m.kind],
            kindLabel: label('MealTransactionKind', MEAL_TRANSACTION_KIND[m.kind]),
            amountCents: m.amountCents,
            description: m.description,
          })),
        }
      : null,
  }
}

type Finance = Awaited<ReturnType<typeof expectedFinance>>
type Family = { me: { children: Array<{ id: string; finance: Finance | null }> } }

describe("a guardian reading their children's fees and meal accounts", () => {
  it('answers both demo children exactly as the ledger adds up', async () => {
    const children = await childrenOf(t, 'demo.guardian')
    const response = await t.query<Family>({ login: 'demo.guardian' }, FAMILY)
    expect(response.body.errors).toBeUndefined()
    const answered = [...(response.body.data?.me.children ?? [])].sort((a, b) => a.id.localeCompare(b.id))
    const expected = await Promise.all(
      [...children].sort((a, b) => a.id.localeCompare(b.id)).map(async (c) => ({ id: c.id, finance: await expectedFinance(c.id) })),
    )
    expect(answered).toStrictEqual(expected)
  })

  it("shows the demo family's situations: part-paid, exempt, carried-over and voided fees, a split payment, a low meal balance", async () => {
    const [maya, leo] = await childrenOf(t, 'demo.guardian')
    const response = await t.query<Family>({ login: 'demo.guardian' }, FAMILY)
    const of = (id: string | undefined) => response.body.data?.me.children.find((c) => c.id === id)?.finance
    const mayas = of(maya?.id)
    const leos = of(leo?.id)
    const fee = (f: Finance | null | undefined, description: string) => f?.openFees.find((x) => x.description === description)
    expect([maya?.firstName, leo?.firstName]).toStrictEqual(['Maya', 'Leo'])

    // Maya: the supply fee is paid, the Chromebook plan part paid, the pumpkin farm trip waived.
    expect(fee(mayas, 'Classroom supply fee')).toBeUndefined()
    expect(fee(mayas, 'Chromebook protection plan')).toMatchObject({ amountCents: 2500, paidCents: 1000, dueCents: 1500, exempt: false })
    expect(fee(mayas, 'Field trip: Pumpkin farm')).toMatchObject({ amountCents: 800, paidCents: 0, dueCents: 0, exempt: true })
    // The overdue-book fine was voided when the book came back: it is on record, not on the bill.
    expect(fee(mayas, 'Overdue book: Because of Winn-Dixie')).toBeUndefined()
    const voided = one(
      await t.db('finance').select().from(finance.fees).where(and(eq(finance.fees.studentId, maya?.id ?? ''), eq(finance.fees.description, 'Overdue book: Because of Winn-Dixie'))),
      'voided fine',
    )
    expect(voided.voidReason).toBe('Book returned')
    expect(mayas?.balanceDueCents).toBe(1500 + 899 + 1200)
    expect(mayas?.mealAccount).toMatchObject({ balanceCents: 235, lowBalanceThresholdCents: 500, isLow: true })

    // Leo: last year's art fee carried over unpaid; one online payment covered two fees.
    expect(fee(leos, 'Art materials: Drawing and Painting')).toMatchObject({ schoolYear: 2026, dueCents: 2500 })
    expect(fee(leos, 'Athletics participation fee: Soccer')).toMatchObject({ amountCents: 7500, paidCents: 2500, dueCents: 5000 })
    const split = leos?.recentPayments.find((p) => p.method === 'ONLINE')
    expect(split).toMatchObject({ amountCents: 6500, appliedCents: 6500 })
    const allocations = await t.db('finance').select().from(finance.paymentAllocations).where(eq(finance.paymentAllocations.paymentId, split?.id ?? ''))
    expect(allocations.map((a) => a.amountCents).sort()).toStrictEqual([2500, 4000])
    expect(leos?.mealAccount).toMatchObject({ balanceCents: 1865, isLow: false })
    // Fees are charged at both schools: the children's fees name different schools.
    expect(new Set(mayas?.openFees.map((f) => f.school.id)).has(leos?.openFees[0]?.school.id ?? '')).toBe(false)
  })

  it('counts money paid over the fees as surplus, and lets a meal balance run below zero', async () => {
    const jordan = await t.personId('adult.student')
    const response = await t.query<{ student: { finance: Finance } }>({ login: 'demo.admin' }, STUDENT, { id: jordan })
    expect(response.body.errors).toBeUndefined()
    expect(response.body.data?.student.finance).toStrictEqual(await expectedFinance(jordan))
    expect(response.body.data?.student.finance.surplusCents).toBe(500)
    // A meal account can run below zero: meals are served, and the family owes the cafeteria.
    expect(response.body.data?.student.finance.mealAccount?.balanceCents).toBe(-350)
  })

  it('costs the same five SQL statements in finance whatever the number of children', async () => {
    const link = academics.studentContactAssociations
    // A family of three or more children, none of them under a restriction or an adult.
    const [large] = await t
      .db('academics')
      .select({ login: academics.accounts.login, children: sql<number>`count(*)::int` })
      .from(academics.accounts)
      .innerJoin(link, eq(link.contactId, academics.accounts.personId))
      .innerJoin(academics.students, eq(academics.students.id, link.studentId))
      .where(isNull(link.restrictionDocument))
      .groupBy(academics.accounts.login)
      .having(sql`count(*) >= 3 and max(${academics.students.gradeLevel}) <= 8`)
      .orderBy(academics.accounts.login)
      .limit(1)
    if (!large) throw new Error('The seed holds no family of three or more children.')
    const many = await measure(() => t.query<Family>({ login: large.login }, FAMILY))
    const two = await measure(() => t.query<Family>({ login: 'demo.guardian' }, FAMILY))
    // Open fees (and so the balance), surplus, payments, meal balances, meal transactions.
    expect({
      children: many.result.body.data?.me.children.length,
      statements: many.sql.finance,
      fetches: many.fetches.finance,
    }).toStrictEqual({ children: large.children, statements: 5, fetches: 1 })
    expect({ children: two.result.body.data?.me.children.length, statements: two.sql.finance }).toStrictEqual({ children: 2, statements: 5 })
  })
})

const shape = (body: { data?: unknown; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> }) => ({
  data: body.data,
  errors: body.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })),
})

describe('a student reading their own finance', () => {
  it('reads their meal account', async () => {
    const leo = await t.personId('demo.student')
    const mine = await expectedFinance(leo)
    const response = await t.query({ login: 'demo.student' }, MEALS, { id: leo })
    expect(response.body).toStrictEqual({
      data: {
        student: {
          id: leo,
          finance: {
            mealAccount: {
              balanceCents: mine.mealAccount?.balanceCents,
              lowBalanceThresholdCents: mine.mealAccount?.lowBalanceThresholdCents,
              isLow: false,
              explanation: mine.mealAccount?.explanation,
              recentTransactions: mine.mealAccount?.recentTransactions.slice(0, 3).map((m) => ({ amountCents: m.amountCents, description: m.description })),
            },
          },
        },
      },
    })
  })

  it('gets FORBIDDEN for the fees, which are the family\'s business, and nothing of them', async () => {
    const leo = await t.personId('demo.student')
    const response = await t.query(
      { login: 'demo.student' },
      `query ($id: ID!) { student(id: $id) { id finance { balanceDueCents explanation openFees { description } mealAccount { balanceCents } } } }`,
      { id: leo },
    )
    const mine = await expectedFinance(leo)
    // The fee fields are null with FORBIDDEN; the meal account beside them stays readable.
    const answer = shape(response.body)
    expect({ ...answer, errors: answer.errors?.sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path))) }).toStrictEqual({
      data: { student: { id: leo, finance: { balanceDueCents: null, explanation: null, openFees: null, mealAccount: { balanceCents: mine.mealAccount?.balanceCents } } } },
      errors: [
        { message: 'You may not read this.', path: ['student', 'finance', 'balanceDueCents'], code: 'FORBIDDEN' },
        { message: 'You may not read this.', path: ['student', 'finance', 'explanation'], code: 'FORBIDDEN' },
        { message: 'You may not read this.', path: ['student', 'finance', 'openFees'], code: 'FORBIDDEN' },
      ],
    })
    expect(response.text).not.toContain('Chemistry')
    expect(response.text).not.toContain('You owe')
  })
})

describe("who may not read a child's finance", () => {
  const forbiddenStudent = { data: { student: null }, errors: [{ message: 'You may not read this.', path: ['student'], code: 'FORBIDDEN' }] }

  it.each([
    ['a parent barred by a court order', 'restricted.guardian', async () => one(await childrenOf(t, 'restricted.guardian'), 'restricted child').id],
    ['a parent of an adult student who has not consented', 'adult.guardian', () => t.personId('adult.student')],
    ['a student, about a sibling', 'demo.student', async () => (await childrenOf(t, 'demo.guardian'))[0]?.id ?? ''],
    ['a teacher, about a student outside their sections', 'demo.teacher', async () => (await childrenOf(t, 'demo.guardian'))[0]?.id ?? ''],
  ])('%s gets null with FORBIDDEN and nothing of the record', async (_who, login, studentOf) => {
    const studentId = await studentOf()
    const secret = await expectedFinance(studentId)
    const response = await t.query({ login }, STUDENT, { id: studentId })
    expect(shape(response.body)).toStrictEqual(forbiddenStudent)
    for (const leak of secret.openFees.map((f) => f.id)) expect(response.text).not.toContain(leak)
  })

  it("a teacher of the student's own section gets FORBIDDEN for finance", async () => {
    const leo = await t.personId('demo.student')
    const response = await t.query({ login: 'demo.teacher' }, STUDENT, { id: leo })
    expect(shape(response.body)).toStrictEqual({
      data: { student: { id: leo, finance: null } },
      errors: [{ message: 'You may not read this.', path: ['student', 'finance'], code: 'FORBIDDEN' }],
    })
  })
})
