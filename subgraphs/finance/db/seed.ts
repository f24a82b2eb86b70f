/**
 * Seeds finance: each student's fees for the school year (and some unpaid ones carried over from
 * the last), the payments and allocations that settle them, and a meal account whose
 * transactions follow how the family tops it up. The demo children get fixed situations: open,
 * partly paid, exempt and voided fees, one payment split over two fees, a low meal balance.
 */
import * as t from './schema.ts'
import type { SeedLoader } from '../../../db/seed/bulk.ts'
import { type DistrictPlan, type PlannedStudent, type SchoolCategory } from '../../../db/seed/district.ts'
import { nthWeekday } from '../../../db/seed/calendar.ts'
import { addDays, createRandom, minDay, seededUuid, weighted, type Random } from '../../../db/seed/random.ts'
import type { SeedProgress } from '../../../db/seed/progress.ts'

type Category = (typeof t.feeCategory.enumValues)[number]
type Method = (typeof t.paymentMethod.enumValues)[number]
type FeeRow = typeof t.fees.$inferInsert
type PaymentRow = typeof t.payments.$inferInsert
type AllocationRow = typeof t.paymentAllocations.$inferInsert
type MealTransactionRow = typeof t.mealTransactions.$inferInsert

/** A fee before it is stored, with what has been paid on it and which payment paid it. */
interface PlannedFee {
  category: Category
  description: string
  amountCents: number
  dueDate: string
  schoolYear: number
  schoolId: string
  paidCents: number
  exempt: boolean
  voided: { on: string; reason: string } | null
  /** Fees with the same group are settled by one payment (a family paying several at once). */
  paymentGroup: number | null
}

/** How one payment group was paid; unset parts are drawn at random. */
interface PaymentPlan {
  method?: Method
  day?: string
  /** The student paid at the office, so no guardian is recorded. */
  byStudent?: boolean
  /** Paid over what the fees asked; the family keeps it as credit. */
  overCents?: number
}

const SUNDAY = 0

/** Each year's daylight-saving days, worked out once: every meal transaction's time asks (millions at 53,000 students). */
const daylightSaving = new Map<number, readonly [begins: string, ends: string]>()

// The district keeps local time in America/Chicago; US daylight saving time runs from the second
// Sunday of March to the first Sunday of November.
function localTime(day: string, minutes: number): Date {
  const year = Number(day.slice(0, 4))
  let dst = daylightSaving.get(year)
  if (!dst) {
    dst = [nthWeekday(year, 3, SUNDAY, 2), nthWeekday(year, 11, SUNDAY, 1)]
    daylightSaving.set(year, dst)
  }
  const offset = day >= dst[0] && day < dst[1] ? '-05:00' : '-06:00'
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0')
  const mm = String(minutes % 60).padStart(2, '0')
  return new Date(`${day}T${hh}:${mm}:00${offset}`)
}

function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
  return weekday === 0 || weekday === 6
}

function nextWeekday(day: string): string {
  let d = day
  while (isWeekend(d)) d = addDays(d, 1)
  return d
}

