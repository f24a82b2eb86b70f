import { label, MESSAGES } from '../catalogue.ts'
import { DAY_OF_WEEK, TRANSPORTATION_ELIGIBILITY, TRANSPORTATION_TYPE, TRAVEL_DIRECTION } from '../enums.ts'
import type { BusAssignmentResolvers, BusStopResolvers, StudentTransportationResolvers } from '../generated/resolvers.ts'
import type { BusAssignmentMapper, StudentTransportationMapper } from '../mappers.ts'

const transportationType = (r: StudentTransportationMapper) => TRANSPORTATION_TYPE[r.transportationType]
const eligibility = (r: StudentTransportationMapper) => TRANSPORTATION_ELIGIBILITY[r.eligibility]
const daysOfWeek = (r: StudentTransportationMapper) => r.daysOfWeek.map((day) => DAY_OF_WEEK[day])

export const StudentTransportation: StudentTransportationResolvers = {
  transportationType,
  transportationTypeLabel: label('TransportationType', transportationType),
  eligibility,
  eligibilityLabel: label('TransportationEligibility', eligibility),
  daysOfWeek,
  daysOfWeekLabels: (r, _args, ctx) => daysOfWeek(r).map((day) => MESSAGES.format(ctx.language, `enum.DayOfWeek.${day}`)),
}

const direction = (a: BusAssignmentMapper) => TRAVEL_DIRECTION[a.route.direction]

export const BusAssignment: BusAssignmentResolvers = {
  busNumber: (a) => a.route.busNumber,
  routeNumber: (a) => a.route.routeNumber,
  direction,
  directionLabel: label('TravelDirection', direction),
  schoolArrivalTime: (a) => (a.route.direction === 'To School' ? a.route.schoolTime : null),
  schoolDepartureTime: (a) => (a.route.direction === 'From School' ? a.route.schoolTime : null),
  notes: (a) => a.route.notes,
}

export const BusStop: BusStopResolvers = {
  sequence: (s) => s.stopSequence,
}
