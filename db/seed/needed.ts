/**
 * Whether a database needs the demo district: the one question a serving process asks of the
 * seed. Kept apart from the seed itself (index.ts), which loads faker and its locales (~17 MB of
 * heap): `npm start` imports the seed only when there is something to seed.
 */
import { sql } from 'drizzle-orm'
import { rowsOf, type Database } from '../client.ts'
import { seedUnfinished } from './indexes.ts'

/**
 * Whether the database needs the seed: empty (academics holds no school yet), or holding what a
 * seed stopped half-way left (a partial district, its indexes set aside): 'partial' is seeded
 * again from scratch (reseedDistrict), which puts the indexes back first.
 */
export async function seedNeeded(database: Database): Promise<'empty' | 'partial' | false> {
  if (await seedUnfinished(database)) return 'partial'
  return (await isEmpty(database)) ? 'empty' : false
}

/** True when academics holds no school yet (the seed's "empty database"). */
export async function isEmpty(database: Database): Promise<boolean> {
  const rows = rowsOf<{ n: number }>(await database.drizzle('seed').execute(sql`select count(*)::int as n from academics.schools`))
  return (rows[0]?.n ?? 0) === 0
}
