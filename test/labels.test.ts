/**
 * Every number and code in the family's language (behaviour, finance, transportation): demo.guardian
 * chooses each district language in turn, and the committed dashboards answer every label and
 * explanation in it — exactly the catalogue's words for the values the rows hold, none of them
 * left in English — with plurals, money and dates in the family's locale. Every enum value these
 * subgraphs serve has its words in the catalogue.
 */
import fs from 'node:fs'
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm'
import { Kind } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as behaviour from '../subgraphs/behaviour/db/schema.ts'
import * as finance from '../subgraphs/finance/db/schema.ts'
import * as transportation from '../subgraphs/transportation/db/schema.ts'
import { DISTRICT_LANGUAGES, type DistrictLanguage } from '../lib/contract/index.ts'
import type { ChildDashboardQuery, FamilyDashboardQuery } from '../schema/generated/graphql.ts'
import { BEHAVIOR_CATEGORY, DISCIPLINE_ACTION_TYPE, INCIDENT_LOCATION, INCIDENT_PARTICIPATION, RECOGNITION_TYPE } from '../subgraphs/behaviour/enums.ts'
import { behaviour as behaviourSubgraph } from '../subgraphs/behaviour/server.ts'
import { FEE_CATEGORY, MEAL_TRANSACTION_KIND } from '../subgraphs/finance/enums.ts'
import { balanceExplanation, mealExplanation } from '../subgraphs/finance/explanations.ts'
import type { FeeMapper } from '../subgraphs/finance/mappers.ts'
import { finance as financeSubgraph } from '../subgraphs/finance/server.ts'
import { loadMessages, type Messages } from '../subgraphs/kit/index.ts'
import { TRANSPORTATION_TYPE } from '../subgraphs/transportation/enums.ts'
import { transportation as transportationSubgraph } from '../subgraphs/transportation/server.ts'
import { childrenOf, one } from './support/people.ts'
import { setLanguage, stringLeaves } from './support/languages.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

const operation = (name: string) => fs.readFileSync(`schema/operations/${name}.graphql`, 'utf8')
const CHILD = operation('ChildDashboard')
const FAMILY = operation('FamilyDashboard')

/** The subgraphs' catalogues, read from the same JSON files the subgraphs load. */
const catalogueOf = (name: string) => loadMessages(new URL(`../subgraphs/${name}/messages/`, import.meta.url))
const WORDS = { behaviour: catalogueOf('behaviour'), finance: catalogueOf('finance'), transportation: catalogueOf('transportation') }
const LANGUAGES = DISTRICT_LANGUAGES.map((l) => l.tag)
/** A non-breaking space, and the right-to-left mark Arabic puts before an amount. */
const NBSP = '\u00a0'
const RLM = '\u200f'

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)

describe('the catalogues of behaviour, finance and transportation', () => {
  it.each([
    ['behaviour', behaviourSubgraph.typeDefs, WORDS.behaviour],
    ['finance', financeSubgraph.typeDefs, WORDS.finance],
    ['transportation', transportationSubgraph.typeDefs, WORDS.transportation],
  ] as const)('%s: give words to every value of every enum the subgraph serves', (_name, typeDefs, messages) => {
    const keys = typeDefs.definitions.flatMap((d) => (d.kind === Kind.ENUM_TYPE_DEFINITION ? (d.values ?? []).map((v) => `enum.${d.name.value}.${v.name.value}`) : []))
    expect(keys.length).toBeGreaterThan(0)
    expect(keys.filter((key) => !messages.has(key))).toStrictEqual([])
  })

  it('say what every discipline action means', () => {
    expect(Object.values(DISCIPLINE_ACTION_TYPE).filter((action) => !WORDS.behaviour.has(`meaning.DisciplineActionType.${action}`))).toStrictEqual([])
  })
})

