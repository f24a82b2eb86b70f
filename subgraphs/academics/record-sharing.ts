/**
 * An adult student's say over their records (FERPA: at 18 the rights pass to the student, and a
 * parent reads only with the student's consent): whom they share with, and the write that grants
 * or withdraws it. The consent lives on the guardianship link (`student_consent_granted_at`);
 * the scope reads it from there, so the gateway applies a change when its cached scope expires.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { ageOn, isoToday } from '../../lib/contract/index.ts'
import { badUserInput, forbidden, idArgument, type Viewer } from '../kit/index.ts'
import type { SetRecordSharingInput } from './generated/resolvers.ts'
import type { RecordSharingMapper } from './mappers.ts'
import { guardianMayRead } from './scope.ts'
import { recordStudentContacts } from './student-contacts.ts'

/** The age at which the rights to a student's records pass to the student. */
export const AGE_OF_RIGHTS = 18

export const MINOR_REFUSED = `The rights to your records pass to you at ${AGE_OF_RIGHTS}: until then your parents read them, and you cannot share or withhold them.`

const link = t.studentContactAssociations

/** A student's links with what the answer shows of each, for `where` (one student, or one link of theirs). */
function linksOf(db: Db, where: SQL | undefined) {
  return db
    .select({
      studentId: link.studentId,
      birthDate: t.students.birthDate,
      restrictionDocument: link.restrictionDocument,
      dataAccessBeginDate: link.dataAccessBeginDate,
      dataAccessEndDate: link.dataAccessEndDate,
      studentConsentGrantedAt: link.studentConsentGrantedAt,
      relation: link.relation,
      contactId: t.contacts.id,
      firstName: t.contacts.firstName,
      lastSurname: t.contacts.lastSurname,
    })
    .from(link)
    .innerJoin(t.students, eq(t.students.id, link.studentId))
    .innerJoin(t.contacts, eq(t.contacts.id, link.contactId))
    .where(where)
    .orderBy(asc(link.contactPriority), asc(t.contacts.lastSurname), asc(t.contacts.firstName), asc(t.contacts.id))
}

type LinkRow = Awaited<ReturnType<typeof linksOf>>[number]

function sharingOf(row: LinkRow, today: string): RecordSharingMapper {
  return {
    studentId: row.studentId,
    guardian: { studentId: row.studentId, id: row.contactId, displayName: `${row.firstName} ${row.lastSurname}`, relation: row.relation },
    sharedSince: row.studentConsentGrantedAt,
    restricted: row.restrictionDocument !== null,
    open: guardianMayRead(row, today),
  }
}

/** Whom an adult student shares their records with: each linked contact; empty for a minor. */
export async function recordSharingOf(db: Db, studentId: string, today = isoToday()): Promise<RecordSharingMapper[]> {
  const rows = await linksOf(db, eq(link.studentId, studentId))
  return rows.filter((row) => ageOn(row.birthDate, today) >= AGE_OF_RIGHTS).map((row) => sharingOf(row, today))
}

/**
 * `setRecordSharing`: the viewer (a student, as the rule checked) shares with or withdraws from a
 * contact linked to them, in one transaction with the event that tells messaging who may now be
 * alerted. Setting what is already set writes nothing. Sharing with a contact a court order bars
 * is refused: consent given while barred would open the records the day the order is lifted,
 * without the student deciding anew. Withdrawing is always allowed.
 */
export async function setRecordSharing(db: Db, viewer: Viewer, input: SetRecordSharingInput, today = isoToday()): Promise<RecordSharingMapper> {
  const contactId = idArgument('guardianId', input.guardianId)
  return db.transaction(async (tx) => {
    const theLink = and(eq(link.studentId, viewer.id), eq(link.contactId, contactId))
    // Locks the link alone (drizzle qualifies `for update of` with the schema, which Postgres refuses).
    await tx.select({ id: link.id }).from(link).where(theLink).for('update')
    const [row] = await linksOf(tx, theLink)
    if (!row) throw badUserInput('guardianId names no parent or other contact linked to you.')
    if (ageOn(row.birthDate, today) < AGE_OF_RIGHTS) throw forbidden(MINOR_REFUSED)
    if (input.share && row.restrictionDocument !== null) {
      throw badUserInput('A court order bars this contact from your records: sharing cannot lift it.')
    }
    if (input.share === (row.studentConsentGrantedAt !== null)) return sharingOf(row, today)
    const [updated] = await tx
      .update(link)
      .set({ studentConsentGrantedAt: input.share ? sql`now()` : null, updatedAt: sql`now()` })
      .where(theLink)
      .returning({ studentConsentGrantedAt: link.studentConsentGrantedAt })
    if (!updated) throw new Error('The locked guardianship link vanished.')
    await recordStudentContacts(tx, [viewer.id])
    return sharingOf({ ...row, studentConsentGrantedAt: updated.studentConsentGrantedAt }, today)
  })
}
