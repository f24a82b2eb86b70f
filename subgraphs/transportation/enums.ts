/**
 * How transportation serves its database enums: for each, a checked map from the stored value (the
 * standards' spelling) to the GraphQL enum value (see subgraphs/kit/enums.ts).
 */
import type * as t from './db/schema.ts'
import { enumMap } from '../kit/index.ts'
import type { DayOfWeek, TransportationEligibility, TransportationType, TravelDirection } from './generated/resolvers.ts'

export const TRANSPORTATION_TYPE = enumMap<typeof t.transportationType, TransportationType>()({
  'School Bus': 'SCHOOL_BUS',
  'School Van or SUV': 'SCHOOL_VAN_OR_SUV',
  'Special Needs Bus': 'SPECIAL_NEEDS_BUS',
  'General Public Transportation': 'GENERAL_PUBLIC_TRANSPORTATION',
  'Responsible for own transportation': 'RESPONSIBLE_FOR_OWN_TRANSPORTATION',
})

export const TRANSPORTATION_ELIGIBILITY = enumMap<typeof t.publicExpenseEligibilityType, TransportationEligibility>()({
  'Eligible - CTE': 'ELIGIBLE_CTE',
  'Eligible - Desegregation': 'ELIGIBLE_DESEGREGATION',
  'Eligible - Disability': 'ELIGIBLE_DISABILITY',
  'Eligible - Distance': 'ELIGIBLE_DISTANCE',
  'Eligible - Health Impaired': 'ELIGIBLE_HEALTH_IMPAIRED',
  'Eligible - Homelessness': 'ELIGIBLE_HOMELESSNESS',
  'Eligible - Shelter Care': 'ELIGIBLE_SHELTER_CARE',
  'Eligible - Special Instruction': 'ELIGIBLE_SPECIAL_INSTRUCTION',
  'Eligible - Unsafe Walk': 'ELIGIBLE_UNSAFE_WALK',
  'Eligible - Other': 'ELIGIBLE_OTHER',
  'Not Eligible': 'NOT_ELIGIBLE',
})

export const TRAVEL_DIRECTION = enumMap<typeof t.travelDirection, TravelDirection>()({
  'To School': 'TO_SCHOOL',
  'From School': 'FROM_SCHOOL',
})

export const DAY_OF_WEEK = enumMap<typeof t.travelDayOfWeek, DayOfWeek>()({
  Sunday: 'SUNDAY',
  Monday: 'MONDAY',
  Tuesday: 'TUESDAY',
  Wednesday: 'WEDNESDAY',
  Thursday: 'THURSDAY',
  Friday: 'FRIDAY',
  Saturday: 'SATURDAY',
})
