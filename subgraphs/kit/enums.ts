/**
 * Typed maps from a database enum's values (the standards' own spelling: 'Unit Test',
 * 'fully graded', 'Eligible - Distance') to a GraphQL enum's values (UNIT_TEST, FULLY_GRADED,
 * ELIGIBLE_DISTANCE). The compiler checks a map both ways, so a value added on one side only
 * fails the typecheck instead of reaching a client as a value the schema does not have:
 * - every database value has a GraphQL value (and no key names a value the database lacks);
 * - every GraphQL value is the image of some database value.
 * test/enum-map.test-d.ts shows each one-sided change failing.
 */

/** A drizzle pgEnum (or anything else that lists its values). */
export interface DbEnum {
  readonly enumValues: readonly string[]
}

/** The values of a drizzle pgEnum, as its columns are typed. */
export type DbEnumValue<E extends DbEnum> = E['enumValues'][number]

/** A checked map: each database value to its GraphQL value. */
export type EnumMap<E extends DbEnum, Gql extends string> = Readonly<Record<DbEnumValue<E>, Gql>>

/** `unknown` (no constraint) when `Map` reaches every GraphQL value; otherwise names those it misses. */
type ReachesEvery<Gql extends string, Map extends Record<string, Gql>> = [Exclude<Gql, Map[keyof Map]>] extends [never]
  ? unknown
  : { 'GraphQL values no database value maps to': Exclude<Gql, Map[keyof Map]> }

/** `unknown` when every key of `Map` is a database value; otherwise names the others. */
type KeysIn<Db extends string, Map> = [Exclude<keyof Map, Db>] extends [never]
  ? unknown
  : { 'keys that are not database values': Exclude<keyof Map, Db> }

/**
 * `enumMap<typeof t.scoreStatus, ScoreStatus>()({ exempt: 'EXEMPT', … })`: the database enum
 * `E` (a drizzle pgEnum's type) to the codegen'd GraphQL enum `Gql` (a string union, with
 * `enumsAsTypes`). Two calls, because TypeScript cannot take `E` and `Gql` as given and infer the
 * map's own literal type in the same call.
 */
export function enumMap<E extends DbEnum, Gql extends string>() {
  return <const Map extends Record<DbEnumValue<E>, Gql>>(map: Map & KeysIn<DbEnumValue<E>, Map> & ReachesEvery<Gql, Map>): EnumMap<E, Gql> =>
    Object.freeze(map)
}
