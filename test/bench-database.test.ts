/**
 * The bench's database of a size: seeded by `npm run seed` as its own process (so the seed's
 * figures, its time and peak memory, are the command's own), marked when the seed has finished,
 * and reused by the next run (on the server only: the bench runs on a Postgres server); and the
 * seed's refusal of a district too small for its stories.
 */
import { spawnSync } from 'node:child_process'
import postgres from 'postgres'
import { afterAll, describe, expect, it } from 'vitest'
import { MIN_STUDENTS } from '../db/seed/size.ts'
import { benchDatabase, benchDatabaseName, type SeedCost } from '../scripts/bench/database.ts'

const serverUrl = process.env.DATABASE_URL
const onServer = process.env.DG_TEST_DATABASE === 'postgres' && serverUrl !== undefined
const STUDENTS = MIN_STUDENTS

describe.skipIf(!onServer)("the bench's database", () => {
  const base = serverUrl as string
  afterAll(async () => {
    const admin = postgres(base, { max: 1, onnotice: () => {} })
    await admin.unsafe(`drop database if exists "${benchDatabaseName(STUDENTS)}" with (force)`)
    await admin.end()
  })

  it('is seeded by npm run seed in a process of its own, which reports its time and peak memory, then reused', { timeout: 180_000 }, async () => {
    const lines: string[] = []
    const seeds: SeedCost[] = []
    const url = await benchDatabase(base, STUDENTS, { reseed: true, log: (line) => lines.push(line), onSeeded: (seed) => seeds.push(seed) })
    expect(new URL(url).pathname).toBe(`/${benchDatabaseName(STUDENTS)}`)
    // The seed's own progress, relayed, and its figures.
    expect(lines.some((line) => /^ {2}\[[\d.]+ s\] loaded \d+ rows$/.test(line))).toBe(true)
    expect(seeds).toHaveLength(1)
    const [seed] = seeds as [SeedCost]
    expect(seed.seconds).toBeGreaterThan(0)
    // A Node process holding the seed's modules is well past 50 MB; the limit is 1 GB.
    expect(seed.peakRssMb).toBeGreaterThan(50)
    expect(seed.peakRssMb).toBeLessThan(1024)
    const sql = postgres(url, { max: 1, onnotice: () => {} })
    try {
      const [row] = await sql<Array<{ students: number }>>`select count(*)::int as students from academics.students`
      expect(row?.students).toBe(STUDENTS)
    } finally {
      await sql.end()
    }

    const again: string[] = []
    const reseeded: SeedCost[] = []
    expect(await benchDatabase(base, STUDENTS, { log: (line) => again.push(line), onSeeded: (seed) => reseeded.push(seed) })).toBe(url)
    expect(reseeded).toStrictEqual([])
    expect(again).toHaveLength(1)
    expect(again[0]).toMatch(new RegExp(`^database ${benchDatabaseName(STUDENTS)}: reused \\(on \\d{4}-\\d{2}-\\d{2}, data to \\d{4}-\\d{2}-\\d{2}\\)$`))
  })
})

describe('npm run seed', () => {
  it(`refuses a district below ${MIN_STUDENTS} students before it touches a database, saying what it takes`, () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--students', String(MIN_STUDENTS - 1)], {
      // A database that does not exist: the refusal must come first.
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(run.status).toBe(1)
    expect(run.stderr.trim()).toBe(`--students must be a whole number of at least ${MIN_STUDENTS}, not "${MIN_STUDENTS - 1}".`)
  })
})
