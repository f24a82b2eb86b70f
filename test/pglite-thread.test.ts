/**
 * The embedded database on its own thread (db/pglite-thread.ts, db/pglite-worker.ts): the same
 * answers as PGlite in the caller's thread for every shape the graph reads, errors with every
 * field the graph looks at, transactions that commit, roll back and keep other statements waiting,
 * a COPY and a dump that round-trip, a parser that cannot cross refused in words, a closed
 * database that answers with its own code, and a process that forgot to close it still ending.
 * In-memory databases on either project (the thread is the same whatever serves the graph).
 */
import { spawnSync } from 'node:child_process'
import { PGlite, types, type QueryOptions } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPgliteThread, type PgliteThread } from '../db/pglite-thread.ts'

/** What drizzle's PGlite driver asks for: rows as arrays, dates and numerics as text. */
const DRIZZLE: QueryOptions = {
  rowMode: 'array',
  parsers: { [types.TIMESTAMP]: (v) => v, [types.TIMESTAMPTZ]: (v) => v, [types.DATE]: (v) => v, [types.INTERVAL]: (v) => v, 1231: (v) => v },
}

const SCHEMA = `
  create table results (id uuid primary key, student uuid not null, due date not null, points numeric(7,2), at timestamptz, tags text[], meta jsonb, missing boolean not null, weight bigint, photo bytea);
  insert into results values
    ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000a1', '2026-11-20', 9.5, '2026-11-20T08:00:00Z', '{quiz,short}', '{"k": 1}', false, 9007199254740993, '\\x0102'),
    ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-0000000000a1', '2026-11-22', null, null, '{}', null, true, null, null),
    ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-0000000000b2', '2026-11-25', 10, '2026-11-25T09:30:00Z', '{essay}', '{"k": [2, 3]}', false, 3, '\\x');`

const A1 = '00000000-0000-4000-8000-0000000000a1'
const B2 = '00000000-0000-4000-8000-0000000000b2'
const count = async (db: PgliteThread, student: string) => (await db.query<{ n: number }>('select count(*)::int as n from results where student = $1', [student])).rows[0]?.n

