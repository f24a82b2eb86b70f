/**
 * "Which families are we not reaching?": portalUsage answers demo.admin with the share of
 * families who signed in, per term, quarter and month, by school and by language, and the
 * families never seen, matching the sign-in rows; everyone else is refused; and a guardian's
 * first request of the day is recorded as a sign-in.
 */
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../db/client.ts'
import * as academics from '../db/schema/academics.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

const USAGE = `query ($termId: ID!, $schoolId: ID, $first: Int, $after: String) {
  portalUsage(termId: $termId, schoolId: $schoolId, first: $first, after: $after) {
    term { name families signedIn share }
    quarters { name beginDate endDate families signedIn }
    months { name beginDate endDate signedIn }
    bySchool { key name families signedIn share }
    byLanguage { key name families signedIn share }
    neverSeen { nodes { contactId displayName preferredLanguage } endCursor hasNextPage }
  }
}`

interface Usage {
  portalUsage: {
    term: { name: string; families: number; signedIn: number; share: number }
    quarters: Array<{ name: string; families: number; signedIn: number }>
    months: Array<{ name: string; signedIn: number }>
    bySchool: Array<{ key: string; families: number; signedIn: number; share: number }>
    byLanguage: Array<{ key: string; name: string; families: number; signedIn: number; share: number }>
    neverSeen: { nodes: Array<{ contactId: string }>; endCursor: string | null; hasNextPage: boolean }
  }
}

let t: TestSystem
let termId = ''
beforeAll(async () => {
  t = await startTestSystem({ writable: 'portal_usage' })
  const [term] = await t.db('academics').select().from(academics.terms)
  termId = term?.id ?? ''
})
afterAll(() => t.close())

async function count(query: ReturnType<typeof sql>): Promise<number> {
  return rowsOf<{ n: number }>(await t.db('academics').execute(query))[0]?.n ?? -1
}

describe('portalUsage', () => {
  it('gives demo.admin the district’s shares, matching the sign-in rows, with the language gap visible', async () => {
    const response = await t.query<Usage>({ login: 'demo.admin' }, USAGE, { termId })
    expect(response.body.errors).toBeUndefined()
    const usage = response.body.data?.portalUsage
    const families = await count(sql`select count(distinct contact_id)::int as n from academics.student_contact_associations`)
    const signedIn = await count(sql`select count(distinct contact_id)::int as n from academics.portal_sign_ins
      where signed_in_on between '2026-08-17' and '2026-12-18'`)
    expect(usage?.term).toMatchObject({ name: 'Fall Semester 2026–27', families, signedIn, share: signedIn / families })
    expect(usage?.quarters.map((q) => q.name)).toStrictEqual(['First Quarter', 'Second Quarter'])
    expect(usage?.months.map((m) => m.name)).toStrictEqual(['August 2026', 'September 2026', 'October 2026', 'November 2026', 'December 2026'])
    const october = await count(sql`select count(distinct contact_id)::int as n from academics.portal_sign_ins
      where signed_in_on between '2026-10-01' and '2026-10-31'`)
    expect(usage?.months[2]?.signedIn).toBe(october)
    expect(usage?.bySchool.reduce((n, s) => n + s.families, 0)).toBeGreaterThanOrEqual(families)
    const english = usage?.byLanguage.find((l) => l.key === 'en')
    const spanish = usage?.byLanguage.find((l) => l.key === 'es')
    expect(english?.share).toBeGreaterThan((spanish?.share ?? 1) + 0.2)
  })

  it('lists the families never seen this term, page by page, for outreach', async () => {
    const never = await count(sql`select count(distinct l.contact_id)::int as n from academics.student_contact_associations l
      where not exists (select 1 from academics.portal_sign_ins s where s.contact_id = l.contact_id)`)
    const seen: string[] = []
    let after: string | null = null
    for (let page = 0; page < 100; page++) {
      const response: { body: { data?: Usage | null } } = await t.query<Usage>({ login: 'demo.admin' }, USAGE, { termId, first: 40, after })
      const connection = response.body.data?.portalUsage.neverSeen
      seen.push(...(connection?.nodes.map((n) => n.contactId) ?? []))
      if (!connection?.hasNextPage) break
      after = connection.endCursor
    }
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.length).toBe(never)
  })

  it('narrows to one school', async () => {
    const [school] = await t.db('academics').select().from(academics.schools).orderBy(academics.schools.schoolCode).limit(1)
    const response = await t.query<Usage>({ login: 'demo.admin' }, USAGE, { termId, schoolId: school?.id })
    const families = await count(sql`select count(distinct l.contact_id)::int as n from academics.student_contact_associations l
      join academics.students s on s.id = l.student_id where s.school_id = ${school?.id ?? ''}`)
    expect(response.body.data?.portalUsage.term.families).toBe(families)
    expect(response.body.data?.portalUsage.bySchool.map((s) => s.key)).toStrictEqual([school?.id])
  })

  it.each(['demo.guardian', 'demo.student', 'demo.teacher'])('refuses %s', async (login) => {
    const response = await t.query({ login }, USAGE, { termId })
    expect(response.body).toStrictEqual({
      data: { portalUsage: null },
      errors: [{ message: 'You may not read this.', path: ['portalUsage'], extensions: { code: 'FORBIDDEN' } }],
    })
  })

  it("records a guardian's first request of the day as a sign-in, once", async () => {
    const login = 'guardian.500010'
    const contactId = await t.personId(login)
    const today = new Date().toISOString().slice(0, 10)
    const signIns = () =>
      t.db('academics').select().from(academics.portalSignIns).where(and(eq(academics.portalSignIns.contactId, contactId), eq(academics.portalSignIns.signedInOn, today)))
    expect(await signIns()).toStrictEqual([])
    await t.query({ login }, '{ me { id } }')
    await t.query({ login }, '{ me { id } }')
    await t.system.gateway.signIns.settle()
    expect((await signIns()).map((r) => r.signedInOn)).toStrictEqual([today])
  })
})
