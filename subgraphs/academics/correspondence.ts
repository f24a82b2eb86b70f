/**
 * Whom a person may start a conversation with: messaging keeps the conversations, but who teaches
 * a student, who the student's guardians are and whether the records are closed to one of them
 * are academics' data. It reaches messaging two ways: for a write, in the viewer token (the gateway
 * signs it beside the scope, since a mutation cannot `@requires`); for a read, through
 * `Student.correspondents`, which messaging `@requires`.
 */
import { and, asc, eq, isNull } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { canRead, type Correspondent, type CorrespondenceWire, type Scope } from '../../lib/contract/index.ts'
import { uuidIn } from '../kit/index.ts'
import { guardianMayRead } from './scope.ts'

const nameOf = (person: { firstName: string; lastSurname: string }) => `${person.firstName} ${person.lastSurname}`

/** One person the viewer may write to about one student, in the order they are listed. */
interface Row {
  studentId: string
  schoolId: string
  person: Correspondent
}

interface Correspondents {
  /** The viewer's own name and language. */
  displayName: string
  language: string
  rows: Row[]
}

/**
 * A guardian writes to the staff of the current sections of each child whose messaging they may
 * read (of `only`, when given).
 */
async function ofGuardian(db: Db, personId: string, scope: Scope, only?: readonly string[]): Promise<Correspondents | null> {
  const [contact] = await db.select().from(t.contacts).where(eq(t.contacts.id, personId))
  if (!contact) return null
  const children = (only ?? Object.keys(scope.students)).filter((studentId) => canRead(scope, studentId, 'messaging'))
  const e = t.studentSectionAssociations
  const rows =
    children.length === 0
      ? []
      : await db
          .select({ studentId: e.studentId, schoolId: t.students.schoolId, staff: t.staff })
          .from(e)
          .innerJoin(t.students, eq(t.students.id, e.studentId))
          .innerJoin(t.staffSectionAssociations, eq(t.staffSectionAssociations.sectionId, e.sectionId))
          .innerJoin(t.staff, eq(t.staff.id, t.staffSectionAssociations.staffId))
          .where(and(uuidIn(e.studentId, children), isNull(e.endDate)))
          .orderBy(asc(e.studentId), asc(t.staff.lastSurname), asc(t.staff.firstName), asc(t.staff.id))
  return {
    displayName: nameOf(contact),
    language: contact.preferredLanguage,
    rows: rows.map((r) => ({ studentId: r.studentId, schoolId: r.schoolId, person: { id: r.staff.id, displayName: nameOf(r.staff) } })),
  }
}

/**
 * A teacher writes to the guardians of the students in their sections (of `only`, when given) to
 * whom the student's records are open: never one a court order bars, nor a parent an adult student
 * has not consented to.
 */
async function ofTeacher(db: Db, personId: string, today: string, only?: readonly string[]): Promise<Correspondents | null> {
  const [member] = await db.select().from(t.staff).where(eq(t.staff.id, personId))
  if (!member) return null
  const e = t.studentSectionAssociations
  const link = t.studentContactAssociations
  const rows = await db
    .selectDistinct({
      studentId: e.studentId,
      schoolId: t.students.schoolId,
      birthDate: t.students.birthDate,
      contactId: t.contacts.id,
      firstName: t.contacts.firstName,
      lastSurname: t.contacts.lastSurname,
      restrictionDocument: link.restrictionDocument,
      dataAccessBeginDate: link.dataAccessBeginDate,
      dataAccessEndDate: link.dataAccessEndDate,
      studentConsentGrantedAt: link.studentConsentGrantedAt,
    })
    .from(t.staffSectionAssociations)
    .innerJoin(e, and(eq(e.sectionId, t.staffSectionAssociations.sectionId), isNull(e.endDate)))
    .innerJoin(t.students, eq(t.students.id, e.studentId))
    .innerJoin(link, eq(link.studentId, e.studentId))
    .innerJoin(t.contacts, eq(t.contacts.id, link.contactId))
    .where(and(eq(t.staffSectionAssociations.staffId, personId), only ? uuidIn(e.studentId, only) : undefined))
    .orderBy(asc(e.studentId), asc(t.contacts.lastSurname), asc(t.contacts.firstName), asc(t.contacts.id))
  return {
    displayName: nameOf(member),
    language: member.preferredLanguage,
    rows: rows
      .filter((r) => guardianMayRead(r, today))
      .map((r) => ({ studentId: r.studentId, schoolId: r.schoolId, person: { id: r.contactId, displayName: nameOf(r) } })),
  }
}

/** Null for those who start no conversation: students reply in their own threads, admins write none. */
function correspondentsOf(db: Db, personId: string, scope: Scope, today: string, only?: readonly string[]): Promise<Correspondents | null> {
  switch (scope.role) {
    case 'GUARDIAN':
      return ofGuardian(db, personId, scope, only)
    case 'TEACHER':
      return ofTeacher(db, personId, today, only)
    case 'STUDENT':
    case 'ADMIN':
      return Promise.resolve(null)
  }
}

/** Rows (in order) grouped by school and student, each person once per student. */
function bySchool(rows: readonly Row[]): CorrespondenceWire['schools'] {
  const schools = new Map<string, CorrespondenceWire['schools'][number]>()
  const students = new Map<string, CorrespondenceWire['schools'][number]['students'][number]>()
  for (const { studentId, schoolId, person } of rows) {
    let school = schools.get(schoolId)
    if (!school) schools.set(schoolId, (school = { schoolId, students: [] }))
    let student = students.get(studentId)
    if (!student) {
      students.set(studentId, (student = { studentId, people: [] }))
      school.students.push(student)
    }
    if (!student.people.some((p) => p.id === person.id)) student.people.push(person)
  }
  return [...schools.values()]
}

/** The viewer's correspondence for their scope: every student they may write about. */
export async function resolveCorrespondence(db: Db, personId: string, scope: Scope, today: string): Promise<CorrespondenceWire | null> {
  const found = await correspondentsOf(db, personId, scope, today)
  return found && { displayName: found.displayName, language: found.language, schools: bySchool(found.rows) }
}

/** Whom the viewer may write to about each of `studentIds`, in their order (empty for those they may not). */
export async function correspondentsFor(db: Db, personId: string, scope: Scope, today: string, studentIds: readonly string[]): Promise<Correspondent[][]> {
  const found = await correspondentsOf(db, personId, scope, today, studentIds)
  const students = new Map(bySchool(found?.rows ?? []).flatMap((school) => school.students.map((s) => [s.studentId, s.people] as const)))
  return studentIds.map((id) => students.get(id) ?? [])
}
