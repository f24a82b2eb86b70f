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
