import { toGraphQLEnum } from '../../kit/index.ts'
import type {
  BusAssignmentResolvers,
  BusStopResolvers,
  DayOfWeek,
  StudentTransportationResolvers,
  TransportationEligibility,
  TransportationType,
  TravelDirection,
} from '../generated/resolvers.ts'

export const StudentTransportation: StudentTransportationResolvers = {
  transportationType: (r) => toGraphQLEnum<TransportationType>(r.transportationType),
  eligibility: (r) => toGraphQLEnum<TransportationEligibility>(r.eligibility),
  daysOfWeek: (r) => r.daysOfWeek.map((day) => toGraphQLEnum<DayOfWeek>(day)),
}

export const BusAssignment: BusAssignmentResolvers = {
  busNumber: (a) => a.route.busNumber,
  routeNumber: (a) => a.route.routeNumber,
  direction: (a) => toGraphQLEnum<TravelDirection>(a.route.direction),
  schoolArrivalTime: (a) => (a.route.direction === 'To School' ? a.route.schoolTime : null),
  schoolDepartureTime: (a) => (a.route.direction === 'From School' ? a.route.schoolTime : null),
  notes: (a) => a.route.notes,
}

export const BusStop: BusStopResolvers = {
  sequence: (s) => s.stopSequence,
}
