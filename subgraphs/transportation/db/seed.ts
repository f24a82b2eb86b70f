/**
 * Seeds transportation: for each school, morning and afternoon bus routes with their stops and
 * times (morning stops before the bell, afternoon stops after dismissal), a curb-to-curb route
 * for special-needs riders, and every student's transportation record with the assigned stops.
 * About 60% of students ride a bus; some change how they travel during the term.
 */
import * as t from './schema.ts'
import type { SeedLoader } from '../../../db/seed/bulk.ts'
import { type DistrictPlan, type PlannedSchool, type PlannedStudent, type SchoolCategory } from '../../../db/seed/district.ts'
import { createRandom, weighted, type Random } from '../../../db/seed/random.ts'
import type { SeedProgress } from '../../../db/seed/progress.ts'

type TransportationType = (typeof t.transportationType.enumValues)[number]
type Eligibility = (typeof t.publicExpenseEligibilityType.enumValues)[number]
type Day = (typeof t.travelDayOfWeek.enumValues)[number]
type Route = typeof t.busRoutes.$inferInsert
type Stop = typeof t.busStops.$inferInsert & { id: string }
type Transportation = typeof t.studentTransportations.$inferInsert & { id: string; daysOfWeek: Day[] }

/** A bus's morning and afternoon runs: the afternoon one makes the morning stops in reverse. */
interface RoutePair {
  am: Stop[]
  pm: Stop[]
}

/** Bell times in minutes after midnight, and how each level's families travel (percent). */
const LEVELS: Record<SchoolCategory, { bell: number; dismissal: number; types: ReadonlyArray<readonly [TransportationType, number]> }> = {
  'Elementary School': {
    bell: 8 * 60 + 15,
    dismissal: 14 * 60 + 45,
    types: [['School Bus', 57], ['Special Needs Bus', 4], ['School Van or SUV', 1], ['Responsible for own transportation', 38]],
  },
  'Middle School': {
    bell: 8 * 60 + 45,
    dismissal: 15 * 60 + 30,
    types: [['School Bus', 57], ['Special Needs Bus', 3], ['School Van or SUV', 1], ['General Public Transportation', 3], ['Responsible for own transportation', 36]],
  },
  'High School': {
    bell: 7 * 60 + 30,
    dismissal: 14 * 60 + 20,
    types: [['School Bus', 52], ['Special Needs Bus', 3], ['School Van or SUV', 1], ['General Public Transportation', 11], ['Responsible for own transportation', 33]],
  },
}

const ELIGIBILITY: Record<TransportationType, ReadonlyArray<readonly [Eligibility, number]>> = {
  'School Bus': [['Eligible - Distance', 80], ['Eligible - Unsafe Walk', 14], ['Eligible - Homelessness', 2], ['Eligible - Other', 2], ['Not Eligible', 2]],
  'Special Needs Bus': [['Eligible - Disability', 88], ['Eligible - Health Impaired', 12]],
  'School Van or SUV': [['Eligible - Homelessness', 45], ['Eligible - Shelter Care', 20], ['Eligible - Disability', 35]],
  'General Public Transportation': [['Eligible - Distance', 65], ['Eligible - CTE', 10], ['Not Eligible', 25]],
  // Most families who drive or walk live close; some eligible families choose to drive.
  'Responsible for own transportation': [['Not Eligible', 85], ['Eligible - Distance', 15]],
}

