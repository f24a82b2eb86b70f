/** Small helpers for per-request DataLoaders: one SQL statement per batch, results in key order. */

/** Groups `rows` by `key(row)` and returns one list per requested key, in the keys' order. */
export function groupBy<Row>(keys: readonly string[], rows: readonly Row[], key: (row: Row) => string): Row[][] {
  const groups = new Map<string, Row[]>()
  for (const row of rows) {
    const k = key(row)
    const list = groups.get(k)
    if (list) list.push(row)
    else groups.set(k, [row])
  }
  return keys.map((k) => groups.get(k) ?? [])
}

/** One row (or null) per requested key, in the keys' order. */
export function byKey<Row>(keys: readonly string[], rows: readonly Row[], key: (row: Row) => string): Array<Row | null> {
  const map = new Map(rows.map((row) => [key(row), row]))
  return keys.map((k) => map.get(k) ?? null)
}

import { sql, type Column, type SQL } from 'drizzle-orm'

/**
 * `column = any($1::uuid[])`: one parameter whatever the number of ids (an `in (…)` list
 * breaks past a few thousand, and PGlite's error for it is misleading).
 */
export function uuidIn(column: Column, ids: readonly string[]): SQL {
  return sql`${column} = any(${sql.param([...ids])}::text[]::uuid[])`
}

/** `column = any(:ids)`: `uuidIn` for a statement prepared once, the ids given on each execution. */
export function uuidInPlaceholder(column: Column, name = 'ids'): SQL {
  return sql`${column} = any(${sql.placeholder(name)}::text[]::uuid[])`
}

/** What drizzle's `.prepare()` gives: a statement executed with its placeholders' values. */
interface Prepared<Result> {
  execute(values?: Record<string, unknown>): Promise<Result>
}

const prepared = new WeakMap<object, Map<string, Prepared<unknown>>>()

/**
 * The statement `build` makes, built and prepared once per database handle and name, then only
 * executed: a loader's batch no longer builds its SQL through drizzle's query builder (its `is()`
 * checks and SQL assembly were the largest part of a subgraph's own CPU in issue 11's profiles).
 * A write's transaction is a handle of its own: what it runs is prepared on it, for it alone.
 */
export function preparedOnce<Result>(db: object, name: string, build: () => Prepared<Result>): Prepared<Result> {
  let forDb = prepared.get(db)
  if (!forDb) prepared.set(db, (forDb = new Map<string, Prepared<unknown>>()))
  let statement = forDb.get(name) as Prepared<Result> | undefined
  if (!statement) forDb.set(name, (statement = build()))
  return statement
}
