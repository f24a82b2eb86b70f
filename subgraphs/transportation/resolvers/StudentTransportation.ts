import { DAY_OF_WEEK, TRANSPORTATION_ELIGIBILITY, TRANSPORTATION_TYPE, TRAVEL_DIRECTION } from '../enums.ts'
import type { BusAssignmentResolvers, BusStopResolvers, StudentTransportationResolvers } from '../generated/resolvers.ts'

export const StudentTransportation: StudentTransportationResolvers = {
  transportationType: (r) => TRANSPORTATION_TYPE[r.transportationType],
  eligibility: (r) => TRANSPORTATION_ELIGIBILITY[r.eligibility],
  daysOfWeek: (r) => r.daysOfWeek.map((day) => DAY_OF_WEEK[day]),
}

export const BusAssignment: BusAssignmentResolvers = {
  busNumber: (a) => a.route.busNumber,
  routeNumber: (a) => a.route.routeNumber,
  direction: (a) => TRAVEL_DIRECTION[a.route.direction],
  schoolArrivalTime: (a) => (a.route.direction === 'To School' ? a.route.schoolTime : null),
  schoolDepartureTime: (a) => (a.route.direction === 'From School' ? a.route.schoolTime : null),
  notes: (a) => a.route.notes,
}

export const BusStop: BusStopResolvers = {
  sequence: (s) => s.stopSequence,
}
