/**
 * "Which families are we not reaching?": portalUsage answers demo.admin with the share of
 * families who signed in, per term, quarter and month, by school and by language, and the
 * families never seen, each with its guardians. A family is a household: the guardians who share
 * children, joined through every child they share, over the links that open the child's records.
 * The whole answer is compared with what the rows say, the families worked out here with a
 * recursive query over the links; everyone but an admin is refused; and a guardian's first
 * request of the day is recorded as a sign-in.
 */
import { randomUUID } from 'node:crypto'
import { and, asc, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../../db/client.ts'
import * as academics from '../db/schema.ts'
import { measure, startTestSystem, type TestSystem } from '../../../test/support/system.ts'

const PERIOD = 'name beginDate endDate families signedIn share'
const GROUP = 'key name families signedIn share'
const GUARDIAN = 'contactId displayName preferredLanguage email phone lastSignedInOn'
const USAGE = `query ($termId: ID!, $schoolId: ID, $first: Int, $after: String) {
  portalUsage(termId: $termId, schoolId: $schoolId, first: $first, after: $after) {
    term { ${PERIOD} }
    quarters { ${PERIOD} }
    months { ${PERIOD} }
    bySchool { ${GROUP} }
    byLanguage { ${GROUP} }
    neverSeen { nodes { guardians { ${GUARDIAN} } } endCursor hasNextPage }
  }
}`

interface Period {
  name: string
  beginDate: string
  endDate: string
  families: number
  signedIn: number
  share: number
}
interface Group {
  key: string
  name: string
  families: number
  signedIn: number
  share: number
}
interface Guardian {
  contactId: string
  displayName: string
  preferredLanguage: string
  email: string
  phone: string
  lastSignedInOn: string | null
}
interface Usage {
  term: Period
  quarters: Period[]
  months: Period[]
  bySchool: Group[]
  byLanguage: Group[]
  neverSeen: { nodes: Array<{ guardians: Guardian[] }>; endCursor: string | null; hasNextPage: boolean }
}
interface Variables {
  schoolId?: string
  first?: number
  after?: string | null
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', es: 'Spanish', vi: 'Vietnamese', so: 'Somali', zh: 'Chinese', ar: 'Arabic' }

let t: TestSystem
let term: typeof academics.terms.$inferSelect
let schools: Array<typeof academics.schools.$inferSelect>
beforeAll(async () => {
  t = await startTestSystem({ writable: 'portal_usage' })
  const [first] = await t.db('academics').select().from(academics.terms).orderBy(asc(academics.terms.beginDate)).limit(1)
  if (!first) throw new Error('The seed holds no term.')
  term = first
  schools = await t.db('academics').select().from(academics.schools).orderBy(academics.schools.schoolCode)
})
afterAll(() => t.close())

async function usage(variables: Variables = {}): Promise<Usage> {
  const response = await t.query<{ portalUsage: Usage }>({ login: 'demo.admin' }, USAGE, { termId: term.id, ...variables })
  expect(response.body.errors).toBeUndefined()
  const answer = response.body.data?.portalUsage
  if (!answer) throw new Error(`No portalUsage in ${response.text}`)
  return answer
}

/** The calendar months a span touches, each cut to the span. */
function monthsOf(beginDate: string, endDate: string): Array<{ name: string; beginDate: string; endDate: string }> {
  const out = []
  const format = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' })
  for (let start = new Date(`${beginDate.slice(0, 7)}-01T00:00:00Z`); start.toISOString().slice(0, 10) <= endDate; ) {
    const next = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1))
    const first = start.toISOString().slice(0, 10)
    const last = new Date(next.getTime() - 86_400_000).toISOString().slice(0, 10)
    out.push({ name: format.format(start), beginDate: first < beginDate ? beginDate : first, endDate: last > endDate ? endDate : last })
    start = next
  }
  return out
}

