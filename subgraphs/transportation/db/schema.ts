/**
 * transportation: the district's bus routes, their stops with scheduled times, and each
 * student's transportation record (Ed-Fi StudentTransportation) with the assigned morning and
 * afternoon stops. Routes and stops are district data with no standard entity; the value lists
 * are Ed-Fi's descriptors. Student and school ids are plain uuids: academics owns those rows.
 */
import { date, index, integer, pgSchema, text, time, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { timestamps } from '../../../db/schema/common.ts'

export const transportation = pgSchema('transportation')

/** Ed-Fi TransportationTypeDescriptor. */
export const transportationType = transportation.enum('transportation_type', [
  'School Bus',
  'School Van or SUV',
  'Special Needs Bus',
  'General Public Transportation',
  'Responsible for own transportation',
])

/** Ed-Fi TransportationPublicExpenseEligibilityTypeDescriptor. */
export const publicExpenseEligibilityType = transportation.enum('public_expense_eligibility_type', [
  'Eligible - CTE',
  'Eligible - Desegregation',
  'Eligible - Disability',
  'Eligible - Distance',
  'Eligible - Health Impaired',
  'Eligible - Homelessness',
  'Eligible - Shelter Care',
  'Eligible - Special Instruction',
  'Eligible - Unsafe Walk',
  'Eligible - Other',
  'Not Eligible',
])

/**
 * Ed-Fi TravelDirectionDescriptor, less its 'To and From School': a route runs one way, and a
 * bus that runs both ways runs two routes (the morning one and the afternoon one).
 */
export const travelDirection = transportation.enum('travel_direction', ['To School', 'From School'])

/** Ed-Fi TravelDayofWeekDescriptor. */
export const travelDayOfWeek = transportation.enum('travel_day_of_week', [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
])

/** One run of one bus: to a school in the morning or from it in the afternoon. */
export const busRoutes = transportation.table(
  'bus_routes',
  {
    id: uuid('id').primaryKey(),
    /** The district's route number (Ed-Fi BusRouteDescriptor); a bus's morning and afternoon runs share it. */
    routeNumber: text('route_number').notNull(),
    busNumber: text('bus_number').notNull(),
    schoolId: uuid('school_id').notNull(),
    direction: travelDirection('direction').notNull(),
    /** When the bus reaches the school (To School) or leaves it (From School). */
    schoolTime: time('school_time').notNull(),
    depot: text('depot').notNull(),
    notes: text('notes'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('bus_routes_number_direction_idx').on(t.routeNumber, t.direction),
    index('bus_routes_school_idx').on(t.schoolId, t.direction),
  ],
)

/** A stop on a route, in the order the bus makes it. */
export const busStops = transportation.table(
  'bus_stops',
  {
    id: uuid('id').primaryKey(),
    routeId: uuid('route_id')
      .notNull()
      .references(() => busRoutes.id),
    stopSequence: integer('stop_sequence').notNull(),
    /** Where families wait: an intersection, or a home address on a curb-to-curb route. */
    name: text('name').notNull(),
    scheduledTime: time('scheduled_time').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('bus_stops_route_sequence_idx').on(t.routeId, t.stopSequence)],
)

/**
 * Ed-Fi StudentTransportation: how a student gets to and from school over a span of dates,
 * with the stops the district assigned. A student with no bus has neither stop; one picked
 * up by a parent in the afternoon has a morning stop only.
 */
export const studentTransportations = transportation.table(
  'student_transportations',
  {
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id').notNull(),
    schoolId: uuid('school_id').notNull(),
    transportationType: transportationType('transportation_type').notNull(),
    eligibility: publicExpenseEligibilityType('eligibility').notNull(),
    /** Ed-Fi's specialAccomodationRequirements (its spelling): lift, car seat, aide on board. */
    specialAccommodationRequirements: text('special_accommodation_requirements'),
    amStopId: uuid('am_stop_id').references(() => busStops.id),
    pmStopId: uuid('pm_stop_id').references(() => busStops.id),
    daysOfWeek: travelDayOfWeek('days_of_week').array().notNull(),
    beginDate: date('begin_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('student_transportations_student_begin_idx').on(t.studentId, t.beginDate),
    // A route's roster: who boards at each stop.
    index('student_transportations_am_stop_idx').on(t.amStopId),
    index('student_transportations_pm_stop_idx').on(t.pmStopId),
  ],
)
