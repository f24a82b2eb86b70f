/**
 * The policy of who may read which student in which area, worked out from academics' data:
 * guardianship links (with their court-order restrictions, portal access dates and an adult
 * student's consent), students themselves, teachers' enrolments, and admins. The gateway asks
 * for it once per viewer and carries it to every subgraph in the viewer token.
 */
import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { ageOn, type Area, type Scope } from '../../lib/contract/index.ts'

export const GUARDIAN_AREAS: Area[] = ['academics', 'attendance', 'behaviour', 'fees', 'meals', 'messaging', 'transportation']
/** A student reads their own records, but not fees and payments (their guardians' business). */
export const STUDENT_AREAS: Area[] = ['academics', 'attendance', 'behaviour', 'meals', 'messaging', 'transportation']
export const TEACHER_AREAS: Area[] = ['academics', 'attendance', 'behaviour', 'messaging', 'transportation']

export interface GuardianLink {
  studentId: string
  birthDate: string
  restrictionDocument: string | null
  dataAccessBeginDate: string
  dataAccessEndDate: string | null
  studentConsentGrantedAt: Date | null
}

/**
 * FERPA: a parent reads a minor's records unless a court order revokes it; at 18 the rights
 * pass to the student, and the parent reads only with the student's consent.
 */
export function guardianMayRead(link: GuardianLink, today: string): boolean {
  if (link.restrictionDocument !== null) return false
  if (link.dataAccessBeginDate > today) return false
  if (link.dataAccessEndDate !== null && link.dataAccessEndDate < today) return false
  if (ageOn(link.birthDate, today) >= 18 && link.studentConsentGrantedAt === null) return false
  return true
}

export async function resolveScope(db: Db, personId: string, today: string): Promise<Scope | null> {
  const [account] = await db.select().from(t.accounts).where(eq(t.accounts.personId, personId))
  if (!account) return null
  const scope = (students: Array<[studentId: string, areas: Area[]]>, allStudents = false): Scope => ({
    role: account.role,
    allStudents,
    students: Object.fromEntries(students),
  })
  switch (account.role) {
    case 'ADMIN':
      return scope([], true)
    case 'STUDENT':
      return scope([[personId, STUDENT_AREAS]])
    case 'GUARDIAN': {
      const links = await db
        .select({
          studentId: t.studentContactAssociations.studentId,
          birthDate: t.students.birthDate,
          restrictionDocument: t.studentContactAssociations.restrictionDocument,
          dataAccessBeginDate: t.studentContactAssociations.dataAccessBeginDate,
          dataAccessEndDate: t.studentContactAssociations.dataAccessEndDate,
          studentConsentGrantedAt: t.studentContactAssociations.studentConsentGrantedAt,
        })
        .from(t.studentContactAssociations)
        .innerJoin(t.students, eq(t.students.id, t.studentContactAssociations.studentId))
        .where(eq(t.studentContactAssociations.contactId, personId))
      return scope(links.filter((link) => guardianMayRead(link, today)).map((link): [string, Area[]] => [link.studentId, GUARDIAN_AREAS]))
    }
    case 'TEACHER': {
      const rows = await db
        .selectDistinct({ studentId: t.studentSectionAssociations.studentId })
        .from(t.staffSectionAssociations)
        .innerJoin(t.studentSectionAssociations, eq(t.studentSectionAssociations.sectionId, t.staffSectionAssociations.sectionId))
        .where(and(eq(t.staffSectionAssociations.staffId, personId), isNull(t.studentSectionAssociations.endDate)))
      return scope(rows.map((row): [string, Area[]] => [row.studentId, TEACHER_AREAS]))
    }
  }
}
