/**
 * Portal usage for admins: which share of families signed in during a term, its quarters and
 * months, by school and by language, and which families were never seen (the ones to reach out
 * to). A family is a household, as the research behind the portal counts families: the guardians
 * who share children, taken together. Counting guardians one by one would call a family "half
 * reached" when one parent signs in for both, and count a two-parent family twice.
 */
import { and, asc, eq, gte, lte, max } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { idArgument, isoToday, listLimit, notFound, uuidIn, type ListLimit } from '../kit/index.ts'
import { termLabel } from './directory.ts'
import { guardianMayRead } from './scope.ts'

/** `portalUsage(first:)`: a page of 50 families never seen unless asked, at most 200. */
const PAGE: ListLimit = { default: 50, max: 200 }
const LANGUAGES: Record<string, string> = { en: 'English', es: 'Spanish', vi: 'Vietnamese', so: 'Somali', zh: 'Chinese', ar: 'Arabic' }

type Contact = typeof t.contacts.$inferSelect

interface Household {
  /** The smallest contactUniqueId of its guardians: its place in the outreach list and its cursor. */
  key: string
  /** The primary contact first (by contact priority), then by contactUniqueId. */
  guardians: Contact[]
  schools: Map<string, string>
  languages: Set<string>
  /** Every day in the term on which one of its guardians signed in. */
  days: string[]
}

interface Period {
  name: string
  beginDate: string
  endDate: string
  families: number
  signedIn: number
  share: number
}

function period(name: string, beginDate: string, endDate: string, households: readonly Household[]): Period {
  const signedIn = households.filter((h) => h.days.some((day) => day >= beginDate && day <= endDate)).length
  return { name, beginDate, endDate, families: households.length, signedIn, share: households.length === 0 ? 0 : signedIn / households.length }
}

function months(beginDate: string, endDate: string): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = []
  const [y, m] = beginDate.split('-').map(Number) as [number, number]
  for (let year = y, month = m; ; month === 12 ? ((month = 1), year++) : month++) {
    const first = `${year}-${String(month).padStart(2, '0')}-01`
    if (first > endDate) break
    const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10)
    const name = new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' })
    out.push([name, first < beginDate ? beginDate : first, last > endDate ? endDate : last])
  }
  return out
}

/**
 * Union-find over guardians: two guardians of one child are joined, so a family is a connected
 * set of guardians through the children they share. Returns each contact's representative.
 */
function connectGuardians(links: ReadonlyArray<{ contactId: string; studentId: string }>): (contactId: string) => string {
  const parent = new Map<string, string>()
  const find = (id: string): string => {
    let root = id
    for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root)) root = up
    for (let at = id; at !== root; ) {
      const next = parent.get(at) ?? root
      parent.set(at, root)
      at = next
    }
    return root
  }
  const firstGuardian = new Map<string, string>()
  for (const { contactId, studentId } of links) {
    const other = firstGuardian.get(studentId)
    if (other === undefined) firstGuardian.set(studentId, contactId)
    else if (find(contactId) !== find(other)) parent.set(find(contactId), find(other))
  }
  return find
}