/** What the rows say portalUsage should answer, for one page of never-seen families. */
async function expectedUsage({ schoolId, first = 50, after = null }: Variables = {}): Promise<Usage> {
  const db = t.db('academics')
  const today = new Date().toISOString().slice(0, 10)
  const asOf = today < term.beginDate ? term.beginDate : today > term.endDate ? term.endDate : today
  // The links that open the child's records on that day, each guardian with their family: the
  // smallest contactUniqueId among the guardians reachable through children they share.
  const links = rowsOf<{ contact_id: string; contact_priority: number; school_id: string; school_name: string; family: string }>(
    await db.execute(sql`
      with recursive counted as (
        select l.contact_id, l.student_id, l.contact_priority, s.school_id
        from academics.student_contact_associations l
        join academics.students s on s.id = l.student_id
        where l.restriction_document is null
          and l.data_access_begin_date <= ${asOf}::date
          and (l.data_access_end_date is null or l.data_access_end_date >= ${asOf}::date)
          and (s.birth_date > ${asOf}::date - interval '18 years' or l.student_consent_granted_at is not null)
      ),
      reach (contact_id, other) as (
        select contact_id, contact_id from counted
        union
        select r.contact_id, b.contact_id
        from reach r
        join counted a on a.contact_id = r.other
        join counted b on b.student_id = a.student_id
      ),
      family as (
        select r.contact_id, min(c.contact_unique_id) as family
        from reach r join academics.contacts c on c.id = r.other
        group by r.contact_id
      )
      select l.contact_id, l.contact_priority, l.school_id, sc.name as school_name, f.family
      from counted l
      join family f on f.contact_id = l.contact_id
      join academics.schools sc on sc.id = l.school_id`),
  )
  const contacts = new Map((await db.select().from(academics.contacts)).map((c) => [c.id, c]))
  const signIns = await db.select().from(academics.portalSignIns)
  const gradingPeriods = await db.select().from(academics.gradingPeriods).where(eq(academics.gradingPeriods.termId, term.id)).orderBy(asc(academics.gradingPeriods.beginDate))

  interface Family {
    key: string
    priority: Map<string, number>
    schools: Map<string, string>
    languages: Set<string>
    days: Set<string>
  }
  const families = new Map<string, Family>()
  const familyOf = new Map<string, Family>()
  for (const link of links) {
    const family = families.get(link.family) ?? { key: link.family, priority: new Map(), schools: new Map(), languages: new Set(), days: new Set() }
    families.set(link.family, family)
    familyOf.set(link.contact_id, family)
    family.priority.set(link.contact_id, Math.min(link.contact_priority, family.priority.get(link.contact_id) ?? Infinity))
    family.schools.set(link.school_id, link.school_name)
    family.languages.add(contacts.get(link.contact_id)?.preferredLanguage ?? '?')
  }
  const lastSignIn = new Map<string, string>()
  for (const { contactId, signedInOn } of signIns) {
    if (signedInOn >= term.beginDate && signedInOn <= term.endDate) familyOf.get(contactId)?.days.add(signedInOn)
    if (signedInOn > (lastSignIn.get(contactId) ?? '')) lastSignIn.set(contactId, signedInOn)
  }

  const inScope = [...families.values()].filter((f) => !schoolId || f.schools.has(schoolId))
  const period = (name: string, beginDate: string, endDate: string, members: Family[]): Period => {
    const signedIn = members.filter((f) => [...f.days].some((day) => day >= beginDate && day <= endDate)).length
    return { name, beginDate, endDate, families: members.length, signedIn, share: members.length ? signedIn / members.length : 0 }
  }
  const group = (key: string, name: string, members: Family[]): Group => {
    const { families: count, signedIn, share } = period(name, term.beginDate, term.endDate, members)
    return { key, name, families: count, signedIn, share }
  }
  const schoolNames = new Map(inScope.flatMap((f) => [...f.schools]))
  const schoolKeys = schoolId ? [schoolId] : [...schoolNames.keys()]
  const languages = new Set(inScope.flatMap((f) => [...f.languages]))
  const never = inScope
    .filter((f) => f.days.size === 0)
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((f) => ({
      key: f.key,
      guardians: [...f.priority.entries()]
        .map(([contactId, priority]) => ({ priority, contact: contacts.get(contactId) }))
        .sort((a, b) => a.priority - b.priority || ((a.contact?.contactUniqueId ?? '') < (b.contact?.contactUniqueId ?? '') ? -1 : 1))
        .map(({ contact }) => ({
          contactId: contact?.id ?? '',
          displayName: `${contact?.firstName} ${contact?.lastSurname}`,
          preferredLanguage: contact?.preferredLanguage ?? '',
          email: contact?.email ?? '',
          phone: contact?.phone ?? '',
          lastSignedInOn: lastSignIn.get(contact?.id ?? '') ?? null,
        })),
    }))
  const start = after ? never.findIndex((f) => f.key > after) : 0
  const page = start < 0 ? [] : never.slice(start, start + first)
  const hasNextPage = start >= 0 && start + first < never.length
  return {
    term: period(`${term.name} ${term.schoolYear - 1}–${String(term.schoolYear).slice(2)}`, term.beginDate, term.endDate, inScope),
    quarters: gradingPeriods.map((q) => period(q.name, q.beginDate, q.endDate, inScope)),
    months: monthsOf(term.beginDate, term.endDate).map((m) => period(m.name, m.beginDate, m.endDate, inScope)),
    bySchool: schoolKeys
      .map((key) => group(key, schoolNames.get(key) ?? '', inScope.filter((f) => f.schools.has(key))))
      .sort((a, b) => a.name.localeCompare(b.name)),
    byLanguage: [...languages]
      .map((key) => group(key, LANGUAGE_NAMES[key] ?? key, inScope.filter((f) => f.languages.has(key))))
      .sort((a, b) => b.families - a.families || a.key.localeCompare(b.key)),
    neverSeen: { nodes: page.map((f) => ({ guardians: f.guardians })), endCursor: hasNextPage ? (page.at(-1)?.key ?? null) : null, hasNextPage },
  }
}

