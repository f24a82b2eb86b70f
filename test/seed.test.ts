/**
 * The seed is deterministic for a given "today": two fresh databases seeded with the same size and
 * day hold the same rows (digest of every table), another day gives another district, and rolling
 * a seeded database forward (`npm run seed -- --today`) leaves exactly the district a fresh seed
 * of that day makes. Whatever the day — in term, in the winter break, in the summer — the district
 * keeps its calendar: nothing happened after the data's last day, nothing is due or assigned on a
 * day without school.
 */
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { openDatabase, rowsOf, type Database } from '../db/client.ts'
import { migrateSubgraphs } from '../db/migrate.ts'
import { schoolCalendar } from '../db/seed/calendar.ts'
import { digestDatabase } from '../db/seed/digest.ts'
import { reseedDistrict, seedDistrict, seedSubgraph, subgraphSeedNeeded } from '../db/seed/index.ts'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'
import { TEST_TODAY } from './support/seed-date.ts'
import { openTestDatabase } from './support/system.ts'

async function withSeeded<T>(students: number, today: string, use: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ kind: 'memory' })
  try {
    await migrateSubgraphs(database, SUBGRAPH_NAMES)
    const plan = await seedDistrict(database, { students, today })
    expect(plan.asOf).toBe(schoolCalendar(today).asOf)
    return await use(database)
  } finally {
    await database.close()
  }
}

const seededDigest = (students: number, today: string) => withSeeded(students, today, (database) => digestDatabase(database, schoolCalendar(today).asOf))

describe('the seed', () => {
  it('makes the same rows on every run for the same day, and another district for another day', async () => {
    const first = await seededDigest(150, TEST_TODAY)
    const second = await seededDigest(150, TEST_TODAY)
    expect(second).toStrictEqual(first)
    // Every subgraph's tables hold rows: the digest covers a whole district, not an empty one.
    for (const name of SUBGRAPH_NAMES) {
      const rows = Object.entries(first.rows).filter(([table]) => table.startsWith(`${name}.`))
      expect(rows.length, name).toBeGreaterThan(0)
      expect(rows.reduce((n, [, count]) => n + count, 0), name).toBeGreaterThan(0)
    }
    const later = await seededDigest(150, '2026-11-30')
    expect(later.digest).not.toBe(first.digest)
    // Three fresh embedded seeds: about 45 s alone, several times that on a busy 2-core machine.
  }, 300_000)

  it('makes the same rows on this project database as on a fresh embedded seed of the same size and day', async () => {
    const database = await openTestDatabase()
    try {
      const tested = await digestDatabase(database, TEST_TODAY)
      expect(tested).toStrictEqual(await seededDigest(1000, TEST_TODAY))
    } finally {
      await database.close()
    }
  }, 240_000)

  it('rolls a seeded database forward to the district a fresh seed of the new day makes', async () => {
    const rolled = await withSeeded(150, TEST_TODAY, async (database) => {
      // What the running graph wrote goes with the old district.
      await database.drizzle('test').execute(sql`insert into academics.portal_sign_ins (contact_id, signed_in_on, first_seen_at)
        select contact_id, '2027-03-02', now() from academics.portal_sign_ins limit 1`)
      await reseedDistrict(database, { students: 150, today: '2027-03-03' })
      return digestDatabase(database, '2027-03-03')
    })
    expect(rolled).toStrictEqual(await seededDigest(150, '2027-03-03'))
  }, 300_000)

  it('seeds one subgraph alone, into a database of its own, with the rows the whole seed gives it', async () => {
    // messaging reads what academics and attendance recorded while seeding (attendance also writes a row
    // through the loader's own handle); transportation reads nothing.
    const alone = ['messaging', 'transportation'] as const
    const whole = await withSeeded(150, TEST_TODAY, (database) => Promise.all(alone.map((name) => digestDatabase(database, TEST_TODAY, [name]))))
    for (const [i, name] of alone.entries()) {
      const database = await openDatabase({ kind: 'memory' })
      try {
        await migrateSubgraphs(database, [name])
        expect(await subgraphSeedNeeded(database, name)).toBe('empty')
        await seedSubgraph(database, name, { students: 150, today: TEST_TODAY })
        expect(await subgraphSeedNeeded(database, name)).toBe(false)
        const digest = await digestDatabase(database, TEST_TODAY, [name])
        expect(Object.values(digest.rows).reduce((n, count) => n + count, 0), name).toBeGreaterThan(0)
        expect(digest, name).toStrictEqual(whole[i])
      } finally {
        await database.close()
      }
    }
  }, 300_000)

  // A day in term, one in the winter break (the fall's last week), one in the summer (the next fall's first week).
  it.each([
    ['2027-03-03', 'Spring Semester', '2027-03-03'],
    ['2026-12-22', 'Fall Semester', '2026-12-18'],
    ['2027-07-28', 'Fall Semester', '2027-08-20'],
  ])('seeded for %s: a %s with data to %s, nothing after it and no work on a day without school', async (today, term, asOf) => {
    await withSeeded(150, today, async (database) => {
      const db = database.drizzle('test')
      const one = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(query))
      expect(await one(sql`select name, begin_date::text as "beginDate" from academics.terms`)).toStrictEqual([{ name: term, beginDate: schoolCalendar(today).term.beginDate }])
      const schoolDays = new Set(schoolCalendar(today).instructionalDays)
      const entries = await one<{ assigned: string; due: string }>(sql`select assigned_date::text as assigned, due_date::text as due from academics.gradebook_entries`)
      expect(entries.length).toBeGreaterThan(0)
      expect(entries.filter((e) => !schoolDays.has(e.assigned) || !schoolDays.has(e.due))).toStrictEqual([])
      expect(entries.filter((e) => e.assigned > e.due)).toStrictEqual([])
      // Every record of something that happened is dated on or before the data's last day.
      const after = await one<{ what: string; n: number }>(sql`
        select 'score' as what, count(*)::int as n from academics.student_gradebook_entries where submitted_at::date > ${asOf}::date
        union all select 'scored before due', count(*)::int from academics.student_gradebook_entries s join academics.gradebook_entries e on e.id = s.gradebook_entry_id where e.due_date > ${asOf}::date
        union all select 'sign-in', count(*)::int from academics.portal_sign_ins where signed_in_on > ${asOf}::date
        union all select 'attendance', count(*)::int from attendance.student_school_attendance_events where event_date > ${asOf}::date
        union all select 'class attendance', count(*)::int from attendance.student_section_attendance_events where event_date > ${asOf}::date
        union all select 'attendance off a school day', count(*)::int from attendance.student_school_attendance_events a
          where not exists (select 1 from attendance.calendar_dates c where c.school_id = a.school_id and c.date = a.event_date and c.calendar_event <> 'Holiday')
        union all select 'incident', count(*)::int from behaviour.discipline_incidents where incident_date > ${asOf}::date
        union all select 'recognition', count(*)::int from behaviour.recognitions where awarded_date > ${asOf}::date
        union all select 'payment', count(*)::int from finance.payments where (received_at at time zone 'America/Chicago')::date > ${asOf}::date
        union all select 'meal', count(*)::int from finance.meal_transactions where (occurred_at at time zone 'America/Chicago')::date > ${asOf}::date
        union all select 'message', count(*)::int from messaging.messages where sent_at::date > ${asOf}::date
        union all select 'announcement', count(*)::int from messaging.announcements where published_at::date > ${asOf}::date`)
      expect(after.filter((r) => r.n > 0)).toStrictEqual([])
    })
  }, 300_000)
})
