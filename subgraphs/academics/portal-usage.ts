/**
 * Portal usage for admins: which share of families signed in during a term, its quarters and
 * months, by school and by language, and who was never seen (the families to reach out to).
 * A family is a guardian linked to a student of the school (or of the district).
 */
import { and, asc, eq, gte, lte } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from '../../db/schema/academics.ts'
import { idArgument, isoToday, listLimit, notFound, uuidIn, type ListLimit } from '../kit/index.ts'
import { termLabel } from './directory.ts'

/** `portalUsage(first:)`: a page of 50 families never seen unless asked, at most 200. */
const PAGE: ListLimit = { default: 50, max: 200 }
const LANGUAGES: Record<string, string> = { en: 'English', es: 'Spanish', vi: 'Vietnamese', so: 'Somali', zh: 'Chinese', ar: 'Arabic' }

interface Period {
  name: string
  beginDate: string
  endDate: string
  families: number
  signedIn: number
  share: number
}

function period(name: string, beginDate: string, endDate: string, families: ReadonlySet<string>, days: ReadonlyMap<string, string[]>): Period {
  let signedIn = 0
  for (const contactId of families) {
    if ((days.get(contactId) ?? []).some((day) => day >= beginDate && day <= endDate)) signedIn++
  }
  return { name, beginDate, endDate, families: families.size, signedIn, share: families.size === 0 ? 0 : signedIn / families.size }
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

export async function portalUsage(db: Db, args: { termId: string; schoolId?: string | null; first?: number | null; after?: string | null }) {
  idArgument('termId', args.termId)
  idArgument('schoolId', args.schoolId)
  const first = listLimit('first', args.first, PAGE)
  const [term] = await db.select().from(t.terms).where(eq(t.terms.id, args.termId))
  if (!term) throw notFound(`No term ${args.termId}.`)
  const quarters = await db.select().from(t.gradingPeriods).where(eq(t.gradingPeriods.termId, term.id)).orderBy(asc(t.gradingPeriods.beginDate))
  const links = await db
    .select({ contact: t.contacts, schoolId: t.students.schoolId, schoolName: t.schools.name })
    .from(t.studentContactAssociations)
    .innerJoin(t.students, eq(t.students.id, t.studentContactAssociations.studentId))
    .innerJoin(t.schools, eq(t.schools.id, t.students.schoolId))
    .innerJoin(t.contacts, eq(t.contacts.id, t.studentContactAssociations.contactId))
  const inScope = args.schoolId ? links.filter((l) => l.schoolId === args.schoolId) : links
  const families = new Set(inScope.map((l) => l.contact.id))
  const contacts = new Map(inScope.map((l) => [l.contact.id, l.contact]))
  const signIns = families.size
    ? await db
        .select({ contactId: t.portalSignIns.contactId, day: t.portalSignIns.signedInOn })
        .from(t.portalSignIns)
        .where(and(uuidIn(t.portalSignIns.contactId, [...families]), gte(t.portalSignIns.signedInOn, term.beginDate), lte(t.portalSignIns.signedInOn, term.endDate)))
    : []
  const days = new Map<string, string[]>()
  for (const { contactId, day } of signIns) days.set(contactId, [...(days.get(contactId) ?? []), day])

  const group = (key: string, name: string, members: Set<string>) => {
    const p = period(name, term.beginDate, term.endDate, members, days)
    return { key, name, families: p.families, signedIn: p.signedIn, share: p.share }
  }
  const bySchool = new Map<string, { name: string; members: Set<string> }>()
  for (const l of inScope) {
    const entry = bySchool.get(l.schoolId) ?? { name: l.schoolName, members: new Set<string>() }
    entry.members.add(l.contact.id)
    bySchool.set(l.schoolId, entry)
  }
  const byLanguage = new Map<string, Set<string>>()
  for (const c of contacts.values()) byLanguage.set(c.preferredLanguage, (byLanguage.get(c.preferredLanguage) ?? new Set()).add(c.id))

  const never = [...contacts.values()].filter((c) => !days.has(c.id)).sort((a, b) => a.contactUniqueId.localeCompare(b.contactUniqueId))
  const start = args.after ? never.findIndex((c) => c.contactUniqueId > (args.after ?? '')) : 0
  const page = start < 0 ? [] : never.slice(start, start + first)
  const last = page.at(-1)
  return {
    term: period(termLabel(term), term.beginDate, term.endDate, families, days),
    quarters: quarters.map((q) => period(q.name, q.beginDate, q.endDate, families, days)),
    months: months(term.beginDate, term.endDate).map(([name, begin, end]) => period(name, begin, end, families, days)),
    bySchool: [...bySchool.entries()].map(([id, s]) => group(id, s.name, s.members)).sort((a, b) => a.name.localeCompare(b.name)),
    byLanguage: [...byLanguage.entries()].map(([code, members]) => group(code, LANGUAGES[code] ?? code, members)).sort((a, b) => b.families - a.families || a.key.localeCompare(b.key)),
    neverSeen: {
      nodes: page.map((c) => ({ contactId: c.id, displayName: `${c.firstName} ${c.lastSurname}`, preferredLanguage: c.preferredLanguage, email: c.email, phone: c.phone })),
      endCursor: last && start >= 0 && start + first < never.length ? last.contactUniqueId : null,
      hasNextPage: start >= 0 && start + first < never.length,
    },
  }
}

/** A guardian's first request of the day; repeated calls the same day change nothing. */
export async function recordSignIn(db: Db, contactId: string): Promise<boolean> {
  idArgument('contactId', contactId)
  const rows = await db.insert(t.portalSignIns).values({ contactId, signedInOn: isoToday() }).onConflictDoNothing().returning()
  return rows.length > 0
}
