/**
 * Type tests of the kit's enum maps, run by `npm run typecheck` (tsc; vitest does not run this
 * file): a map compiles only when it covers every database value with a GraphQL value and
 * reaches every GraphQL value, so a value added on one side only fails the build. Each
 * `@ts-expect-error` below is such a one-sided change; tsc fails if it stops being an error.
 */
import { expectTypeOf } from 'vitest'
import type * as t from '../subgraphs/academics/db/schema.ts'
import { SCORE_STATUS } from '../subgraphs/academics/enums.ts'
import type { ScoreStatus } from '../subgraphs/academics/generated/resolvers.ts'
import { enumMap, type DbEnumValue } from '../subgraphs/kit/enums.ts'

// A lookup by any stored value is a GraphQL value: no cast, no undefined.
expectTypeOf(SCORE_STATUS).toEqualTypeOf<Readonly<Record<DbEnumValue<typeof t.scoreStatus>, ScoreStatus>>>()
expectTypeOf(SCORE_STATUS['fully graded']).toEqualTypeOf<ScoreStatus>()

/** score_status as the database would have it after a migration that adds 'late'. */
interface ScoreStatusWithLate {
  enumValues: [...(typeof t.scoreStatus)['enumValues'], 'late']
}

// @ts-expect-error the database gained 'late', which the map does not serve
enumMap<ScoreStatusWithLate, ScoreStatus>()({
  exempt: 'EXEMPT',
  'fully graded': 'FULLY_GRADED',
  'not submitted': 'NOT_SUBMITTED',
  'partially graded': 'PARTIALLY_GRADED',
  submitted: 'SUBMITTED',
})

// @ts-expect-error the schema gained LATE, which no database value maps to
enumMap<typeof t.scoreStatus, ScoreStatus | 'LATE'>()({
  exempt: 'EXEMPT',
  'fully graded': 'FULLY_GRADED',
  'not submitted': 'NOT_SUBMITTED',
  'partially graded': 'PARTIALLY_GRADED',
  submitted: 'SUBMITTED',
})

// @ts-expect-error 'late' is not a database value (one removed by a migration, or a typo)
enumMap<typeof t.scoreStatus, ScoreStatus>()({
  exempt: 'EXEMPT',
  'fully graded': 'FULLY_GRADED',
  'not submitted': 'NOT_SUBMITTED',
  'partially graded': 'PARTIALLY_GRADED',
  submitted: 'SUBMITTED',
  late: 'SUBMITTED',
})

enumMap<typeof t.scoreStatus, ScoreStatus>()({
  exempt: 'EXEMPT',
  'fully graded': 'FULLY_GRADED',
  // @ts-expect-error NOT_HANDED_IN is not a value of the GraphQL enum
  'not submitted': 'NOT_HANDED_IN',
  'partially graded': 'PARTIALLY_GRADED',
  submitted: 'SUBMITTED',
})
