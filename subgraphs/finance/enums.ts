/**
 * How finance serves its database enums: for each, a checked map from the stored value (the
 * standards' spelling) to the GraphQL enum value (see subgraphs/kit/enums.ts).
 */
import type * as t from './db/schema.ts'
import { enumMap } from '../kit/index.ts'
import type { FeeCategory, MealTransactionKind, PaymentMethod } from './generated/resolvers.ts'

export const FEE_CATEGORY = enumMap<typeof t.feeCategory, FeeCategory>()({
  'Course fee': 'COURSE_FEE',
  'Activity fee': 'ACTIVITY_FEE',
  'Technology fee': 'TECHNOLOGY_FEE',
  'Field trip': 'FIELD_TRIP',
  'Library fine': 'LIBRARY_FINE',
  Athletics: 'ATHLETICS',
  'Instrument rental': 'INSTRUMENT_RENTAL',
})

export const PAYMENT_METHOD = enumMap<typeof t.paymentMethod, PaymentMethod>()({
  Card: 'CARD',
  Cash: 'CASH',
  Check: 'CHECK',
  Online: 'ONLINE',
})

export const MEAL_TRANSACTION_KIND = enumMap<typeof t.mealTransactionKind, MealTransactionKind>()({
  Purchase: 'PURCHASE',
  Deposit: 'DEPOSIT',
  Adjustment: 'ADJUSTMENT',
})