const ACCOMMODATIONS = ['Wheelchair lift', 'Car seat or safety vest', 'Aide on board', 'Air-conditioned vehicle', 'Hand-to-hand handoff at home'] as const
const WEEK: Day[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']
const DAY_PATTERNS: ReadonlyArray<readonly [Day[], number]> = [
  [WEEK, 88],
  // Shared custody and standing pick-ups: the bus on some days only.
  [['Monday', 'Wednesday', 'Friday'], 4],
  [['Tuesday', 'Thursday'], 3],
  [['Monday', 'Tuesday', 'Wednesday', 'Thursday'], 5],
]
const DEPOTS = ['North Depot', 'South Depot', 'Riverside Depot'] as const
const ROUTE_NOTES = [
  'Substitute driver through the end of the month.',
  'Road work on the route: stops may run up to 10 minutes late.',
  'Riders must show their bus pass when boarding.',
  'Camera-equipped bus.',
] as const
/** Riders per regular bus, and per curb-to-curb bus (one stop per rider). */
const RIDERS_PER_BUS = 55
const RIDERS_PER_SPECIAL_BUS = 10
const CHUNK = 50_000

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`
}

function between(random: Random, min: number, max: number): number {
  return random.number.int({ min, max })
}

export async function seedTransportation(loader: SeedLoader, plan: DistrictPlan, progress: SeedProgress): Promise<void> {
  const random = createRandom('transportation')
  const uuid = () => random.string.uuid()
  const named = plan.named
  const namedIds = new Set([named.demoElementaryChild, named.demoStudent, named.restrictedStudent, named.adultStudent])

  const studentsBySchool = new Map<string, PlannedStudent[]>()
  for (const student of plan.students) {
    const list = studentsBySchool.get(student.schoolId)
    if (list) list.push(student)
    else studentsBySchool.set(student.schoolId, [student])
  }

  // How each student travels, decided first: a school's buses are sized by its riders.
  const categoryOf = new Map(plan.schools.map((s) => [s.id, s.category]))
  const typeOf = new Map<string, TransportationType>()
  for (const student of plan.students) {
    typeOf.set(student.id, weighted(random, LEVELS[categoryOf.get(student.schoolId) ?? 'Elementary School'].types))
  }
  typeOf.set(named.demoElementaryChild, 'School Bus')
  typeOf.set(named.demoStudent, 'School Bus')
  typeOf.set(named.restrictedStudent, 'Special Needs Bus')
  typeOf.set(named.adultStudent, 'General Public Transportation')

  // Bus numbers: high-school runs end before middle-school runs begin, so a middle school's
  // buses are the high schools' buses on their second run (lift-equipped ones for curb-to-curb
  // routes); elementary buses run alone.
  let nextBus = 1
  const highBuses = { regular: [] as string[], special: [] as string[] }
  const middleRuns = { regular: 0, special: 0 }
  const depotOf = new Map<string, string>()
  const busFor = (category: SchoolCategory, kind: 'regular' | 'special'): string => {
    const reused = category === 'Middle School' ? highBuses[kind][middleRuns[kind]++] : undefined
    const bus = reused ?? String(nextBus++)
    if (category === 'High School') highBuses[kind].push(bus)
    if (!depotOf.has(bus)) depotOf.set(bus, random.helpers.arrayElement(DEPOTS))
    return bus
  }
  const ordered = [...plan.schools].sort((a, b) => rank(a) - rank(b))

  const routes: Route[] = []
  const stops: Stop[] = []
  const pairsBySchool = new Map<string, { regular: RoutePair[]; special: RoutePair[] }>()
  for (const school of ordered) {
    const level = LEVELS[school.category]
    const students = studentsBySchool.get(school.id) ?? []
    const riders = students.filter((s) => typeOf.get(s.id) === 'School Bus').length
    const specialRiders = students.filter((s) => typeOf.get(s.id) === 'Special Needs Bus').length
    const schoolNumber = plan.schools.indexOf(school) + 1
    const regular: RoutePair[] = []
    const special: RoutePair[] = []
    const makePair = (kind: 'regular' | 'special', routeNumber: string, names: string[], gap: [number, number], notes: string | null) => {
      const bus = busFor(school.category, kind)
      const depot = depotOf.get(bus) ?? DEPOTS[0]
      const arrival = level.bell - between(random, 10, 15)
      const departure = level.dismissal + between(random, 8, 12)
      const amRoute = { id: uuid(), routeNumber, busNumber: bus, schoolId: school.id, direction: 'To School' as const, schoolTime: clock(arrival), depot, notes }
      const pmRoute = { id: uuid(), routeNumber, busNumber: bus, schoolId: school.id, direction: 'From School' as const, schoolTime: clock(departure), depot, notes }
      routes.push(amRoute, pmRoute)
      // Morning: count back from the school; afternoon: count on from the school, in reverse.
      const amTimes: number[] = []
      let at = arrival - between(random, 6, 14)
      for (let i = names.length - 1; i >= 0; i--) {
        amTimes[i] = at
        at -= between(random, gap[0], gap[1])
      }
      const am = names.map((name, i) => ({ id: uuid(), routeId: amRoute.id, stopSequence: i + 1, name, scheduledTime: clock(amTimes[i] ?? arrival) }))
      let drop = departure + between(random, 6, 14)
      const pm = [...names].reverse().map((name, i) => {
        if (i > 0) drop += between(random, gap[0], gap[1])
        return { id: uuid(), routeId: pmRoute.id, stopSequence: i + 1, name, scheduledTime: clock(drop) }
      })
      stops.push(...am, ...pm)
      return { am, pm }
    }
    if (riders > 0) {
      const count = Math.max(3, Math.ceil(riders / RIDERS_PER_BUS))
      for (let k = 0; k < count; k++) {
        const names = Array.from({ length: between(random, 8, 15) }, () => `${random.location.street()} & ${random.location.street()}`)
        const notes = random.datatype.boolean(0.12) ? random.helpers.arrayElement(ROUTE_NOTES) : null
        regular.push(makePair('regular', `${schoolNumber}${String(k + 1).padStart(2, '0')}`, names, [2, 4], notes))
      }
    }
    for (let k = 0; k * RIDERS_PER_SPECIAL_BUS < specialRiders; k++) {
      const count = Math.min(RIDERS_PER_SPECIAL_BUS, specialRiders - k * RIDERS_PER_SPECIAL_BUS)
      const names = Array.from({ length: count }, () => random.location.streetAddress())
      special.push(makePair('special', `${schoolNumber}S${k + 1}`, names, [4, 7], 'Lift-equipped bus; curb-to-curb service with an aide on board.'))
    }
    pairsBySchool.set(school.id, { regular, special })
  }
  await loader.load(t.busRoutes, routes)
  await loader.load(t.busStops, stops)
  progress(`transportation: ${routes.length} routes with ${stops.length} stops`)

  let records: Transportation[] = []
  let done = 0
  const flush = async (force: boolean) => {
    if (!force && records.length < CHUNK) return
    // The days go as an array literal ('{"Monday","Friday"}'), which COPY reads into the enum array.
    await loader.load(t.studentTransportations, records)
    records = []
    progress(`transportation: records of ${done} of ${plan.students.length} students`)
  }

  const record = (student: PlannedStudent, type: TransportationType, fields: Partial<Transportation>): Transportation => ({
    id: uuid(),
    studentId: student.id,
    schoolId: student.schoolId,
    transportationType: type,
    eligibility: weighted(random, ELIGIBILITY[type]),
    specialAccommodationRequirements:
      type === 'Special Needs Bus' || (type === 'School Van or SUV' && random.datatype.boolean(0.4))
        ? random.helpers.arrayElements(ACCOMMODATIONS, { min: 1, max: 2 }).join('; ')
        : null,
    amStopId: null,
    pmStopId: null,
    daysOfWeek: WEEK,
    beginDate: plan.calendar.term.beginDate,
    endDate: null,
    ...fields,
  })

  /** A rider's stops: the morning stop, and its afternoon twin or, for after-school care, another route's stop. */
  const stopsOn = (pairs: RoutePair[], curbToCurb: number | undefined): Pick<Transportation, 'amStopId' | 'pmStopId'> => {
    const index = curbToCurb === undefined ? between(random, 0, pairs.length - 1) : Math.floor(curbToCurb / RIDERS_PER_SPECIAL_BUS)
    const pair = pairs[index]
    if (!pair) return { amStopId: null, pmStopId: null }
    const sequence = curbToCurb === undefined ? between(random, 0, pair.am.length - 1) : curbToCurb % RIDERS_PER_SPECIAL_BUS
    const am = pair.am[sequence]
    let pm = pair.pm[pair.pm.length - 1 - sequence]
    if (curbToCurb === undefined && pairs.length > 1 && random.datatype.boolean(0.1)) {
      const other = pairs[(index + between(random, 1, pairs.length - 1)) % pairs.length]
      pm = other ? random.helpers.arrayElement(other.pm) : pm
    }
    const legs = curbToCurb === undefined ? weighted(random, [['both', 88], ['am', 6], ['pm', 6]] as const) : 'both'
    return { amStopId: legs === 'pm' ? null : (am?.id ?? null), pmStopId: legs === 'am' ? null : (pm?.id ?? null) }
  }

  // A change partway through the term: the old record ends on the school day before the new one begins.
  const changeDay = (): [string, string] => {
    // Two weeks or more into the term; in its first weeks, a change on one of the school days so far.
    const so = plan.daysSoFar.length
    const index = so >= 20 ? between(random, 10, so - 10) : between(random, 1, Math.max(1, so - 1))
    const last = plan.instructionalDays[index - 1] ?? plan.calendar.term.beginDate
    return [last, plan.instructionalDays[index] ?? last]
  }

  for (const school of plan.schools) {
    const pairs = pairsBySchool.get(school.id) ?? { regular: [], special: [] }
    let specialSeat = 0
    for (const student of studentsBySchool.get(school.id) ?? []) {
      done++
      const type = typeOf.get(student.id) ?? 'Responsible for own transportation'
      if (namedIds.has(student.id)) {
        records.push(...namedRecords(student, pairs, specialSeat, record, changeDay))
        if (type === 'Special Needs Bus') specialSeat++
        continue
      }
      const onBus =
        type === 'School Bus' ? stopsOn(pairs.regular, undefined) : type === 'Special Needs Bus' ? stopsOn(pairs.special, specialSeat++) : { amStopId: null, pmStopId: null }
      const days = type === 'School Bus' ? weighted(random, DAY_PATTERNS) : WEEK
      if (random.datatype.boolean(0.06)) {
        // Moved house (new stop), or started or stopped riding.
        const [endDate, beginDate] = changeDay()
        const earlier: Transportation =
          type === 'School Bus' && random.datatype.boolean(0.5)
            ? record(student, 'School Bus', { ...stopsOn(pairs.regular, undefined), endDate })
            : type === 'School Bus' || pairs.regular.length === 0
              ? record(student, 'Responsible for own transportation', { endDate })
              : record(student, 'School Bus', { ...stopsOn(pairs.regular, undefined), endDate })
        records.push(earlier, record(student, type, { ...onBus, daysOfWeek: days, beginDate }))
      } else {
        records.push(record(student, type, { ...onBus, daysOfWeek: days }))
      }
      await flush(false)
    }
  }
  await flush(true)

  function rank(school: PlannedSchool): number {
    return school.category === 'High School' ? 0 : school.category === 'Middle School' ? 1 : 2
  }

  /**
   * The contract's named students, in fixed situations: Maya rides to school and, in the
   * afternoon, to after-school care on another bus; Leo walked until his family moved and now
   * rides Monday to Thursday; Noah rides the curb-to-curb bus; Jordan takes the city bus.
   */
  function namedRecords(
    student: PlannedStudent,
    schoolPairs: { regular: RoutePair[]; special: RoutePair[] },
    seat: number,
    make: typeof record,
    change: typeof changeDay,
  ): Transportation[] {
    const [first, second] = schoolPairs.regular
    if (student.id === named.demoElementaryChild && first && second) {
      const am = first.am[2]
      const pm = second.pm[4]
      return [make(student, 'School Bus', { eligibility: 'Eligible - Distance', amStopId: am?.id ?? null, pmStopId: pm?.id ?? null })]
    }
    if (student.id === named.demoStudent && first) {
      const [endDate, beginDate] = change()
      const sequence = 3
      return [
        make(student, 'Responsible for own transportation', { eligibility: 'Not Eligible', endDate }),
        make(student, 'School Bus', {
          eligibility: 'Eligible - Unsafe Walk',
          amStopId: first.am[sequence]?.id ?? null,
          pmStopId: first.pm[first.pm.length - 1 - sequence]?.id ?? null,
          daysOfWeek: ['Monday', 'Tuesday', 'Wednesday', 'Thursday'],
          beginDate,
        }),
      ]
    }
    if (student.id === named.restrictedStudent) {
      const pair = schoolPairs.special[Math.floor(seat / RIDERS_PER_SPECIAL_BUS)]
      const index = seat % RIDERS_PER_SPECIAL_BUS
      return [
        make(student, 'Special Needs Bus', {
          eligibility: 'Eligible - Disability',
          specialAccommodationRequirements: 'Aide on board; Hand-to-hand handoff at home',
          amStopId: pair?.am[index]?.id ?? null,
          pmStopId: pair ? (pair.pm[pair.pm.length - 1 - index]?.id ?? null) : null,
        }),
      ]
    }
    return [make(student, 'General Public Transportation', { eligibility: 'Eligible - Distance' })]
  }
}
