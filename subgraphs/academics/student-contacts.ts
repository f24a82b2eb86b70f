/**
 * Who may be told about a student, as messaging keeps its own copy of it: the contacts whose
 * access to the student's records is open (the scope's own test: no court order, within the
 * portal access dates, and an adult student's consent), with how to reach them. academics
 * writes it to its outbox as a 'student-contacts' event whenever a write changes it, in that
 * write's transaction; messaging never reads academics' tables.
 */
import { asc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { isoToday, type StudentContacts } from '../../lib/contract/index.ts'
import { recordEvents, uuidIn, type OutboxEvent } from '../kit/index.ts'
import { guardianMayRead } from './scope.ts'

/** Each student's contacts to tell (empty when none is open), in one statement for the batch; unknown ids are left out. */
export async function studentContactsOf(db: Db, studentIds: readonly string[], today = isoToday()): Promise<Map<string, StudentContacts>> {
  const found = new Map<string, StudentContacts>()
  if (studentIds.length === 0) return found
  const s = t.students
  const link = t.studentContactAssociations
  const rows = await db
    .select({
      studentId: s.id,
      firstName: s.firstName,
      preferredName: s.preferredName,
      lastSurname: s.lastSurname,
      schoolId: s.schoolId,
      birthDate: s.birthDate,
      // drizzle takes a left-joined object whose first column is null for a missing row: lead with a non-null one.
      link: {
        dataAccessBeginDate: link.dataAccessBeginDate,
        restrictionDocument: link.restrictionDocument,
        dataAccessEndDate: link.dataAccessEndDate,
        studentConsentGrantedAt: link.studentConsentGrantedAt,
      },
      contact: {
        id: t.contacts.id,
        firstName: t.contacts.firstName,
        lastSurname: t.contacts.lastSurname,
        email: t.contacts.email,
        phone: t.contacts.phone,
        language: t.contacts.preferredLanguage,
      },
    })
    .from(s)
    .leftJoin(link, eq(link.studentId, s.id))
    .leftJoin(t.contacts, eq(t.contacts.id, link.contactId))
    .where(uuidIn(s.id, studentIds))
    .orderBy(asc(s.id), asc(link.contactPriority), asc(t.contacts.lastSurname), asc(t.contacts.firstName), asc(t.contacts.id))
  for (const row of rows) {
    let student = found.get(row.studentId)
    if (!student) {
      student = { studentName: `${row.preferredName ?? row.firstName} ${row.lastSurname}`, schoolId: row.schoolId, contacts: [] }
      found.set(row.studentId, student)
    }
    const { link: access, contact } = row
    if (!access || !contact || !guardianMayRead({ ...access, studentId: row.studentId, birthDate: row.birthDate }, today)) continue
    student.contacts.push({
      contactId: contact.id,
      displayName: `${contact.firstName} ${contact.lastSurname}`,
      email: contact.email,
      phone: contact.phone,
      language: contact.language,
    })
  }
  return found
}

/** Writes a 'student-contacts' event for each of `studentIds` as they stand in `tx` (call it after the change, in its transaction). */
export async function recordStudentContacts(tx: Db, studentIds: readonly string[]): Promise<void> {
  const contacts = await studentContactsOf(tx, studentIds)
  const events: Array<OutboxEvent<'student-contacts'>> = [...contacts].map(([studentId, payload]) => ({ kind: 'student-contacts', studentId, payload }))
  await recordEvents(tx, t.outbox, events)
}