const BOOKS = [
  "Charlotte's Web",
  'Wonder',
  'Hatchet',
  'Holes',
  'The Giver',
  'Number the Stars',
  'Bridge to Terabithia',
  'Esperanza Rising',
  'Because of Winn-Dixie',
  'A Wrinkle in Time',
  'The Hobbit',
  'The Outsiders',
]
const TEXTBOOKS = ['Algebra I', 'Geometry', 'Biology', 'Chemistry', 'World History', 'U.S. History', 'English 10']
const INSTRUMENTS = ['Clarinet', 'Flute', 'Trumpet', 'Trombone', 'Alto Saxophone', 'Violin', 'Cello']
const FALL_SPORTS = ['Cross Country', 'Football', 'Volleyball', 'Soccer']
const WINTER_SPORTS = ['Basketball', 'Wrestling', 'Swimming']
const TRIPS: Record<SchoolCategory, string[]> = {
  'Elementary School': ['Science museum', 'Pumpkin farm', "Children's theater", 'Nature center', 'Aquarium'],
  'Middle School': ['State capitol', 'Planetarium', 'History museum', 'Outdoor school'],
  'High School': ['University campus visit', 'Art museum', 'Career fair', 'Shakespeare festival'],
}
const AP_COURSES = ['AP Biology', 'AP Calculus AB', 'AP English Language', 'AP U.S. History', 'AP Spanish Language']
const VOID_REASONS: Record<Category, string[]> = {
  'Course fee': ['Charged in error', 'Student dropped the course'],
  'Activity fee': ['Charged in error', 'Duplicate charge'],
  'Technology fee': ['Charged in error', 'Duplicate charge'],
  'Field trip': ['Trip cancelled', 'Student did not attend'],
  'Library fine': ['Book returned', 'Book found in classroom'],
  Athletics: ['Student did not join the team', 'Duplicate charge'],
  'Instrument rental': ['Instrument returned', 'Charged in error'],
}

/** A fee's description, amount and due date: what the school charges. */
type Charge = Pick<PlannedFee, 'category' | 'description' | 'amountCents' | 'dueDate'>

/** The current year's charges a student of this level and grade may get, each with its odds. */
function chargesFor(random: Random, level: SchoolCategory, grade: number): Charge[] {
  const pick = <T>(list: readonly T[]): T => random.helpers.arrayElement(list)
  const fineDay = () => random.helpers.arrayElement(['2026-09-18', '2026-10-02', '2026-10-23', '2026-11-06', '2026-11-20', '2026-12-04'])
  const charges: Array<[number, () => Charge]> = []
  const trip = (): Charge => ({
    category: 'Field trip',
    description: `Field trip: ${pick(TRIPS[level])}`,
    amountCents: pick(level === 'Elementary School' ? [800, 1000, 1200, 1500] : [1500, 2000, 2500, 3500]),
    dueDate: pick(['2026-09-25', '2026-10-09', '2026-10-23', '2026-11-06', '2026-12-04']),
  })
  const lostBook = (): Charge =>
    random.datatype.boolean(0.6)
      ? { category: 'Library fine', description: `Overdue book: ${pick(BOOKS)}`, amountCents: random.number.int({ min: 1, max: 12 }) * 25, dueDate: fineDay() }
      : { category: 'Library fine', description: `Lost library book: ${pick(BOOKS)}`, amountCents: pick([899, 1099, 1299, 1799]), dueDate: fineDay() }
  if (level === 'Elementary School') {
    charges.push(
      [0.8, () => ({ category: 'Activity fee', description: 'Classroom supply fee', amountCents: 2000, dueDate: '2026-09-15' })],
      [grade >= 3 ? 0.6 : 0.2, () => ({ category: 'Technology fee', description: 'Chromebook protection plan', amountCents: 2500, dueDate: '2026-09-30' })],
      [0.7, trip],
      [0.08, lostBook],
    )
  } else if (level === 'Middle School') {
    charges.push(
      [0.6, () => ({ category: 'Activity fee', description: 'Student activity card', amountCents: 2500, dueDate: '2026-09-15' })],
      [0.6, () => ({ category: 'Technology fee', description: 'Chromebook protection plan', amountCents: 3000, dueDate: '2026-09-30' })],
      [0.45, () => ({ category: 'Course fee', description: pick(['Science lab fee', 'Art materials', 'Robotics kit']), amountCents: pick([1000, 1500, 2500]), dueDate: '2026-09-30' })],
      [0.4, trip],
      [0.25, () => ({ category: 'Athletics', description: `Athletics participation fee: ${pick([...FALL_SPORTS, ...WINTER_SPORTS])}`, amountCents: 5000, dueDate: pick(['2026-09-04', '2026-11-30']) })],
      [0.12, () => ({ category: 'Instrument rental', description: `Band instrument rental: ${pick(INSTRUMENTS)}`, amountCents: 4500, dueDate: '2026-09-15' })],
      [0.07, lostBook],
    )
  } else {
    const fall = random.datatype.boolean(0.6)
    charges.push(
      [0.55, () => ({ category: 'Activity fee', description: grade === 12 ? 'Senior class dues' : 'ASB card', amountCents: grade === 12 ? 5000 : 4000, dueDate: '2026-09-30' })],
      [0.2, () => ({ category: 'Activity fee', description: 'Yearbook', amountCents: 6500, dueDate: '2026-12-11' })],
      [0.5, () => ({ category: 'Technology fee', description: 'Chromebook protection plan', amountCents: 3000, dueDate: '2026-09-30' })],
      [0.05, () => ({ category: 'Technology fee', description: 'Replacement charger', amountCents: 3500, dueDate: fineDay() })],
      [0.4, () => ({ category: 'Course fee', description: `Science lab fee: ${grade === 9 ? 'Biology' : grade === 10 ? 'Chemistry' : 'Physics'}`, amountCents: 2000, dueDate: '2026-09-30' })],
      [0.15, () => ({ category: 'Course fee', description: pick(['Art materials: Ceramics', 'Culinary arts materials', 'Woodshop materials']), amountCents: pick([2500, 3000, 3500]), dueDate: '2026-09-30' })],
      [grade >= 11 ? 0.35 : 0, () => ({ category: 'Course fee', description: `AP exam fee: ${pick(AP_COURSES)}`, amountCents: 9900, dueDate: '2026-11-13' })],
      [0.3, () => ({ category: 'Athletics', description: `Athletics participation fee: ${pick(fall ? FALL_SPORTS : WINTER_SPORTS)}`, amountCents: 7500, dueDate: fall ? '2026-09-04' : '2026-11-30' })],
      [0.08, () => ({ category: 'Instrument rental', description: `Instrument rental: ${pick(INSTRUMENTS)}`, amountCents: 6000, dueDate: '2026-09-15' })],
      [0.2, trip],
      [0.05, lostBook],
      [0.03, () => ({ category: 'Library fine', description: `Lost textbook: ${pick(TEXTBOOKS)}`, amountCents: 6500, dueDate: fineDay() })],
    )
  }
  const chosen: Charge[] = []
  for (const [odds, make] of charges) if (random.datatype.boolean(odds)) chosen.push(make())
  return chosen
}

