/**
 * What the seed sets aside while it loads, and puts back exactly as it was: the indexes (primary
 * keys and unique constraints too) and foreign keys of the subgraphs' tables, and their triggers.
 * Building an index once over loaded rows is a sort; keeping it through millions of inserts is as
 * many random writes. The triggers only fill the outboxes, which the seed empties anyway (its
 * rows are history, not news). Each definition is read from the catalog and kept in a journal
 * table (`drizzle.seed_set_aside`) before it is dropped, and each step of the restore removes its
 * own journal row in the same transaction: a seed interrupted in between leaves the journal, and
 * the next seed restores it before anything else.
 */
import { sql } from 'drizzle-orm'
import { rowsOf, type Database } from '../client.ts'
import type { SeedProgress } from './progress.ts'

const JOURNAL = 'drizzle.seed_set_aside'

/** Restore phases, in order: keys and indexes first (foreign keys need the keys they reference). */
const PHASE = { index: 1, foreignKey: 2, validate: 3, trigger: 4 } as const
type Phase = (typeof PHASE)[keyof typeof PHASE]

interface Step {
  phase: Phase
  statement: string
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`

/**
 * Drops the indexes and foreign keys of every table in `schemas` (and foreign keys into them) and
 * disables their enabled triggers, in one transaction, journalling how to put each back.
 */
export async function setAsideIndexes(database: Database, schemas: readonly string[]): Promise<void> {
  const db = database.drizzle('seed')
  const inSchemas = sql.join(schemas.map((s) => sql`${s}`), sql`, `)
  const tables = sql`(select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'r' and n.nspname in (${inSchemas}))`
  const constraints = rowsOf<{ tableName: string; name: string; kind: string; definition: string; validated: boolean }>(
    await db.execute(sql`select con.conrelid::regclass::text as "tableName", quote_ident(con.conname) as name, con.contype::text as kind,
        pg_get_constraintdef(con.oid) as definition, con.convalidated as validated
      from pg_constraint con
      where (con.contype in ('p', 'u', 'x') and con.conrelid in ${tables}) or (con.contype = 'f' and (con.conrelid in ${tables} or con.confrelid in ${tables}))
      order by con.contype, 1, 2`),
  )
  const indexes = rowsOf<{ name: string; definition: string }>(
    await db.execute(sql`select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
      from pg_index i
      where i.indrelid in ${tables} and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.contype in ('p', 'u', 'x'))
      order by 1`),
  )
  const triggers = rowsOf<{ tableName: string; name: string }>(
    await db.execute(sql`select tgrelid::regclass::text as "tableName", quote_ident(tgname) as name
      from pg_trigger where tgrelid in ${tables} and not tgisinternal and tgenabled = 'O' order by 1, 2`),
  )
  const foreignKeys = constraints.filter((c) => c.kind === 'f')
  const keys = constraints.filter((c) => c.kind !== 'f')

  const drops = [
    ...foreignKeys.map((c) => `alter table ${c.tableName} drop constraint ${c.name}`),
    ...keys.map((c) => `alter table ${c.tableName} drop constraint ${c.name}`),
    ...indexes.map((i) => `drop index ${i.name}`),
    ...triggers.map((t) => `alter table ${t.tableName} disable trigger ${t.name}`),
  ]
  const restores: Step[] = [
    ...keys.map((c) => ({ phase: PHASE.index, statement: `alter table ${c.tableName} add constraint ${c.name} ${c.definition}` })),
    ...indexes.map((i) => ({ phase: PHASE.index, statement: i.definition })),
    // Added unchecked, then validated, several at once: adding a checked key locks both tables for the whole check.
    ...foreignKeys.map((c) => ({ phase: PHASE.foreignKey, statement: `alter table ${c.tableName} add constraint ${c.name} ${c.definition}${c.validated ? ' not valid' : ''}` })),
    ...foreignKeys.filter((c) => c.validated).map((c) => ({ phase: PHASE.validate, statement: `alter table ${c.tableName} validate constraint ${c.name}` })),
    ...triggers.map((t) => ({ phase: PHASE.trigger, statement: `alter table ${t.tableName} enable trigger ${t.name}` })),
  ]
  const journal = restores.map((s, i) => `(${i + 1}, ${s.phase}, ${quote(s.statement)})`)
  await database.executeSql(
    [
      'begin',
      `create table ${JOURNAL} (step int primary key, phase int not null, statement text not null)`,
      ...(journal.length ? [`insert into ${JOURNAL} (step, phase, statement) values ${journal.join(', ')}`] : []),
      ...drops,
      'commit',
    ].join(';\n'),
  )
}

/**
 * Puts back what `setAsideIndexes` journalled (nothing when there is no journal): index builds
 * and foreign-key checks `parallel` at a time, each step with its journal row.
 */
export async function restoreIndexes(database: Database, parallel: number, progress: SeedProgress = () => {}): Promise<void> {
  const db = database.drizzle('seed')
  const [journal] = rowsOf<{ exists: boolean }>(await db.execute(sql`select to_regclass(${JOURNAL}) is not null as exists`))
  if (!journal?.exists) return
  const steps = rowsOf<{ step: number; phase: Phase; statement: string }>(await db.execute(sql.raw(`select step, phase, statement from ${JOURNAL} order by step`)))
  // A sort in memory rather than on disk for the largest tables' indexes (the server's default is 64 MB).
  const settings = database.target.kind === 'server' ? "set local maintenance_work_mem = '256MB';\n" : ''
  const run = (step: { step: number; statement: string }) =>
    database.executeSql(`begin;\n${settings}${step.statement};\ndelete from ${JOURNAL} where step = ${step.step};\ncommit`)
  const started = Date.now()
  for (const phase of [PHASE.index, PHASE.foreignKey, PHASE.validate, PHASE.trigger]) {
    const pending = steps.filter((s) => s.phase === phase)
    // Unchecked foreign keys and triggers are catalogue changes that lock two tables: one at a time.
    const width = phase === PHASE.index || phase === PHASE.validate ? parallel : 1
    await Promise.all(
      Array.from({ length: Math.min(width, pending.length) }, async () => {
        try {
          for (let step = pending.shift(); step; step = pending.shift()) await run(step)
        } catch (error) {
          // The other workers stop after their current step; what is left stays in the journal.
          pending.length = 0
          throw error
        }
      }),
    )
    if (phase === PHASE.index) progress(`indexes and keys rebuilt (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    if (phase === PHASE.validate) progress(`foreign keys checked (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  }
  await db.execute(sql.raw(`drop table ${JOURNAL}`))
}

/** True when a seed set things aside and did not put them back: the district it left is partial. */
export async function seedUnfinished(database: Database): Promise<boolean> {
  const db = database.drizzle('seed')
  const [journal] = rowsOf<{ present: boolean }>(await db.execute(sql.raw(`select to_regclass('${JOURNAL}') is not null as present`)))
  if (!journal?.present) return false
  const [row] = rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from ${JOURNAL}`)))
  return (row?.n ?? 0) > 0
}