describe('the balance explanations, worked out by hand', () => {
  const fee = (id: string, amountCents: number, dueDate: string, rest: Partial<FeeMapper> = {}): FeeMapper => ({
    id,
    studentId: 'student',
    schoolId: 'school',
    schoolYear: 2027,
    category: 'Course fee',
    description: id,
    amountCents,
    dueDate,
    exempt: false,
    voidReason: null,
    voidedAt: null,
    paidCents: 0,
    ...rest,
  })
  // An exempt fee owes nothing: neither its amount nor its earlier due date counts.
  const oneFee = [fee('waived', 800, '2026-09-01', { exempt: true }), fee('lab', 2500, '2026-10-01', { paidCents: 1000 })]
  const twoFees = [...oneFee, fee('trip', 2500, '2026-11-13')]

  it('one fee, in English and Spanish, with and without a credit', () => {
    expect(balanceExplanation('en', oneFee, 0)).toBe('You owe $15.00 for 1 fee, due October 1, 2026. You can pay in the portal.')
    expect(balanceExplanation('es', oneFee, 0)).toBe(`Usted debe $15.00 por 1 cuota, con vencimiento el 1 de octubre de 2026. Puede pagar en el portal.`)
    expect(balanceExplanation('en', oneFee, 500)).toBe('You owe $15.00 for 1 fee, due October 1, 2026. You also have a credit of $5.00 on account. You can pay in the portal.')
  })

  it('several fees: the earliest due date, thousands in each locale, Arabic’s dual', () => {
    const big = [...twoFees, fee('ap', 99_050, '2026-11-20')]
    expect(balanceExplanation('en', big, 0)).toBe('You owe $1,030.50 for 3 fees; the earliest due date is October 1, 2026. You can pay in the portal.')
    expect(balanceExplanation('es', big, 0)).toBe(`Usted debe $1,030.50 por 3 cuotas; la fecha de vencimiento más antigua es el 1 de octubre de 2026. Puede pagar en el portal.`)
    expect(balanceExplanation('ar', twoFees, 0)).toBe(`عليك ${RLM}40.00${NBSP}US$ مقابل رسمين، وأقدم تاريخ استحقاق هو 1 أكتوبر 2026. يمكنك الدفع عبر البوابة الإلكترونية.`)
  })

  it('nothing owed, with or without a credit', () => {
    expect(balanceExplanation('es', [fee('waived', 800, '2026-09-01', { exempt: true })], 500)).toBe(`No debe nada y tiene un saldo a favor de $5.00 en su cuenta.`)
    expect(balanceExplanation('vi', [], 0)).toBe('Quý vị không nợ gì.')
  })

  it('a meal account above, under and below zero', () => {
    expect(mealExplanation('en', { balanceCents: 1865, lowBalanceThresholdCents: 500 })).toBe('The balance is $18.65. We remind you to add money when it falls under $5.00.')
    expect(mealExplanation('es', { balanceCents: 500, lowBalanceThresholdCents: 500 })).toBe(
      `El saldo es de $5.00. Le recordaremos que agregue dinero cuando baje de $5.00.`,
    )
    expect(mealExplanation('en', { balanceCents: -350, lowBalanceThresholdCents: 500 })).toBe(
      'The account is overdrawn by $3.50: your child was served meals the account could not pay for. Add money in the portal.',
    )
  })
})

let t: TestSystem
beforeAll(async () => {
  // The language travels in the viewer's scope: with no cache, each request reads the new choice.
  t = await startTestSystem({ writable: 'labels', env: { SCOPE_CACHE_SECONDS: '0' } })
})
afterAll(() => t.close())

type Child = NonNullable<ChildDashboardQuery['student']>
type FamilyChild = FamilyDashboardQuery['me']['children'][number]

/** The words a dashboard answers for a child, by record id where the dashboard gives one. */
function wordsOf(student: Child) {
  return {
    incidents: Object.fromEntries(
      (student.behaviour?.incidents ?? []).map((i) => [
        i.id,
        {
          locationLabel: i.locationLabel,
          categoryLabel: i.categoryLabel,
          participationLabel: i.participationLabel,
          actions: i.actions.map((a) => ({ actionLabel: a.actionLabel, whatItMeans: a.whatItMeans })),
        },
      ]),
    ),
    recognitions: Object.fromEntries((student.behaviour?.recognitions ?? []).map((r) => [r.id, r.typeLabel])),
    balance: student.finance?.explanation,
    fees: Object.fromEntries((student.finance?.openFees ?? []).map((f) => [f.id, f.categoryLabel])),
    meals: student.finance?.mealAccount?.explanation,
    mealTransactions: student.finance?.mealAccount?.recentTransactions.map((m) => m.kindLabel),
    transportationType: student.transportation?.transportationTypeLabel,
  }
}
type Words = ReturnType<typeof wordsOf>