/** Last year's unpaid charges that carry over into this year's balance. */
function carryOverCharge(random: Random, level: SchoolCategory, schoolYear: number): Charge {
  // Last school year's yearbook: "Yearbook 2025–26" in 2026–27.
  const lastYear = `${schoolYear - 2}–${String((schoolYear - 1) % 100).padStart(2, '0')}`
  return weighted<() => Charge>(random, [
    [() => ({ category: 'Activity fee', description: `Yearbook ${lastYear}`, amountCents: 4500, dueDate: '2026-05-15' }), level === 'Elementary School' ? 0 : 3],
    [() => ({ category: 'Library fine', description: `Lost library book: ${random.helpers.arrayElement(BOOKS)}`, amountCents: 1299, dueDate: '2026-06-05' }), 4],
    [() => ({ category: 'Field trip', description: `Field trip: ${random.helpers.arrayElement(TRIPS[level])}`, amountCents: 1500, dueDate: '2026-04-24' }), 2],
    [() => ({ category: 'Technology fee', description: 'Chromebook repair: cracked screen', amountCents: 4500, dueDate: '2026-05-29' }), 3],
  ])()
}

/**
 * Fees and payments are planned in the stories' time (the fall of 2026, calendar.ts): `asOf` is
 * the data's last day moved there, `schoolYear` this school year. Rows are moved to the term
 * seeded as they are written.
 */
interface StoryTime {
  asOf: string
  schoolYear: number
}