describe('the embedded database on its own thread', () => {
  let local: PGlite
  let db: PgliteThread

  beforeAll(async () => {
    ;[local, db] = await Promise.all([PGlite.create(), openPgliteThread({})])
    await Promise.all([local.exec(SCHEMA), db.exec(SCHEMA)])
  })
  afterAll(async () => {
    await Promise.all([local.close(), db.close()])
  })

  const statements: Array<[string, string, unknown[]]> = [
    ['an array of ids cast to uuid[]', 'select * from results where student = any($1::text[]::uuid[]) order by due desc', [[A1]]],
    ['a date range and a boolean', 'select id, due, points, missing from results where due between $1 and $2 and missing = $3 order by id', ['2026-11-01', '2026-11-30', false]],
    ['a null parameter', 'select id from results where points is not distinct from $1 order by id', [null]],
    ['JSON in and out', 'select id, meta, $1::jsonb as echoed from results where meta is not null order by id', [{ a: [1, 'two'] }]],
    ['bytes and a bigint in and out', 'select id, photo, weight, $1::bytea as echoed from results where weight > $2 order by id', [new Uint8Array([7, 8]), 2]],
    ['a count and a sum', 'select count(*)::int as n, sum(points) as total from results where student = any($1::uuid[])', [[A1, B2]]],
    ['no parameters at all', 'select id, at, tags from results order by id', []],
  ]

  it.each(statements)('answers %s as PGlite in this thread does, in both row modes', async (_name, text, params) => {
    for (const options of [DRIZZLE, undefined]) {
      const expected = await local.query(text, params, options)
      for (let i = 0; i < 2; i++) {
        const answer = await db.query(text, params, options)
        expect({ rows: answer.rows, fields: answer.fields, affectedRows: answer.affectedRows }).toStrictEqual({ rows: expected.rows, fields: expected.fields, affectedRows: expected.affectedRows })
      }
    }
  })

  it('runs many statements at once, each answered with its own rows', async () => {
    const students = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? A1 : B2))
    const answers = await Promise.all(students.map((student) => count(db, student)))
    expect(answers).toStrictEqual(students.map((student) => (student === A1 ? 2 : 1)))
  })

  it("fails with the database's code and fields, and the next statement runs", async () => {
    const insert = 'insert into results (id, student, due, missing) values ($1, $2, $3, $4)'
    const row = ['00000000-0000-4000-8000-000000000009', B2, '2026-11-26', false]
    await db.query(insert, row)
    const failure: unknown = await db.query(insert, row).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(Error)
    expect(failure).toMatchObject({ code: '23505', constraint: 'results_pkey', table: 'results', message: 'duplicate key value violates unique constraint "results_pkey"' })
    expect(await count(db, B2)).toBe(2)
    await db.query('delete from results where id = $1', [row[0]])
  })

  it('commits a transaction, and rolls one back when its callback throws', async () => {
    const C3 = '00000000-0000-4000-8000-0000000000c3'
    const answer = await db.transaction(async (tx) => {
      await tx.query("insert into results (id, student, due, missing) values ('00000000-0000-4000-8000-00000000000c', $1, '2026-11-27', true)", [C3])
      return (await tx.query<{ n: number }>('select count(*)::int as n from results where student = $1', [C3])).rows
    })
    expect(answer).toStrictEqual([{ n: 1 }])
    const failure = await db
      .transaction(async (tx) => {
        await tx.exec("insert into results (id, student, due, missing) values ('00000000-0000-4000-8000-00000000000d', '00000000-0000-4000-8000-0000000000c3', '2026-11-28', true)")
        throw new Error('changed my mind')
      })
      .catch((error: unknown) => error)
    expect(failure).toMatchObject({ message: 'changed my mind' })
    const rolledBack = await db.transaction(async (tx) => {
      await tx.query("insert into results (id, student, due, missing) values ('00000000-0000-4000-8000-00000000000e', $1, '2026-11-29', true)", [C3])
      await tx.rollback()
      return tx.closed
    })
    expect(rolledBack).toBe(true)
    expect((await db.query('select id from results where student = $1 order by id', [C3])).rows).toStrictEqual([{ id: '00000000-0000-4000-8000-00000000000c' }])
    await db.query('delete from results where student = $1', [C3])
  })

  it('keeps a statement from outside a transaction waiting until it commits', async () => {
    const D4 = '00000000-0000-4000-8000-0000000000d4'
    const events: string[] = []
    let release = () => {}
    let inserted = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    const begun = new Promise<void>((resolve) => (inserted = resolve))
    const transaction = db.transaction(async (tx) => {
      await tx.query("insert into results (id, student, due, missing) values ('00000000-0000-4000-8000-00000000000f', $1, '2026-11-27', true)", [D4])
      inserted()
      await held
      events.push('committed')
    })
    await begun
    const read = count(db, D4).then((n) => {
      events.push('read')
      return n
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const waiting = [...events]
    release()
    await transaction
    expect({ waiting, read: await read, events }).toStrictEqual({ waiting: [], read: 1, events: ['committed', 'read'] })
    await db.query('delete from results where student = $1', [D4])
  })

  it('loads rows by COPY, and a dump of the database opens with the same rows', async () => {
    const E5 = '00000000-0000-4000-8000-0000000000e5'
    const encoder = new TextEncoder()
    const chunk = encoder.encode(`00000000-0000-4000-8000-000000000010\t${E5}\t2026-11-30\t\\N\t\\N\t{}\t\\N\tf\t\\N\t\\N\n`)
    await db.copyFrom('"results"', [chunk, encoder.encode(`00000000-0000-4000-8000-000000000011\t${E5}\t2026-12-01\t1.5\t\\N\t{}\t\\N\tt\t\\N\t\\N\n`)])
    // The caller's buffer is the caller's still.
    expect(chunk.byteLength).toBeGreaterThan(0)
    const rows = (await db.query('select * from results order by id')).rows
    const copy = await openPgliteThread({ loadDataDir: await (await db.dumpDataDir('gzip')).arrayBuffer() })
    try {
      expect((await copy.query('select * from results order by id')).rows).toStrictEqual(rows)
      expect(rows).toHaveLength(5)
    } finally {
      await copy.close()
    }
  })

  it('refuses a parser that does not keep the text, in words, before sending anything', async () => {
    const failure: unknown = await db.query('select 1 as one', [], { parsers: { [types.INT4]: (v) => Number(v) + 1 } }).catch((error: unknown) => error)
    expect(failure).toMatchObject({ message: "The embedded database's thread takes only parsers that keep a value's text (type 23 has another)." })
  })

  it('answers with EMBEDDED_DATABASE_STOPPED once closed, and a second close does nothing', async () => {
    const closing = await openPgliteThread({})
    await closing.query('select 1 as one where $1::int = 1', [1])
    await closing.close()
    await closing.close()
    expect(await closing.query('select 1 as one').catch((error: unknown) => error)).toMatchObject({ code: 'EMBEDDED_DATABASE_STOPPED' })
  })
})

describe('a process that never closes its embedded database', () => {
  it('still ends once its work is done', () => {
    const script = `
      import { openPgliteThread } from './db/pglite-thread.ts'
      const db = await openPgliteThread({})
      const { rows } = await db.query('select $1::int + 1 as two', [1])
      console.log(JSON.stringify(rows))`
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 })
    expect({ status: run.status, signal: run.signal, stdout: run.stdout.trim() }).toStrictEqual({ status: 0, signal: null, stdout: '[{"two":2}]' })
  })
})
