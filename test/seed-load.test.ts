/**
 * How the seed loads: rows go in by COPY exactly as given (tabs, newlines, backslashes, quotes and
 * braces in text and in arrays; nulls apart from empty text), a row the database rejects fails the
 * load with the database's own words instead of hanging, and the indexes, keys and triggers the
 * seed sets aside while it loads come back exactly as the migrations made them, also after a seed
 * that stopped half-way.
 */
import { sql } from 'drizzle-orm'
import { boolean, date, integer, numeric, pgSchema, text, timestamp } from 'drizzle-orm/pg-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDatabase, rowsOf, type Database } from '../db/client.ts'
import { migrateSubgraphs } from '../db/migrate.ts'
import { createSeedLoader } from '../db/seed/bulk.ts'
import { restoreIndexes, setAsideIndexes } from '../db/seed/indexes.ts'
import { seedNeeded } from '../db/seed/index.ts'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'
import { recreateDatabase } from './support/global-setup.ts'

const scratch = pgSchema('seed_load')
const notes = scratch.table('notes', {
  id: integer('id').notNull(),
  body: text('body'),
  tags: text('tags').array(),
  writtenAt: timestamp('written_at', { withTimezone: true }),
  day: date('day'),
  kept: boolean('kept'),
  amount: numeric('amount', { precision: 5, scale: 2, mode: 'number' }),
})

/** A database of this file's own: in memory on the embedded project, a fresh one on the server. */
async function openScratchDatabase(): Promise<Database> {
  const target = inject('testDatabase')
  if (target.kind === 'embedded') return openDatabase({ kind: 'memory' })
  const url = await recreateDatabase(target.url, `${new URL(target.url).pathname.slice(1)}_seed_load`)
  return openDatabase({ kind: 'server', url })
}

/** What the migrations made and the seed must leave as it found: every index, constraint and trigger of the subgraphs' schemas. */
async function catalogue(database: Database): Promise<string[]> {
  const schemas = sql.join(SUBGRAPH_NAMES.map((n) => sql`${n}`), sql`, `)
  const rows = rowsOf<{ entry: string }>(
    await database.drizzle('test').execute(sql`
      select 'index ' || schemaname || '.' || indexname || ': ' || indexdef as entry from pg_indexes where schemaname in (${schemas})
      union all
      select 'constraint ' || c.conrelid::regclass::text || '.' || c.conname || ': ' || pg_get_constraintdef(c.oid) || ' validated ' || c.convalidated::text
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname in (${schemas})
      union all
      select 'trigger ' || t.tgrelid::regclass::text || '.' || t.tgname || ': ' || t.tgenabled::text
        from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname in (${schemas}) and not t.tgisinternal
      order by 1`),
  )
  return rows.map((r) => r.entry)
}

let database: Database
beforeAll(async () => {
  database = await openScratchDatabase()
  await migrateSubgraphs(database, SUBGRAPH_NAMES)
  await database.executeSql(`create schema seed_load;
    create table seed_load.notes (id int not null, body text, tags text[], written_at timestamptz, day date, kept boolean, amount numeric(5, 2))`)
})
afterAll(() => database.close())

describe('the seed’s bulk load', () => {
  it('stores every row as given, whatever its text holds', async () => {
    const rows = [
      { id: 1, body: 'tab\there, newline\nthere, return\r, backslash \\ and \\N', tags: ['a,b', '{braces}', 'say "hi"', 'back\\slash', 'tab\tin'], writtenAt: new Date('2026-11-20T19:42:00Z'), day: '2026-11-20', kept: true, amount: 12.5 },
      { id: 2, body: '', tags: [], writtenAt: null, day: null, kept: false, amount: -0.25 },
      { id: 3, body: null, tags: null, writtenAt: new Date('2027-03-03T05:00:00Z'), day: '2027-03-03', kept: null, amount: null },
      { id: 4, body: 'Cảm ơn thầy cô · 非常感谢 · شكرًا', tags: ['NULL', ''], writtenAt: null, day: null, kept: null, amount: 999.99 },
    ]
    const loader = createSeedLoader(database, database.drizzle('test'), 2)
    await loader.load(notes, rows)
    await loader.finish()
    expect(loader.loaded).toBe(4)
    expect(await database.drizzle('test').select().from(notes).orderBy(notes.id)).toStrictEqual(rows)
  })

  it('fails with the database’s words when a row is refused, rather than hang', async () => {
    const loader = createSeedLoader(database, database.drizzle('test'), 2)
    // The failure shows in whichever comes next: the load (embedded, it runs at once) or the wait for all.
    const loading = async () => {
      await loader.load(notes, [{ id: 5, body: 'too much', amount: 12_345.5 }])
      await loader.finish()
    }
    await expect(loading()).rejects.toThrow('Loading "seed_load"."notes" failed: numeric field overflow')
  })
})

describe('what the seed sets aside while it loads', () => {
  it('comes back exactly as the migrations made it, also when a seed stopped half-way', async () => {
    const migrated = await catalogue(database)
    expect(migrated.filter((e) => e.startsWith('index ')).length).toBeGreaterThan(100)
    await setAsideIndexes(database, SUBGRAPH_NAMES)
    const setAside = await catalogue(database)
    // Only NOT NULL constraints stay (PostgreSQL 18 lists them; 15 does not), and the triggers, disabled.
    expect(setAside.filter((e) => e.startsWith('index ') || / (PRIMARY KEY|UNIQUE|FOREIGN KEY)/.test(e))).toStrictEqual([])
    expect(setAside.filter((e) => e.startsWith('trigger ')).every((e) => e.endsWith(': D'))).toBe(true)
    // npm start and npm run seed see what is left as a partial district, to be seeded again from scratch.
    expect(await seedNeeded(database)).toBe('partial')
    // The next seed finds the journal and puts everything back before it sets anything aside again.
    await restoreIndexes(database, 2)
    expect(await catalogue(database)).toStrictEqual(migrated)
    const [journal] = rowsOf<{ name: string | null }>(await database.drizzle('test').execute(sql`select to_regclass('drizzle.seed_set_aside')::text as name`))
    expect(journal?.name).toBeNull()
    expect(await seedNeeded(database)).toBe('empty')
  })
})