/** Whether each fee is paid, part paid, waived or voided, and which payment paid it. */
function settle(random: Random, story: StoryTime, charges: Charge[], schoolYear: number, schoolId: string, firstGroup: number): PlannedFee[] {
  let group = firstGroup
  let previousPaid = false
  return charges
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0))
    .map((charge): PlannedFee => {
      const fee: PlannedFee = { ...charge, schoolYear, schoolId, paidCents: 0, exempt: false, voided: null, paymentGroup: null }
      const carriedOver = schoolYear < story.schoolYear
      if (!carriedOver && random.datatype.boolean(0.04)) {
        const charged = minDay(story.asOf, addDays(charge.dueDate, -14))
        fee.voided = { on: minDay(story.asOf, addDays(charged, random.number.int({ min: 1, max: 20 }))), reason: random.helpers.arrayElement(VOID_REASONS[charge.category]) }
        return fee
      }
      if (!carriedOver && charge.category !== 'Library fine' && random.datatype.boolean(0.05)) {
        fee.exempt = true
        return fee
      }
      const status = carriedOver
        ? weighted(random, [['unpaid', 65], ['partial', 35]] as const)
        : charge.dueDate <= story.asOf
          ? weighted(random, [['paid', 62], ['partial', 12], ['unpaid', 26]] as const)
          : weighted(random, [['paid', 30], ['partial', 10], ['unpaid', 60]] as const)
      if (status === 'unpaid') return fee
      fee.paidCents = status === 'paid' ? charge.amountCents : Math.max(100, Math.round((charge.amountCents * random.number.float({ min: 0.2, max: 0.7 })) / 100) * 100)
      if (fee.paidCents >= charge.amountCents) fee.paidCents = charge.amountCents
      // Fees paid in full are often paid together at one checkout.
      const joins = status === 'paid' && previousPaid && random.datatype.boolean(0.4)
      if (!joins) group++
      fee.paymentGroup = group
      previousPaid = status === 'paid'
      return fee
    })
}

const PAYMENT_METHODS: ReadonlyArray<readonly [Method, number]> = [
  ['Online', 55],
  ['Card', 20],
  ['Check', 15],
  ['Cash', 10],
]

const LEO = 'leo'
const MAYA = 'maya'
const NOAH = 'noah'
const JORDAN = 'jordan'
type Named = typeof LEO | typeof MAYA | typeof NOAH | typeof JORDAN