/** What the words must be in `language`: the catalogue's message for each value the rows hold. */
async function expectedWords(studentId: string, language: DistrictLanguage, feeIds: string[]): Promise<Words> {
  const label = (messages: Messages, enumName: string, value: string) => messages.format(language, `enum.${enumName}.${value}`)
  const b = t.db('behaviour')
  const p = behaviour.incidentParticipants
  const i = behaviour.disciplineIncidents
  const a = behaviour.disciplineActions
  const parts = await b.select({ part: p, incident: i }).from(p).innerJoin(i, eq(i.id, p.incidentId)).where(eq(p.studentId, studentId))
  const incidents = await Promise.all(
    parts.map(async ({ part, incident }) => {
      const actions = await b
        .select()
        .from(a)
        .where(and(eq(a.incidentId, incident.id), eq(a.studentId, studentId)))
        .orderBy(asc(a.disciplineDate), asc(a.disciplineAction))
      return [
        part.id,
        {
          locationLabel: label(WORDS.behaviour, 'IncidentLocation', INCIDENT_LOCATION[incident.incidentLocation]),
          categoryLabel: label(WORDS.behaviour, 'BehaviorCategory', BEHAVIOR_CATEGORY[incident.behaviorCategory]),
          participationLabel: label(WORDS.behaviour, 'IncidentParticipation', INCIDENT_PARTICIPATION[part.participationCode]),
          actions: actions.map((row) => {
            const action = DISCIPLINE_ACTION_TYPE[row.disciplineAction]
            return { actionLabel: label(WORDS.behaviour, 'DisciplineActionType', action), whatItMeans: WORDS.behaviour.format(language, `meaning.DisciplineActionType.${action}`) }
          }),
        },
      ] as const
    }),
  )
  const recognitions = await b.select().from(behaviour.recognitions).where(eq(behaviour.recognitions.studentId, studentId))

  const f = t.db('finance')
  const fees = await f.select().from(finance.fees).where(eq(finance.fees.studentId, studentId))
  const payments = await f.select().from(finance.payments).where(eq(finance.payments.studentId, studentId))
  const allocations =
    payments.length === 0 ? [] : await f.select().from(finance.paymentAllocations).where(inArray(finance.paymentAllocations.paymentId, payments.map((x) => x.id)))
  const standing = new Set(fees.filter((fee) => fee.voidedAt === null).map((fee) => fee.id))
  const paidOn = (feeId: string) => sum(allocations.filter((x) => x.feeId === feeId).map((x) => x.amountCents))
  const owing = fees.filter((fee) => standing.has(fee.id) && !fee.exempt && paidOn(fee.id) < fee.amountCents)
  const surplus = sum(payments.map((x) => x.amountCents - sum(allocations.filter((y) => y.paymentId === x.id && standing.has(y.feeId)).map((y) => y.amountCents))))
  const earliest = owing.map((fee) => fee.dueDate).sort()[0]
  const owed = earliest === undefined ? undefined : { amount: sum(owing.map((fee) => fee.amountCents - paidOn(fee.id))) / 100, fees: owing.length, due: new Date(`${earliest}T00:00:00Z`) }
  const balance =
    owed === undefined
      ? surplus > 0
        ? WORDS.finance.format(language, 'balance.credit', { credit: surplus / 100 })
        : WORDS.finance.format(language, 'balance.nothing')
      : surplus > 0
        ? WORDS.finance.format(language, 'balance.owesWithCredit', { ...owed, credit: surplus / 100 }, 'UTC')
        : WORDS.finance.format(language, 'balance.owes', owed, 'UTC')

  const account = one(await f.select().from(finance.mealAccounts).where(eq(finance.mealAccounts.studentId, studentId)), 'meal account')
  const transactions = await f
    .select()
    .from(finance.mealTransactions)
    .where(eq(finance.mealTransactions.studentId, studentId))
    .orderBy(desc(finance.mealTransactions.occurredAt), desc(finance.mealTransactions.id))
  const mealBalance = sum(transactions.map((m) => m.amountCents))
  const meals =
    mealBalance < 0
      ? WORDS.finance.format(language, 'meals.overdrawn', { owed: -mealBalance / 100 })
      : WORDS.finance.format(language, mealBalance < account.lowBalanceThresholdCents ? 'meals.low' : 'meals.enough', {
          balance: mealBalance / 100,
          threshold: account.lowBalanceThresholdCents / 100,
        })

  const ride = one(
    await t
      .db('transportation')
      .select()
      .from(transportation.studentTransportations)
      .where(and(eq(transportation.studentTransportations.studentId, studentId), isNull(transportation.studentTransportations.endDate))),
    'current transportation record',
  )

  return {
    incidents: Object.fromEntries(incidents),
    recognitions: Object.fromEntries(recognitions.map((r) => [r.id, label(WORDS.behaviour, 'RecognitionType', RECOGNITION_TYPE[r.recognitionType])])),
    balance,
    // The dashboard's open fees, each labelled by its own row's category (which fees are open is finance.test.ts's).
    fees: Object.fromEntries(feeIds.map((id) => [id, label(WORDS.finance, 'FeeCategory', FEE_CATEGORY[one(fees.filter((fee) => fee.id === id), 'fee').category])])),
    meals,
    mealTransactions: transactions.slice(0, 5).map((m) => label(WORDS.finance, 'MealTransactionKind', MEAL_TRANSACTION_KIND[m.kind])),
    transportationType: label(WORDS.transportation, 'TransportationType', TRANSPORTATION_TYPE[ride.transportationType]),
  }
}

