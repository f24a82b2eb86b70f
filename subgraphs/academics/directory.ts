/**
 * The district's schools and terms as admins pick them (portalUsage's `schoolId` and `termId`),
 * so no admin needs SQL to find an id. Both lists are a handful of rows: read whole.
 */
import { asc, desc, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { groupBy } from '../kit/index.ts'
import type { SchoolMapper, TermMapper } from './mappers.ts'

/** A term as families and admins know it: its name with its school year (Fall Semester 2026–27). */
export const termLabel = (term: { name: string; schoolYear: number }) => `${term.name} ${term.schoolYear - 1}–${String(term.schoolYear).slice(2)}`

/** Elementary, middle, then high schools (the enum's order), each by name in code-point order on every server. */
export function schools(db: Db): Promise<SchoolMapper[]> {
  return db
    .select()
    .from(t.schools)
    .orderBy(asc(t.schools.category), sql`${t.schools.name} collate "C"`, asc(t.schools.id))
}

/** The latest term first, each with its grading periods, the earliest first. */
export async function terms(db: Db): Promise<TermMapper[]> {
  const [rows, periods] = await Promise.all([
    db.select().from(t.terms).orderBy(desc(t.terms.beginDate), asc(t.terms.id)),
    db.select().from(t.gradingPeriods).orderBy(asc(t.gradingPeriods.beginDate), asc(t.gradingPeriods.id)),
  ])
  const byTerm = groupBy(rows.map((r) => r.id), periods, (p) => p.termId)
  return rows.map((term, i) => ({ ...term, gradingPeriods: byTerm[i] ?? [] }))
}