/** The demo children's fees: every category and state families see, and one split payment. */
function namedFees(who: Named, schoolId: string, story: StoryTime): { fees: PlannedFee[]; payments: Map<number, PaymentPlan> } {
  const SCHOOL_YEAR = story.schoolYear
  const fee = (charge: Charge, rest: Partial<PlannedFee> = {}): PlannedFee => ({
    ...charge,
    schoolYear: SCHOOL_YEAR,
    schoolId,
    paidCents: 0,
    exempt: false,
    voided: null,
    paymentGroup: null,
    ...rest,
  })
  switch (who) {
    case MAYA:
      return {
        fees: [
          fee({ category: 'Activity fee', description: 'Classroom supply fee', amountCents: 2000, dueDate: '2026-09-15' }, { paidCents: 2000, paymentGroup: 1 }),
          fee({ category: 'Technology fee', description: 'Chromebook protection plan', amountCents: 2500, dueDate: '2026-09-30' }, { paidCents: 1000, paymentGroup: 2 }),
          fee({ category: 'Field trip', description: 'Field trip: Pumpkin farm', amountCents: 800, dueDate: '2026-10-09' }, { exempt: true }),
          fee({ category: 'Library fine', description: 'Overdue book: Because of Winn-Dixie', amountCents: 150, dueDate: '2026-11-06' }, { voided: { on: '2026-11-09', reason: 'Book returned' } }),
          fee({ category: 'Library fine', description: "Lost library book: Charlotte's Web", amountCents: 899, dueDate: '2026-11-27' }),
          fee({ category: 'Field trip', description: 'Field trip: Science museum', amountCents: 1200, dueDate: '2026-12-04' }),
        ],
        payments: new Map([
          [1, { method: 'Online', day: '2026-09-08' }],
          [2, { method: 'Card', day: '2026-10-01' }],
        ]),
      }
    case LEO:
      return {
        fees: [
          fee({ category: 'Course fee', description: 'Art materials: Drawing and Painting', amountCents: 2500, dueDate: '2026-05-15' }, { schoolYear: SCHOOL_YEAR - 1 }),
          fee({ category: 'Athletics', description: 'Athletics participation fee: Soccer', amountCents: 7500, dueDate: '2026-09-04' }, { paidCents: 2500, paymentGroup: 1 }),
          fee({ category: 'Instrument rental', description: 'Instrument rental: Trumpet', amountCents: 6000, dueDate: '2026-09-15' }, { paidCents: 3000, paymentGroup: 2 }),
          fee({ category: 'Activity fee', description: 'ASB card', amountCents: 4000, dueDate: '2026-09-30' }, { paidCents: 4000, paymentGroup: 1 }),
          fee({ category: 'Technology fee', description: 'Chromebook protection plan', amountCents: 3000, dueDate: '2026-09-30' }, { exempt: true }),
          fee({ category: 'Course fee', description: 'Science lab fee: Chemistry', amountCents: 2000, dueDate: '2026-09-30' }),
          fee({ category: 'Library fine', description: 'Lost textbook: Geometry', amountCents: 6500, dueDate: '2026-10-23' }, { voided: { on: '2026-10-27', reason: 'Book returned' } }),
          fee({ category: 'Field trip', description: 'Field trip: University campus visit', amountCents: 1500, dueDate: '2026-12-02' }),
        ],
        payments: new Map([
          [1, { method: 'Online', day: '2026-08-28' }],
          [2, { method: 'Check', day: '2026-09-14' }],
        ]),
      }
    case NOAH:
      return {
        fees: [
          fee({ category: 'Library fine', description: 'Lost library book: Holes', amountCents: 1099, dueDate: '2026-06-05' }, { schoolYear: SCHOOL_YEAR - 1 }),
          fee({ category: 'Instrument rental', description: 'Band instrument rental: Flute', amountCents: 4500, dueDate: '2026-09-15' }, { paidCents: 2000, paymentGroup: 1 }),
          fee({ category: 'Activity fee', description: 'Student activity card', amountCents: 2500, dueDate: '2026-09-15' }),
          fee({ category: 'Field trip', description: 'Field trip: State capitol', amountCents: 2500, dueDate: '2026-11-06' }, { paidCents: 2500, paymentGroup: 2 }),
        ],
        payments: new Map([
          [1, { method: 'Online', day: '2026-09-10' }],
          [2, { method: 'Online', day: '2026-10-30' }],
        ]),
      }
    case JORDAN:
      return {
        fees: [
          fee({ category: 'Athletics', description: 'Athletics participation fee: Cross Country', amountCents: 7500, dueDate: '2026-09-04' }, { paidCents: 7500, paymentGroup: 1 }),
          fee({ category: 'Activity fee', description: 'Senior class dues', amountCents: 5000, dueDate: '2026-09-30' }, { paidCents: 2000, paymentGroup: 2 }),
          fee({ category: 'Course fee', description: 'AP exam fee: AP Spanish Language', amountCents: 9900, dueDate: '2026-11-13' }),
        ],
        payments: new Map<number, PaymentPlan>([
          [1, { method: 'Card', day: '2026-09-02', byStudent: true, overCents: 500 }],
          [2, { method: 'Cash', day: '2026-10-06', byStudent: true }],
        ]),
      }
  }
}

const PRICES: Record<SchoolCategory, { breakfast: number; lunch: number }> = {
  'Elementary School': { breakfast: 175, lunch: 300 },
  'Middle School': { breakfast: 200, lunch: 350 },
  'High School': { breakfast: 200, lunch: 375 },
}

// Meal transactions start on the first day of the second quarter: a statement's worth of
// history, opened by a balance-forward adjustment that sums everything before it. A full term
// would triple the rows (three million at 53,000 students) for no family-visible gain.