interface NewGuardian {
  contactUniqueId: string
  firstName: string
  language?: string
  /** A court order on this guardian's links. */
  barred?: boolean
}

/**
 * Adds a household: children (one per school given) and guardians, each guardian linked to every
 * child with portal access since the term began (contact priority in the order given).
 */
async function addHousehold(childSchools: Array<typeof academics.schools.$inferSelect>, guardians: NewGuardian[]) {
  const db = t.db('academics')
  const students = childSchools.map((school) => ({
    id: randomUUID(),
    studentUniqueId: `PU-${randomUUID().slice(0, 8)}`,
    firstName: 'Test',
    lastSurname: 'Household',
    birthDate: '2014-03-01',
    schoolId: school.id,
    gradeLevel: school.lowestGrade,
  }))
  await db.insert(academics.students).values(students)
  const contacts = guardians.map((g) => ({
    id: randomUUID(),
    contactUniqueId: g.contactUniqueId,
    firstName: g.firstName,
    lastSurname: 'Household',
    email: `${g.firstName.toLowerCase()}@example.org`,
    phone: '555-0100',
    preferredLanguage: g.language ?? 'en',
  }))
  await db.insert(academics.contacts).values(contacts)
  for (const [index, contact] of contacts.entries()) {
    for (const student of students) await link(contact.id, student.id, index + 1, guardians[index]?.barred ?? false)
  }
  return { students, contacts }
}

async function link(contactId: string, studentId: string, contactPriority: number, barred = false) {
  await t
    .db('academics')
    .insert(academics.studentContactAssociations)
    .values({
      id: randomUUID(),
      studentId,
      contactId,
      relation: contactPriority === 1 ? 'Mother' : 'Father',
      legalGuardian: true,
      livesWith: true,
      primaryContactStatus: contactPriority === 1,
      emergencyContactStatus: true,
      contactPriority,
      dataAccessBeginDate: term.beginDate,
      restrictionDocument: barred ? 'Court order 2026-FC-9999: no access to education records' : null,
      restrictedAt: barred ? new Date() : null,
    })
}

const guardianOf = (contact: { id: string; firstName: string; email: string }, lastSignedInOn: string | null = null): Guardian => ({
  contactId: contact.id,
  displayName: `${contact.firstName} Household`,
  preferredLanguage: 'en',
  email: contact.email,
  phone: '555-0100',
  lastSignedInOn,
})