const byUniqueId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export async function portalUsage(db: Db, args: { termId: string; schoolId?: string | null; first?: number | null; after?: string | null }) {
  idArgument('termId', args.termId)
  idArgument('schoolId', args.schoolId)
  const first = listLimit('first', args.first, PAGE)
  const [term] = await db.select().from(t.terms).where(eq(t.terms.id, args.termId))
  if (!term) throw notFound(`No term ${args.termId}.`)
  // Families as they stand on the term's last day, or today while the term runs.
  const today = isoToday()
  const asOf = today < term.beginDate ? term.beginDate : today > term.endDate ? term.endDate : today
  const quarters = await db.select().from(t.gradingPeriods).where(eq(t.gradingPeriods.termId, term.id)).orderBy(asc(t.gradingPeriods.beginDate))
  const rows = await db
    .select({
      link: t.studentContactAssociations,
      birthDate: t.students.birthDate,
      schoolId: t.students.schoolId,
      schoolName: t.schools.name,
      contact: t.contacts,
    })
    .from(t.studentContactAssociations)
    .innerJoin(t.students, eq(t.students.id, t.studentContactAssociations.studentId))
    .innerJoin(t.schools, eq(t.schools.id, t.students.schoolId))
    .innerJoin(t.contacts, eq(t.contacts.id, t.studentContactAssociations.contactId))
  // A link counts where it opens the child's records: a barred parent is not the child's family.
  const links = rows.filter((r) => guardianMayRead({ ...r.link, birthDate: r.birthDate }, asOf))
  const signIns = await db
    .select({ contactId: t.portalSignIns.contactId, day: t.portalSignIns.signedInOn })
    .from(t.portalSignIns)
    .where(and(gte(t.portalSignIns.signedInOn, term.beginDate), lte(t.portalSignIns.signedInOn, term.endDate)))

  const householdOf = connectGuardians(links.map((r) => ({ contactId: r.contact.id, studentId: r.link.studentId })))
  // A guardian's best (lowest) contact priority over their children: the primary contact first.
  const guardianPriority = new Map<string, number>()
  const byRoot = new Map<string, Household>()
  for (const { link, contact, schoolId, schoolName } of links) {
    const root = householdOf(contact.id)
    const household: Household = byRoot.get(root) ?? { key: '', guardians: [], schools: new Map(), languages: new Set(), days: [] }
    byRoot.set(root, household)
    if (!guardianPriority.has(contact.id)) household.guardians.push(contact)
    guardianPriority.set(contact.id, Math.min(link.contactPriority, guardianPriority.get(contact.id) ?? Infinity))
    household.schools.set(schoolId, schoolName)
    household.languages.add(contact.preferredLanguage)
  }
  const households = [...byRoot.values()]
  for (const h of households) {
    h.guardians.sort((a, b) => (guardianPriority.get(a.id) ?? 0) - (guardianPriority.get(b.id) ?? 0) || byUniqueId(a.contactUniqueId, b.contactUniqueId))
    h.key = h.guardians.map((g) => g.contactUniqueId).sort(byUniqueId)[0] ?? ''
  }
  // Sign-ins of contacts in no family (a barred parent's) reach no family.
  for (const { contactId, day } of signIns) {
    if (guardianPriority.has(contactId)) byRoot.get(householdOf(contactId))?.days.push(day)
  }

  const inScope = households.filter((h) => !args.schoolId || h.schools.has(args.schoolId))
  const group = (key: string, name: string, members: Household[]) => {
    const { families, signedIn, share } = period(name, term.beginDate, term.endDate, members)
    return { key, name, families, signedIn, share }
  }
  const bySchool = new Map<string, { name: string; members: Household[] }>()
  const byLanguage = new Map<string, Household[]>()
  for (const h of inScope) {
    for (const [id, name] of h.schools) {
      if (args.schoolId && id !== args.schoolId) continue
      const entry = bySchool.get(id) ?? { name, members: [] }
      entry.members.push(h)
      bySchool.set(id, entry)
    }
    for (const language of h.languages) {
      const members = byLanguage.get(language) ?? []
      members.push(h)
      byLanguage.set(language, members)
    }
  }

  const never = inScope.filter((h) => h.days.length === 0).sort((a, b) => byUniqueId(a.key, b.key))
  const start = args.after ? never.findIndex((h) => h.key > (args.after ?? '')) : 0
  const page = start < 0 ? [] : never.slice(start, start + first)
  const hasNextPage = start >= 0 && start + first < never.length
  const pageContacts = page.flatMap((h) => h.guardians.map((g) => g.id))
  const lastSignIns = pageContacts.length
    ? await db
        .select({ contactId: t.portalSignIns.contactId, day: max(t.portalSignIns.signedInOn) })
        .from(t.portalSignIns)
        .where(uuidIn(t.portalSignIns.contactId, pageContacts))
        .groupBy(t.portalSignIns.contactId)
    : []
  const lastSignIn = new Map(lastSignIns.map((r) => [r.contactId, r.day]))
  return {
    term: period(termLabel(term), term.beginDate, term.endDate, inScope),
    quarters: quarters.map((q) => period(q.name, q.beginDate, q.endDate, inScope)),
    months: months(term.beginDate, term.endDate).map(([name, begin, end]) => period(name, begin, end, inScope)),
    bySchool: [...bySchool.entries()].map(([id, s]) => group(id, s.name, s.members)).sort((a, b) => a.name.localeCompare(b.name)),
    byLanguage: [...byLanguage.entries()].map(([code, members]) => group(code, LANGUAGES[code] ?? code, members)).sort((a, b) => b.families - a.families || a.key.localeCompare(b.key)),
    neverSeen: {
      nodes: page.map((h) => ({
        guardians: h.guardians.map((c) => ({
          contactId: c.id,
          displayName: `${c.firstName} ${c.lastSurname}`,
          preferredLanguage: c.preferredLanguage,
          email: c.email,
          phone: c.phone,
          lastSignedInOn: lastSignIn.get(c.id) ?? null,
        })),
      })),
      endCursor: hasNextPage ? (page.at(-1)?.key ?? null) : null,
      hasNextPage,
    },
  }
}

/** A guardian's first request of the day; repeated calls the same day change nothing. */
export async function recordSignIn(db: Db, contactId: string): Promise<boolean> {
  idArgument('contactId', contactId)
  const rows = await db.insert(t.portalSignIns).values({ contactId, signedInOn: isoToday() }).onConflictDoNothing().returning()
  return rows.length > 0
}