/**
 * The second quarter of cafeteria purchases and deposits. `family` is how the account is topped up:
 * automatically below the threshold, when reminded, or late (so the balance runs negative).
 * With `endBalanceCents`, the balance forward is chosen so the account ends there.
 */
function mealHistory(
  random: Random,
  studentId: string,
  level: SchoolCategory,
  days: string[],
  options: { family: 'auto' | 'reminded' | 'late'; lunchOdds: number; breakfastOdds: number; thresholdCents: number; endBalanceCents?: number },
  out: MealTransactionRow[],
): void {
  const prices = PRICES[level]
  const secondary = level !== 'Elementary School'
  const forward =
    options.family === 'late' ? random.number.int({ min: -1500, max: 800 }) : random.number.int({ min: 0, max: 60 }) * 100
  let balance = forward
  const firstDay = days[0]
  if (firstDay === undefined) return
  const opening: MealTransactionRow = {
    id: seededUuid(random),
    studentId,
    occurredAt: localTime(firstDay, 5 * 60),
    kind: 'Adjustment',
    amountCents: forward,
    description: 'Balance forward',
  }
  out.push(opening)
  const add = (occurredAt: Date, kind: MealTransactionRow['kind'], amountCents: number, description: string) => {
    out.push({ id: seededUuid(random), studentId, occurredAt, kind, amountCents, description })
    balance += amountCents
  }
  for (const day of days) {
    const low = balance < options.thresholdCents
    const deposit =
      options.family === 'auto' ? low : options.family === 'reminded' ? low && random.datatype.boolean(0.35) : balance < -1000 && random.datatype.boolean(0.35)
    if (deposit) {
      const online = random.datatype.boolean(0.8)
      // Families deposit online the evening before (never before the balance forward), cash and
      // checks in the morning at the cafeteria.
      const evening = online && day !== firstDay
      add(
        evening ? localTime(addDays(day, -1), random.number.int({ min: 18 * 60, max: 23 * 60 })) : localTime(day, random.number.int({ min: 7 * 60, max: 7 * 60 + 25 })),
        'Deposit',
        random.helpers.arrayElement([2000, 2500, 3000, 4000, 5000]),
        online ? 'Online deposit' : random.helpers.arrayElement(['Cash deposit', 'Check deposit']),
      )
    }
    if (random.datatype.boolean(options.breakfastOdds)) {
      add(localTime(day, random.number.int({ min: 7 * 60 + 30, max: 7 * 60 + 55 })), 'Purchase', -prices.breakfast, 'Breakfast')
    }
    if (random.datatype.boolean(options.lunchOdds)) {
      add(localTime(day, random.number.int({ min: 11 * 60, max: 12 * 60 + 40 })), 'Purchase', -prices.lunch, 'Lunch')
      // Extras are never charged against an empty account; a meal always is.
      if (secondary && balance > 300 && random.datatype.boolean(0.15)) {
        const price = random.helpers.arrayElement([75, 100, 150, 200, 250])
        add(localTime(day, random.number.int({ min: 12 * 60 + 41, max: 12 * 60 + 50 })), 'Purchase', -price, 'A la carte')
      }
    }
  }
  if (options.endBalanceCents !== undefined) opening.amountCents = forward + options.endBalanceCents - balance
}

