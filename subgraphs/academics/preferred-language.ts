/**
 * `setPreferredLanguage`: a person chooses the language the portal and the district's
 * correspondence use for them, from the district's languages (lib/contract/languages.ts). A
 * guardian's language travels with the 'student-contacts' event of each of their linked
 * students, written in the same transaction, so messaging alerts them in it.
 */
import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { DISTRICT_LANGUAGES, districtLanguageOf, type Role } from '../../lib/contract/index.ts'
import { badUserInput, notFound, type Viewer } from '../kit/index.ts'
import type { SetPreferredLanguageInput } from './generated/resolvers.ts'
import type { ViewerMapper } from './mappers.ts'
import { recordStudentContacts } from './student-contacts.ts'

/** Where each role's person is kept (admins are district staff). */
const PEOPLE: Record<Role, typeof t.contacts | typeof t.students | typeof t.staff> = {
  GUARDIAN: t.contacts,
  STUDENT: t.students,
  TEACHER: t.staff,
  ADMIN: t.staff,
}

/** The language a person chose, as their record holds it. */
export async function preferredLanguageOf(db: Db, role: Role, personId: string): Promise<string | undefined> {
  const people = PEOPLE[role]
  const [person] = await db.select({ language: people.preferredLanguage }).from(people).where(eq(people.id, personId))
  return person?.language
}

const ALLOWED = DISTRICT_LANGUAGES.map((l) => l.tag).join(', ')

export async function setPreferredLanguage(db: Db, viewer: Viewer, input: SetPreferredLanguageInput): Promise<ViewerMapper> {
  const language = districtLanguageOf(input.language)
  // The value is not echoed: it may be anything, of any length.
  if (!language) throw badUserInput(`language must be one of the district's languages: ${ALLOWED}.`)
  const people = PEOPLE[viewer.role]
  return db.transaction(async (tx) => {
    const [person] = await tx
      .select({ firstName: people.firstName, lastSurname: people.lastSurname, preferredLanguage: people.preferredLanguage })
      .from(people)
      .where(eq(people.id, viewer.id))
      .for('update')
    if (!person) throw notFound('The district holds no record of you to keep a language on.')
    const answer = { id: viewer.id, role: viewer.role, displayName: `${person.firstName} ${person.lastSurname}`, preferredLanguage: language }
    if (person.preferredLanguage === language) return answer
    await tx.update(people).set({ preferredLanguage: language, updatedAt: sql`now()` }).where(eq(people.id, viewer.id))
    if (viewer.role === 'GUARDIAN') {
      const links = await tx
        .select({ studentId: t.studentContactAssociations.studentId })
        .from(t.studentContactAssociations)
        .where(eq(t.studentContactAssociations.contactId, viewer.id))
      await recordStudentContacts(
        tx,
        links.map((l) => l.studentId),
      )
    }
    return answer
  })
}