/** Every string in `value`, by its path. */
describe("demo.guardian's dashboards in each district language", () => {
  /** Each child's words as ChildDashboard answered them, by language, for the comparison with English. */
  const answered = new Map<string, Words>()

  it.each(LANGUAGES)('%s: ChildDashboard answers every label and explanation in the catalogue’s words for the rows', async (language) => {
    expect((await setLanguage(t, language)).body).toStrictEqual({ data: { setPreferredLanguage: { viewer: { id: await t.personId('demo.guardian'), preferredLanguage: language } } } })
    const children = await childrenOf(t, 'demo.guardian')
    expect(children.map((c) => c.firstName)).toStrictEqual(['Maya', 'Leo'])
    for (const child of children) {
      const response = await t.query<ChildDashboardQuery>({ login: 'demo.guardian' }, CHILD, { studentId: child.id })
      expect(response.body.errors).toBeUndefined()
      const student = response.body.data?.student
      if (!student) throw new Error(`No dashboard for ${child.firstName}.`)
      const words = wordsOf(student)
      expect(words).toStrictEqual(await expectedWords(child.id, language, Object.keys(words.fees)))
      answered.set(`${language}:${child.firstName}`, words)
    }
  })

  it.each(LANGUAGES.filter((language) => language !== 'en'))('%s: leaves none of them in English', (language) => {
    for (const child of ['Maya', 'Leo']) {
      const english = new Map(stringLeaves(answered.get(`en:${child}`)))
      const words = stringLeaves(answered.get(`${language}:${child}`))
      // There is something to translate: every area's words, and the actions of Leo's incidents.
      expect(words.length).toBe(english.size)
      expect(words.length).toBeGreaterThan(child === 'Leo' ? 20 : 10)
      expect(words.filter(([path, value]) => english.get(path) === value)).toStrictEqual([])
    }
  })

  it.each(LANGUAGES)('%s: FamilyDashboard answers the same words as ChildDashboard', async (language) => {
    await setLanguage(t, language)
    const response = await t.query<FamilyDashboardQuery>({ login: 'demo.guardian' }, FAMILY)
    expect(response.body.errors).toBeUndefined()
    const family = (c: FamilyChild) => ({
      participation: Object.fromEntries((c.behaviour?.incidents ?? []).map((i) => [i.id, i.participationLabel])),
      recognitions: Object.fromEntries((c.behaviour?.recognitions ?? []).map((r) => [r.id, r.typeLabel])),
      balance: c.finance?.explanation,
      meals: c.finance?.mealAccount?.explanation,
    })
    const child = (words: Words | undefined) => ({
      participation: Object.fromEntries(Object.entries(words?.incidents ?? {}).map(([id, i]) => [id, i.participationLabel])),
      recognitions: words?.recognitions,
      balance: words?.balance,
      meals: words?.meals,
    })
    expect(response.body.data?.me.children.map((c) => [c.firstName, family(c)])).toStrictEqual(
      ['Leo', 'Maya'].map((name) => [name, child(answered.get(`${language}:${name}`))]),
    )
  })

  it("says Maya's balances with the plural, money and date of English, Spanish and Arabic", async () => {
    const maya = one((await childrenOf(t, 'demo.guardian')).filter((c) => c.firstName === 'Maya'), 'Maya').id
    const explanations = async (language: DistrictLanguage) => {
      await setLanguage(t, language)
      const finance = (await t.query<ChildDashboardQuery>({ login: 'demo.guardian' }, CHILD, { studentId: maya })).body.data?.student?.finance
      return [finance?.explanation, finance?.mealAccount?.explanation]
    }
    // Three fees still owe: the Chromebook plan's $15.00 left, the lost book's $8.99 and the museum trip's $12.00.
    expect(await explanations('en')).toStrictEqual([
      'You owe $35.99 for 3 fees; the earliest due date is September 30, 2026. You can pay in the portal.',
      'The balance is $2.35, under $5.00. Add money in the portal so your child can keep buying meals.',
    ])
    expect(await explanations('es')).toStrictEqual([
      `Usted debe $35.99 por 3 cuotas; la fecha de vencimiento más antigua es el 30 de septiembre de 2026. Puede pagar en el portal.`,
      `El saldo es de $2.35, menos de $5.00. Agregue dinero en el portal para que su hijo(a) pueda seguir comprando comidas.`,
    ])
    // Arabic counts three as "few": رسوم, not the dual.
    expect(await explanations('ar')).toStrictEqual([
      `عليك ${RLM}35.99${NBSP}US$ مقابل 3 رسوم، وأقدم تاريخ استحقاق هو 30 سبتمبر 2026. يمكنك الدفع عبر البوابة الإلكترونية.`,
      `الرصيد ${RLM}2.35${NBSP}US$، وهو أقل من ${RLM}5.00${NBSP}US$. أضف المال عبر البوابة الإلكترونية حتى يتمكن طفلك من مواصلة شراء الوجبات.`,
    ])
  })
})
