/**
 * GraphQL enum values are the standards' values in SCREAMING_CASE:
 * 'Unit Test' → UNIT_TEST, 'fully graded' → FULLY_GRADED, 'Eligible - Distance' → ELIGIBLE_DISTANCE.
 */
export function toGraphQLEnum<T extends string>(value: string): T {
  return value
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '') as T
}