describe('portalUsage', () => {
  it('gives demo.admin the district’s families, matching the rows, with the language gap visible', async () => {
    const answer = await usage({ first: 50 })
    expect(answer).toStrictEqual(await expectedUsage({ first: 50 }))
    expect(answer.term.families).toBeGreaterThan(0)
    const english = answer.byLanguage.find((l) => l.key === 'en')
    const spanish = answer.byLanguage.find((l) => l.key === 'es')
    expect(english?.share).toBeGreaterThan((spanish?.share ?? 1) + 0.2)
  })

  it('lists every family never seen this term, page by page, each with its guardians', async () => {
    const { neverSeen } = await expectedUsage({ first: 100_000 })
    const seen: Usage['neverSeen']['nodes'] = []
    let after: string | null = null
    for (let page = 0; page < 100; page++) {
      const answer: Usage = await usage({ first: 40, after })
      expect(answer.neverSeen).toStrictEqual((await expectedUsage({ first: 40, after })).neverSeen)
      seen.push(...answer.neverSeen.nodes)
      if (!answer.neverSeen.hasNextPage) break
      after = answer.neverSeen.endCursor
    }
    expect(seen).toStrictEqual(neverSeen.nodes)
  })

  it('narrows to the families with a child at one school', async () => {
    const school = schools[0]
    const answer = await usage({ schoolId: school?.id })
    expect(answer).toStrictEqual(await expectedUsage({ schoolId: school?.id }))
    expect(answer.bySchool.map((s) => s.key)).toStrictEqual([school?.id])
  })

  it('counts two guardians of the same children as one family, under each of its children’s schools', async () => {
    const [elementary, high] = [schools[0], schools.at(-1)]
    if (!elementary || !high) throw new Error('The seed holds too few schools.')
    const before = await usage()
    const { contacts } = await addHousehold(
      [elementary, high],
      [
        { contactUniqueId: '499990', firstName: 'Ana' },
        { contactUniqueId: '499991', firstName: 'Ben' },
      ],
    )
    const answer = await usage()
    expect(answer).toStrictEqual(await expectedUsage())
    expect(answer.term.families).toBe(before.term.families + 1)
    expect(answer.neverSeen.nodes[0]).toStrictEqual({ guardians: contacts.map((c) => guardianOf(c)) })
    const familiesAt = (u: Usage, id: string) => u.bySchool.find((s) => s.key === id)?.families ?? 0
    expect(familiesAt(answer, elementary.id)).toBe(familiesAt(before, elementary.id) + 1)
    expect(familiesAt(answer, high.id)).toBe(familiesAt(before, high.id) + 1)
  })

  it('counts a family as signed in when one of its guardians signs in', async () => {
    const school = schools[1]
    if (!school) throw new Error('The seed holds too few schools.')
    const { contacts } = await addHousehold([school], [
      { contactUniqueId: '499980', firstName: 'Cora' },
      { contactUniqueId: '499981', firstName: 'Dev' },
    ])
    const before = await usage()
    expect(before.neverSeen.nodes[0]).toStrictEqual({ guardians: contacts.map((c) => guardianOf(c)) })
    const dev = contacts[1]
    if (!dev) throw new Error('No second guardian.')
    await t.db('academics').insert(academics.portalSignIns).values({ contactId: dev.id, signedInOn: term.beginDate })
    const answer = await usage()
    expect(answer).toStrictEqual(await expectedUsage())
    expect(answer.term).toStrictEqual({ ...before.term, signedIn: before.term.signedIn + 1, share: (before.term.signedIn + 1) / before.term.families })
    expect(answer.months[0]?.signedIn).toBe((before.months[0]?.signedIn ?? 0) + 1)
    expect(answer.neverSeen.nodes.flatMap((n) => n.guardians.map((g) => g.contactId))).not.toContain(contacts[0]?.id)
  })

  it('joins two families through a guardian linked to a child of each', async () => {
    const [one, other] = [schools[2], schools[3]]
    if (!one || !other) throw new Error('The seed holds too few schools.')
    const start = await usage()
    const first = await addHousehold([one], [{ contactUniqueId: '499970', firstName: 'Eli' }])
    const second = await addHousehold([other], [{ contactUniqueId: '499971', firstName: 'Fay', language: 'es' }])
    const apart = await usage()
    expect(apart.term.families).toBe(start.term.families + 2)
    // Eli becomes the stepparent of Fay's child: one household of Eli and Fay.
    const [eli, fay] = [first.contacts[0], second.contacts[0]]
    const fayChild = second.students[0]
    if (!eli || !fay || !fayChild) throw new Error('The households were not added.')
    await link(eli.id, fayChild.id, 2)
    const joined = await usage()
    expect(joined).toStrictEqual(await expectedUsage())
    expect(joined.term.families).toBe(start.term.families + 1)
    expect(joined.neverSeen.nodes[0]).toStrictEqual({ guardians: [guardianOf(eli), { ...guardianOf(fay), preferredLanguage: 'es' }] })
    // Counted under each language its guardians prefer.
    const familiesIn = (u: Usage, key: string) => u.byLanguage.find((l) => l.key === key)?.families ?? 0
    expect(familiesIn(joined, 'en')).toBe(familiesIn(start, 'en') + 1)
    expect(familiesIn(joined, 'es')).toBe(familiesIn(start, 'es') + 1)
  })

  it('leaves out a guardian whose links do not open the child’s records', async () => {
    const school = schools[0]
    if (!school) throw new Error('The seed holds no school.')
    const { contacts } = await addHousehold([school], [
      { contactUniqueId: '499960', firstName: 'Gia' },
      { contactUniqueId: '499961', firstName: 'Hal', barred: true },
    ])
    const hal = contacts[1]
    if (!hal) throw new Error('No second guardian.')
    // The barred parent's sign-in reaches no family.
    await t.db('academics').insert(academics.portalSignIns).values({ contactId: hal.id, signedInOn: term.beginDate })
    const answer = await usage()
    expect(answer).toStrictEqual(await expectedUsage())
    expect(answer.neverSeen.nodes[0]).toStrictEqual({ guardians: [guardianOf(contacts[0] ?? hal)] })
  })

  it('costs the same statements for a page of one family as for two hundred', async () => {
    await usage()
    const one = await measure(() => usage({ first: 1 }))
    const many = await measure(() => usage({ first: 200 }))
    expect(one.sql.academics).toBe(5)
    expect(many.sql.academics).toBe(one.sql.academics)
  })

  it.each(['demo.guardian', 'demo.student', 'demo.teacher'])('refuses %s', async (login) => {
    const response = await t.query({ login }, USAGE, { termId: term.id })
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
