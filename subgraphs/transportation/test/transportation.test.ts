/**
 * transportation through the gateway: a family sees each child's bus, stop and times exactly as
 * the district holds them; a whole family costs one SQL statement; and nobody reads a stop
 * (where a child waits, and when) without the right to read that child's transportation.
 */
import { and, eq, isNull, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as academics from '../../academics/db/schema.ts'
import * as transportation from '../db/schema.ts'
import { schoolCalendar } from '../../../db/seed/calendar.ts'
import { TEST_TODAY } from '../../../test/support/seed-date.ts'
import { loadMessages } from '../../kit/index.ts'
import { DAY_OF_WEEK, TRANSPORTATION_ELIGIBILITY, TRANSPORTATION_TYPE, TRAVEL_DIRECTION } from '../enums.ts'
import { childrenOf, one } from '../../../test/support/people.ts'
import { measure, startTestSystem, type TestSystem } from '../../../test/support/system.ts'

const FIELDS = `transportationType transportationTypeLabel eligibility eligibilityLabel specialAccommodationRequirements daysOfWeek daysOfWeekLabels beginDate endDate
  am { busNumber routeNumber direction directionLabel schoolArrivalTime schoolDepartureTime notes stop { name scheduledTime sequence } }
  pm { busNumber routeNumber direction directionLabel schoolArrivalTime schoolDepartureTime notes stop { name scheduledTime sequence } }`
const STUDENT = `query ($id: ID!) { student(id: $id) { id transportation { ${FIELDS} } } }`
const FAMILY = `{ me { children { id transportation { ${FIELDS} } } } }`

/** transportation's catalogues: these viewers read in English, the district's words for each value. */
const WORDS = loadMessages(new URL('../messages/', import.meta.url))
const label = (enumName: string, value: string) => WORDS.format('en', `enum.${enumName}.${value}`)

let t: TestSystem
beforeAll(async () => {
  t = await startTestSystem()
})
afterAll(() => t.close())



/** What the API must answer for a student, read straight from the tables. */
async function expectedTransportation(studentId: string) {
  const db = t.db('transportation')
  const record = one(
    await db
      .select()
      .from(transportation.studentTransportations)
      .where(and(eq(transportation.studentTransportations.studentId, studentId), isNull(transportation.studentTransportations.endDate))),
    'current transportation record',
  )
  const assignment = async (stopId: string | null) => {
    if (!stopId) return null
    const stop = one(await db.select().from(transportation.busStops).where(eq(transportation.busStops.id, stopId)), 'stop')
    const route = one(await db.select().from(transportation.busRoutes).where(eq(transportation.busRoutes.id, stop.routeId)), 'route')
    return {
      busNumber: route.busNumber,
      routeNumber: route.routeNumber,
      direction: TRAVEL_DIRECTION[route.direction],
      directionLabel: label('TravelDirection', TRAVEL_DIRECTION[route.direction]),
      schoolArrivalTime: route.direction === 'To School' ? route.schoolTime : null,
      schoolDepartureTime: route.direction === 'From School' ? route.schoolTime : null,
      notes: route.notes,
      stop: { name: stop.name, scheduledTime: stop.scheduledTime, sequence: stop.stopSequence },
    }
  }
  return {
    transportationType: TRANSPORTATION_TYPE[record.transportationType],
    transportationTypeLabel: label('TransportationType', TRANSPORTATION_TYPE[record.transportationType]),
    eligibility: TRANSPORTATION_ELIGIBILITY[record.eligibility],
    eligibilityLabel: label('TransportationEligibility', TRANSPORTATION_ELIGIBILITY[record.eligibility]),
    specialAccommodationRequirements: record.specialAccommodationRequirements,
    daysOfWeek: record.daysOfWeek.map((day) => DAY_OF_WEEK[day]),
    daysOfWeekLabels: record.daysOfWeek.map((day) => label('DayOfWeek', DAY_OF_WEEK[day])),
    beginDate: record.beginDate,
    endDate: null,
    am: await assignment(record.amStopId),
    pm: await assignment(record.pmStopId),
  }
}

interface Assignment {
  busNumber: string
  direction: string
  schoolArrivalTime: string | null
  schoolDepartureTime: string | null
  stop: { scheduledTime: string }
}
interface Transportation {
  transportationType: string
  eligibility: string
  daysOfWeek: string[]
  beginDate: string
  am: Assignment | null
  pm: Assignment | null
}
type Family = { me: { children: Array<{ id: string; transportation: Transportation | null }> } }

describe("a guardian reading their children's transportation", () => {
  it('answers both demo children exactly as the tables hold them', async () => {
    const children = await childrenOf(t, 'demo.guardian')
    const response = await t.query<Family>({ login: 'demo.guardian' }, FAMILY)
    expect(response.body.errors).toBeUndefined()
    const answered = [...(response.body.data?.me.children ?? [])].sort((a, b) => a.id.localeCompare(b.id))
    const expected = await Promise.all(
      [...children].sort((a, b) => a.id.localeCompare(b.id)).map(async (c) => ({ id: c.id, transportation: await expectedTransportation(c.id) })),
    )
    expect(answered).toStrictEqual(expected)
  })

  it("shows the demo family's situations: two schools, different buses, times on the right side of the bell", async () => {
    const [maya, leo] = await childrenOf(t, 'demo.guardian')
    const response = await t.query<Family>({ login: 'demo.guardian' }, FAMILY)
    const of = (id: string | undefined) => response.body.data?.me.children.find((c) => c.id === id)?.transportation
    const mayas = of(maya?.id)
    const leos = of(leo?.id)
    expect([maya?.firstName, mayas?.transportationType, mayas?.eligibility]).toStrictEqual(['Maya', 'SCHOOL_BUS', 'ELIGIBLE_DISTANCE'])
    // Maya goes to after-school care in the afternoon: another bus than the morning one.
    expect(mayas?.am?.busNumber).not.toBe(mayas?.pm?.busNumber)
    // Leo walked until his family moved; since then he rides Monday to Thursday.
    expect([leo?.firstName, leos?.transportationType, leos?.eligibility, leos?.daysOfWeek]).toStrictEqual([
      'Leo',
      'SCHOOL_BUS',
      'ELIGIBLE_UNSAFE_WALK',
      ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY'],
    ])
    expect(leos?.beginDate && leos.beginDate > schoolCalendar(TEST_TODAY).term.beginDate).toBe(true)
    expect(new Set([mayas?.am?.busNumber, mayas?.pm?.busNumber]).has(leos?.am?.busNumber)).toBe(false)
    for (const ride of [mayas, leos]) {
      const am = ride?.am
      const pm = ride?.pm
      expect([am?.direction, pm?.direction]).toStrictEqual(['TO_SCHOOL', 'FROM_SCHOOL'])
      expect(am && am.schoolArrivalTime !== null && am.stop.scheduledTime < am.schoolArrivalTime).toBe(true)
      expect(pm && pm.schoolDepartureTime !== null && pm.stop.scheduledTime > pm.schoolDepartureTime).toBe(true)
    }
  })

  it('costs one SQL statement in transportation whatever the number of children', async () => {
    const link = academics.studentContactAssociations
    // A family of three or more young children, none of them under a restriction.
    const [large] = await t
      .db('academics')
      .select({ login: academics.accounts.login, children: sql<number>`count(*)::int` })
      .from(academics.accounts)
      .innerJoin(link, eq(link.contactId, academics.accounts.personId))
      .innerJoin(academics.students, eq(academics.students.id, link.studentId))
      .groupBy(academics.accounts.login)
      .having(sql`count(*) >= 3 and bool_and(${link.restrictionDocument} is null) and max(${academics.students.gradeLevel}) <= 8`)
      .orderBy(academics.accounts.login)
      .limit(1)
    if (!large) throw new Error('The seed holds no family of three or more children.')
    const many = await measure(() => t.query<Family>({ login: large.login }, FAMILY))
    const two = await measure(() => t.query<Family>({ login: 'demo.guardian' }, FAMILY))
    expect({
      children: many.result.body.data?.me.children.length,
      statements: many.sql.transportation,
      fetches: many.fetches.transportation,
    }).toStrictEqual({ children: large.children, statements: 1, fetches: 1 })
    expect({ children: two.result.body.data?.me.children.length, statements: two.sql.transportation }).toStrictEqual({ children: 2, statements: 1 })
  })

  it('is read by the student themself and by a teacher of one of their sections', async () => {
    const leo = await t.personId('demo.student')
    const expected = { data: { student: { id: leo, transportation: await expectedTransportation(leo) } } }
    expect((await t.query({ login: 'demo.student' }, STUDENT, { id: leo })).body).toStrictEqual(expected)
    expect((await t.query({ login: 'demo.teacher' }, STUDENT, { id: leo })).body).toStrictEqual(expected)
  })
})

describe('who may not read a child\'s stop', () => {
  const forbiddenStudent = { data: { student: null }, errors: [{ message: 'You may not read this.', path: ['student'], code: 'FORBIDDEN' }] }
  const shape = (body: { data?: unknown; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> }) => ({
    data: body.data,
    errors: body.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })),
  })

  it.each([
    ['a parent barred by a court order', 'restricted.guardian', async () => one(await childrenOf(t, 'restricted.guardian'), 'restricted child').id],
    ['a parent of an adult student who has not consented', 'adult.guardian', () => t.personId('adult.student')],
    ['a student, about a sibling', 'demo.student', async () => (await childrenOf(t, 'demo.guardian'))[0]?.id ?? ''],
    ['a teacher, about a student outside their sections', 'demo.teacher', async () => (await childrenOf(t, 'demo.guardian'))[0]?.id ?? ''],
  ])('%s gets null with FORBIDDEN and nothing of the record', async (_who, login, studentOf) => {
    const studentId = await studentOf()
    const secret = await expectedTransportation(studentId)
    const response = await t.query({ login }, STUDENT, { id: studentId })
    for (const leak of [secret.am?.stop.name, secret.pm?.stop.name, secret.am?.routeNumber].filter((v): v is string => typeof v === 'string')) {
      expect(response.text).not.toContain(leak)
    }
    expect(shape(response.body)).toStrictEqual(forbiddenStudent)
  })
})
