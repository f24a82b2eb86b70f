/**
 * Bulk inserts for the seed: one `INSERT … SELECT FROM unnest(…)` per chunk, every column
 * passed as one text array and cast to its type, so a chunk is a handful of parameters
 * whatever its size (PGlite and postgres.js both accept it; ~3x drizzle's `.values()`).
 */
import { getTableColumns, sql, type SQL } from 'drizzle-orm'
import { getTableConfig, PgEnumColumn, type PgColumn, type PgTable } from 'drizzle-orm/pg-core'
import type { Db } from '../client.ts'

const CHUNK = 10_000

function castOf(column: PgColumn): string {
  if (column instanceof PgEnumColumn) {
    const { enumName, schema } = column.enum
    return schema ? `"${schema}"."${enumName}"` : `"${enumName}"`
  }
  return column.getSQLType()
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  throw new Error(`bulkInsert cannot store ${typeof value} values`)
}

/** Inserts `rows` (the table's camelCase keys; every row with the same keys) into `table`. */
export async function bulkInsert<T extends PgTable>(db: Db, table: T, rows: ReadonlyArray<T['$inferInsert']>): Promise<void> {
  const first = rows[0]
  if (!first) return
  const columns = getTableColumns(table) as Record<string, PgColumn>
  const keys = Object.keys(first).filter((key) => columns[key])
  const { name, schema } = getTableConfig(table)
  const target = schema ? `"${schema}"."${name}"` : `"${name}"`
  const columnList = sql.raw(keys.map((key) => `"${columns[key]?.name}"`).join(', '))
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK)
    const arrays: SQL[] = keys.map((key) => {
      const column = columns[key] as PgColumn
      const values = chunk.map((row) => text((row as Record<string, unknown>)[key]))
      return sql`${sql.param(values)}::text[]::${sql.raw(castOf(column))}[]`
    })
    await db.execute(sql`insert into ${sql.raw(target)} (${columnList}) select * from unnest(${sql.join(arrays, sql`, `)})`)
  }
}
