/**
 * A digest of every seeded row in the six subgraph schemas (or some of them), less the bookkeeping timestamps (each row hashed first, so a large district fits in memory):
 * two seeds of the same size and the same "today" give the same digest.
 */
import { sql } from 'drizzle-orm'
import { rowsOf, type Database } from '../client.ts'
import { SUBGRAPH_NAMES } from '../../lib/subgraphs.ts'

/** Tables the running graph writes, not the seed: the record of disclosures grows with every read. */
const RUNTIME_TABLES = new Set(['academics.disclosures'])
/** Tables the seed fills with history and the running graph adds to: only the seeded days (through `asOf`) count. */
const seededPart = (asOf: string): Record<string, string> => ({ 'academics.portal_sign_ins': `where signed_in_on <= '${asOf}'` })

/** `asOf`: the last day the seeded data reaches (the plan's `asOf`); `schemas`: the subgraphs whose tables count. */
export async function digestDatabase(database: Database, asOf: string, schemas: readonly string[] = SUBGRAPH_NAMES): Promise<{ digest: string; rows: Record<string, number> }> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`asOf must be a date, not "${asOf}".`)
  const SEEDED_PART = seededPart(asOf)
  const db = database.drizzle('digest')
  const tables = rowsOf<{ schema: string; name: string }>(
    await db.execute(sql`select table_schema as schema, table_name as name from information_schema.tables
      where table_schema in (${sql.join(schemas.map((n) => sql`${n}`), sql`, `)}) and table_type = 'BASE TABLE'
      order by table_schema, table_name`),
  )
  const parts: string[] = []
  const rows: Record<string, number> = {}
  for (const { schema, name } of tables) {
    if (RUNTIME_TABLES.has(`${schema}.${name}`)) continue
    const [row] = rowsOf<{ n: number; digest: string | null }>(
      await db.execute(
        sql.raw(`select count(*)::int as n, md5(string_agg(md5((to_jsonb(t) - 'created_at' - 'updated_at')::text), '' order by md5((to_jsonb(t) - 'created_at' - 'updated_at')::text))) as digest from "${schema}"."${name}" t ${SEEDED_PART[`${schema}.${name}`] ?? ''}`),
      ),
    )
    rows[`${schema}.${name}`] = row?.n ?? 0
    parts.push(`${schema}.${name}:${row?.n ?? 0}:${row?.digest ?? ''}`)
  }
  const [total] = rowsOf<{ digest: string }>(await db.execute(sql`select md5(${parts.join('\n')}) as digest`))
  return { digest: total?.digest ?? '', rows }
}
