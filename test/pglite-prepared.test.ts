/**
 * The embedded database's named prepared statements (db/pglite-prepared.ts): the same answers as
 * PGlite's own `query()` for every shape the graph reads (arrays, dates, numbers, nulls, JSON,
 * in drizzle's array mode with its parsers and in object mode), each text prepared once, a failed
 * statement's error with its code and the next statement fine, and a statement asked for while a
 * transaction runs waits for it rather than running inside it. In-memory PGlite: the embedded
 * project only.
 */
import { PGlite, types, type QueryOptions } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { preparedQuery, type PgliteQuery } from '../db/pglite-prepared.ts'

const target = inject('testDatabase')

/** What drizzle's PGlite driver asks for: rows as arrays, dates and numerics as text. */
const DRIZZLE: QueryOptions = {
  rowMode: 'array',
  parsers: { [types.TIMESTAMP]: (v) => v, [types.TIMESTAMPTZ]: (v) => v, [types.DATE]: (v) => v, [types.INTERVAL]: (v) => v, 1231: (v) => v },
}

describe.skipIf(target.kind !== 'embedded')('named prepared statements on the embedded database', () => {
  let pg: PGlite
  let query: PgliteQuery
  const prepared = async () => (await pg.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements where name like 'dg\\_%'")).rows[0]?.n

  beforeAll(async () => {
    pg = await PGlite.create()
    query = preparedQuery(pg)
    await pg.exec(`
      create table results (id uuid primary key, student uuid not null, due date not null, points numeric(7,2), at timestamptz, tags text[], meta jsonb, missing boolean not null);
      insert into results values
        ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000a1', '2026-11-20', 9.5, '2026-11-20T08:00:00Z', '{quiz,short}', '{"k": 1}', false),
        ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-0000000000a1', '2026-11-22', null, null, '{}', null, true),
        ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-0000000000b2', '2026-11-25', 10, '2026-11-25T09:30:00Z', '{essay}', '{"k": [2, 3]}', false);`)
  })
  afterAll(async () => {
    await pg.close()
  })

  const statements: Array<[string, string, unknown[]]> = [
    ['an array of ids cast to uuid[]', 'select * from results where student = any($1::text[]::uuid[]) order by due desc', [['00000000-0000-4000-8000-0000000000a1']]],
    ['a date range and a boolean', 'select id, due, points, missing from results where due between $1 and $2 and missing = $3 order by id', ['2026-11-01', '2026-11-30', false]],
    ['a null parameter', 'select id from results where points is not distinct from $1 order by id', [null]],
    ['JSON in and out', "select id, meta, $1::jsonb as echoed from results where meta is not null order by id", [{ a: [1, 'two'] }]],
    ['a count and a sum', 'select count(*)::int as n, sum(points) as total from results where student = any($1::uuid[])', [['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000b2']]],
  ]

  it.each(statements)('answers %s as PGlite does, in both row modes, each time', async (_name, text, params) => {
    for (const options of [DRIZZLE, undefined]) {
      const expected = await pg.query(text, params, options)
      for (let i = 0; i < 3; i++) {
        const answer = await query(text, params, options)
        expect({ rows: answer.rows, fields: answer.fields }).toStrictEqual({ rows: expected.rows, fields: expected.fields })
      }
    }
  })

  it('prepares each text once, and passes a statement without parameters to PGlite', async () => {
    const before = await prepared()
    const text = 'select id from results where student = $1 order by id'
    for (let i = 0; i < 5; i++) await query(text, ['00000000-0000-4000-8000-0000000000b2'])
    await query('select 1 as one')
    expect(await prepared()).toBe((before ?? 0) + 1)
  })

  it("fails as PGlite does, with the database's code, and the next statement runs", async () => {
    const insert = 'insert into results (id, student, due, missing) values ($1, $2, $3, $4)'
    const row = ['00000000-0000-4000-8000-000000000009', '00000000-0000-4000-8000-0000000000b2', '2026-11-26', false]
    await query(insert, row)
    const failure: unknown = await query(insert, row).catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: '23505' })
    expect((await query('select count(*)::int as n from results where id = $1', [row[0]])).rows).toStrictEqual([{ n: 1 }])
  })

  it('waits for a transaction in progress instead of running inside it', async () => {
    const events: string[] = []
    let release = () => {}
    let inserted = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    const begun = new Promise<void>((resolve) => (inserted = resolve))
    const transaction = pg.transaction(async (tx) => {
      await tx.query("insert into results (id, student, due, missing) values ('00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-0000000000c3', '2026-11-27', true)")
      inserted()
      await held
      events.push('committed')
    })
    await begun
    // Inside the transaction this would see the uncommitted row at once.
    const read = query<{ n: number }>('select count(*)::int as n from results where student = $1', ['00000000-0000-4000-8000-0000000000c3']).then((r) => {
      events.push('read')
      return r.rows
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const waiting = [...events]
    release()
    await transaction
    expect({ waiting, rows: await read, events }).toStrictEqual({ waiting: [], rows: [{ n: 1 }], events: ['committed', 'read'] })
  })
})
