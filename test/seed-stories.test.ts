/**
 * The demo district reads like a real one (issue 10, part 4): what families and teachers wrote
 * about is in the child's records (missing work in that class, a day home ill, a test that was
 * taken), each class keeps its own pace, the four named children have their own attendance, and
 * coursework has real titles. Checked across the areas' tables of the seeded test database.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf, type Database } from '../db/client.ts'
import { planDistrict } from '../db/seed/district.ts'
import { TEST_STUDENTS } from './support/global-setup.ts'
import { TEST_TODAY } from './support/seed-date.ts'
import { openTestDatabase } from './support/system.ts'

let database: Database
/** The named children, from the plan the test database was seeded with. */
const named = planDistrict(TEST_STUDENTS, TEST_TODAY).named
const people = { leo: named.demoStudent, maya: named.demoElementaryChild, noah: named.restrictedStudent, jordan: named.adultStudent }
const query = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await database.drizzle('test').execute(q))

beforeAll(async () => {
  database = await openTestDatabase()
})
afterAll(async () => {
  await database.close()
})

describe('the demo district', () => {
  it('writes about missing work only in a class where the child has missing work due before the thread', async () => {
    const threads = await query<{ id: string; grounded: boolean }>(sql`
      select t.id, exists (
        select 1 from academics.student_gradebook_entries s join academics.gradebook_entries e on e.id = s.gradebook_entry_id
        where s.student_id = t.student_id and e.section_id = t.section_id and s.missing and e.due_date < t.created_at::date
      ) as grounded
      from messaging.threads t where t.subject like 'Missing work in %' or t.subject like 'Missing assignments in %' or t.subject = 'Late homework'`)
    expect(threads.length).toBeGreaterThan(10)
    expect(threads.filter((t) => !t.grounded)).toStrictEqual([])
  })

  it('writes about an absence only on a day the child was home ill', async () => {
    const threads = await query<{ id: string; grounded: boolean }>(sql`
      select t.id, exists (
        select 1 from attendance.student_school_attendance_events a
        where a.student_id = t.student_id and a.event_date = t.created_at::date
          and a.attendance_event_category = 'Excused Absence' and a.attendance_event_reason = 'Illness'
      ) as grounded
      from messaging.threads t where t.subject like 'Absence on %'`)
    expect(threads.length).toBeGreaterThan(10)
    expect(threads.filter((t) => !t.grounded)).toStrictEqual([])
  })

  it('asks about the last test only in a class that has had a unit test', async () => {
    const threads = await query<{ id: string; grounded: boolean }>(sql`
      select t.id, exists (
        select 1 from academics.gradebook_entries e
        where e.section_id = t.section_id and e.entry_type = 'Unit Test' and e.due_date < t.created_at::date
      ) as grounded
      from messaging.threads t where t.subject in ('Question about the last test', 'Extra help before the unit test')`)
    expect(threads.length).toBeGreaterThan(10)
    expect(threads.filter((t) => !t.grounded)).toStrictEqual([])
  })

  it("announces a class's unit test on a day the class has one, a school day", async () => {
    const posts = await query<{ title: string; days: string[] }>(sql`
      select a.title, array_agg(to_char(e.due_date, 'FMDay, FMMonth FMDD')) as days
      from messaging.announcements a join academics.gradebook_entries e on e.section_id = a.section_id and e.entry_type = 'Unit Test'
      where a.title like '%: unit test on %' group by a.id, a.title`)
    expect(posts.length).toBeGreaterThan(10)
    expect(posts.filter((p) => !p.days.some((day) => p.title.endsWith(`unit test on ${day}`)))).toStrictEqual([])
  })

  it("gives the demo student's classes their own days, and every piece of coursework a real title", async () => {
    const bySection = await query<{ sectionId: string; days: string }>(sql`
      select e.section_id as "sectionId", string_agg(e.due_date::text, ',' order by e.due_date) as days
      from academics.gradebook_entries e join academics.student_section_associations x on x.section_id = e.section_id
      where x.student_id = ${people.leo} group by e.section_id`)
    expect(bySection.length).toBe(6)
    expect(new Set(bySection.map((s) => s.days)).size).toBe(bySection.length)
    const titles = await query<{ title: string }>(sql`select distinct title from academics.gradebook_entries`)
    const curated = /^(Homework|Quiz|Classwork): [A-Z][\w ,'-]+$|^Unit \d Test: [A-Z][\w ,'-]+$|^(Fall|Spring|Winter|End-of-year) [\w ,'-]+ benchmark$/
    expect(titles.filter((t) => !curated.test(t.title))).toStrictEqual([])
  })

  it('gives each named child an attendance history of their own', async () => {
    const histories = await query<{ studentId: string; history: string }>(sql`
      select student_id as "studentId", string_agg(event_date::text || ' ' || attendance_event_category, ',' order by event_date) as history
      from attendance.student_school_attendance_events
      where student_id in (${people.leo}, ${people.maya}, ${people.noah}, ${people.jordan}) group by student_id`)
    expect(histories.length).toBe(4)
    expect(new Set(histories.map((h) => h.history)).size).toBe(4)
  })
})