export async function seedFinance(loader: SeedLoader, plan: DistrictPlan, progress: SeedProgress): Promise<void> {
  const random = createRandom('finance')
  const levelOf = new Map(plan.schools.map((s) => [s.id, s.category]))
  const schoolsOf = (category: SchoolCategory) => plan.schools.filter((s) => s.category === category)
  const payerOf = new Map<string, string>()
  for (const g of plan.guardianships) if (g.primaryContactStatus && !payerOf.has(g.studentId)) payerOf.set(g.studentId, g.contactId)
  const named = new Map<string, Named>([
    [plan.named.demoElementaryChild, MAYA],
    [plan.named.demoStudent, LEO],
    [plan.named.restrictedStudent, NOAH],
    [plan.named.adultStudent, JORDAN],
  ])
  // Meal transactions start on the first day of the second grading period (or the term's first
  // day, before it): a statement's worth of history, opened by a balance-forward adjustment that
  // sums everything before it. A full term would triple the rows (three million at 53,000
  // students) for no family-visible gain.
  const mealHistoryBegins = plan.gradingPeriods[1]?.beginDate ?? plan.calendar.term.beginDate
  const mealDays = plan.daysSoFar.filter((day) => day >= mealHistoryBegins)
  const mealDaysOrFirst = mealDays.length ? mealDays : plan.daysSoFar
  const story: StoryTime = { asOf: plan.calendar.toStory(plan.asOf), schoolYear: plan.calendar.schoolYear }
  const shift = (storyDate: string) => plan.calendar.shift(storyDate)
  let receipt = 0

  let fees: FeeRow[] = []
  let payments: PaymentRow[] = []
  let allocations: AllocationRow[] = []
  let accounts: Array<typeof t.mealAccounts.$inferInsert> = []
  let transactions: MealTransactionRow[] = []
  let done = 0
  const flush = async (force: boolean) => {
    // Small batches, so their rows die young in V8's heap; the loader gathers them into larger COPYs.
    if (!force && transactions.length + fees.length < 2_000) return
    await loader.load(t.fees, fees)
    await loader.load(t.payments, payments)
    await loader.load(t.paymentAllocations, allocations)
    await loader.load(t.mealAccounts, accounts)
    await loader.load(t.mealTransactions, transactions)
    fees = []
    payments = []
    allocations = []
    accounts = []
    transactions = []
    progress(`finance: fees and meal accounts of ${done} of ${plan.students.length} students`)
  }

  const storePayments = (student: PlannedStudent, planned: PlannedFee[], feeIds: string[], plans: Map<number, PaymentPlan>) => {
    const level = levelOf.get(student.schoolId) ?? 'Elementary School'
    const groups = new Map<number, number[]>()
    planned.forEach((fee, index) => {
      if (fee.paymentGroup === null || fee.paidCents <= 0) return
      groups.set(fee.paymentGroup, [...(groups.get(fee.paymentGroup) ?? []), index])
    })
    for (const [group, indexes] of groups) {
      const given = plans.get(group) ?? {}
      // Paid once every fee in the group had been charged (three weeks before it fell due).
      const charged = indexes.reduce((latest, i) => {
        const day = addDays(planned[i]?.dueDate ?? story.asOf, -21)
        return day > latest ? day : latest
      }, '2025-08-18')
      const method = given.method ?? weighted(random, PAYMENT_METHODS)
      const inPerson = method !== 'Online'
      let day = minDay(story.asOf, given.day ?? addDays(charged, random.number.int({ min: 0, max: 25 })))
      day = shift(day)
      if (inPerson) day = nextWeekday(day)
      const byStudent = given.byStudent ?? (method === 'Cash' && level === 'High School' && random.datatype.boolean(0.4))
      const allocatedCents = indexes.reduce((sum, i) => sum + (planned[i]?.paidCents ?? 0), 0)
      // Families sometimes pay a round sum over what they owe: the rest stays on account as credit.
      const fullyPaid = indexes.every((i) => planned[i]?.paidCents === planned[i]?.amountCents)
      const overCents = given.overCents ?? (fullyPaid && random.datatype.boolean(0.03) ? random.helpers.arrayElement([500, 1000, 2500]) : 0)
      const amountCents = allocatedCents + overCents
      const id = seededUuid(random)
      payments.push({
        id,
        studentId: student.id,
        contactId: byStudent ? null : (payerOf.get(student.id) ?? null),
        amountCents,
        method,
        receivedAt: inPerson ? localTime(day, random.number.int({ min: 7 * 60 + 30, max: 15 * 60 })) : localTime(day, random.number.int({ min: 6 * 60, max: 23 * 60 + 59 })),
        idempotencyKey: seededUuid(random),
        reference:
          method === 'Online'
            ? `WEB-${random.string.alphanumeric({ length: 10, casing: 'upper' })}`
            : method === 'Card'
              ? `AUTH ${random.string.numeric(6)}`
              : method === 'Check'
                ? `Check ${random.number.int({ min: 1001, max: 9999 })}`
                : `Receipt R-${String(++receipt).padStart(7, '0')}`,
      })
      for (const i of indexes) {
        const feeId = feeIds[i]
        const fee = planned[i]
        if (feeId && fee) allocations.push({ paymentId: id, feeId, amountCents: fee.paidCents })
      }
    }
  }

  for (const student of plan.students) {
    const level = levelOf.get(student.schoolId) ?? 'Elementary School'
    const who = named.get(student.id)
    let planned: PlannedFee[]
    let paymentPlans = new Map<number, PaymentPlan>()
    if (who) {
      const fixed = namedFees(who, student.schoolId, story)
      planned = fixed.fees
      paymentPlans = fixed.payments
    } else {
      planned = settle(random, story, chargesFor(random, level, student.gradeLevel), story.schoolYear, student.schoolId, 0)
      if (student.gradeLevel > 0 && random.datatype.boolean(0.08)) {
        // Last year a sixth or ninth grader was at a school of the level below.
        const previousLevel: SchoolCategory | null =
          student.gradeLevel === 6 ? 'Elementary School' : student.gradeLevel === 9 ? 'Middle School' : null
        const schoolId = previousLevel ? random.helpers.arrayElement(schoolsOf(previousLevel)).id : student.schoolId
        const previousCategory = previousLevel ?? level
        planned.unshift(...settle(random, story, [carryOverCharge(random, previousCategory, story.schoolYear)], story.schoolYear - 1, schoolId, planned.length + 1))
      }
    }
    const feeIds: string[] = []
    for (const fee of planned) {
      const id = seededUuid(random)
      feeIds.push(id)
      fees.push({
        id,
        studentId: student.id,
        schoolId: fee.schoolId,
        schoolYear: fee.schoolYear,
        category: fee.category,
        description: fee.description,
        amountCents: fee.amountCents,
        dueDate: shift(fee.dueDate),
        exempt: fee.exempt,
        voidedAt: fee.voided ? localTime(minDay(shift(fee.voided.on), plan.asOf), random.number.int({ min: 8 * 60, max: 16 * 60 })) : null,
        voidReason: fee.voided?.reason ?? null,
      })
    }
    storePayments(student, planned, feeIds, paymentPlans)

    const threshold = who === MAYA ? 500 : who === LEO ? 1000 : weighted(random, [[500, 45], [1000, 40], [1500, 10], [2000, 5]])
    accounts.push({ studentId: student.id, lowBalanceThresholdCents: threshold })
    const meals = (options: Parameters<typeof mealHistory>[4]) => mealHistory(random, student.id, level, mealDaysOrFirst, options, transactions)
    if (who === MAYA) meals({ family: 'reminded', lunchOdds: 1, breakfastOdds: 0, thresholdCents: threshold, endBalanceCents: 235 })
    else if (who === LEO) meals({ family: 'auto', lunchOdds: 0.85, breakfastOdds: 0.2, thresholdCents: threshold, endBalanceCents: 1865 })
    else if (who === JORDAN) meals({ family: 'late', lunchOdds: 0.7, breakfastOdds: 0, thresholdCents: threshold, endBalanceCents: -350 })
    else {
      meals({
        family: weighted(random, [['auto', 45], ['reminded', 40], ['late', 15]] as const),
        lunchOdds: weighted(random, [[0.9, 45], [0.6, 25], [0.3, 15], [0.05, 15]]),
        breakfastOdds: weighted(random, [[0, 70], [0.3, 15], [0.8, 15]]),
        thresholdCents: threshold,
      })
    }

    done++
    await flush(false)
  }
  await flush(true)
}
