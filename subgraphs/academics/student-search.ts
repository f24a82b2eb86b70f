/**
 * Admins find a student by name or by the district's id (accessLog's `studentId`), without SQL.
 * Names match ignoring case and accents (Postgres' unaccent, migration 0007, on PGlite and the
 * server alike), each word of the query anywhere in the first, last or preferred name; a district
 * id matches exactly. One statement, whatever the district's size: a seq scan of the students,
 * which an admin's occasional search can afford.
 */
import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { badUserInput, listLimit, type ListLimit } from '../kit/index.ts'
import type { QuerySearchStudentsArgs } from './generated/resolvers.ts'
import type { StudentMapper } from './mappers.ts'

/** `searchStudents(first:)`: 20 unless asked, at most 100. */
const PAGE: ListLimit = { default: 20, max: 100 }
const QUERY_LENGTH = { min: 2, max: 100 }

/** Lower case without accents, as both sides of a comparison are read. */
const fold = (value: SQL) => sql`lower(academics.unaccent(${value}))`
const NAMES = [t.students.firstName, t.students.lastSurname, t.students.preferredName].map((column) => fold(sql`${column}`))

/** A word as a LIKE pattern's literal part: its own `%`, `_` and `\` match only themselves. */
const literal = (word: string) => fold(sql`${word.replace(/[\\%_]/g, '\\$&')}::text`)

/** Every word is somewhere in one of the names (`%word%`), or at the start of one (`word%`). */
function everyWord(words: readonly string[], anywhere: boolean): SQL | undefined {
  return and(...words.map((word) => or(...NAMES.map((name) => sql`${name} like ${anywhere ? sql`'%' || ` : sql``}${literal(word)} || '%'`))))
}

export async function searchStudents(db: Db, args: QuerySearchStudentsArgs): Promise<StudentMapper[]> {
  const first = listLimit('first', args.first, PAGE)
  // Composed, as names are stored (a decomposed "ễ" would not match), and counted in code points.
  const query = args.query.normalize('NFC').trim()
  const length = Array.from(query).length
  if (length < QUERY_LENGTH.min || length > QUERY_LENGTH.max) {
    throw badUserInput(`query must be ${QUERY_LENGTH.min} to ${QUERY_LENGTH.max} characters.`)
  }
  const words = query.split(/\s+/)
  const byId = eq(t.students.studentUniqueId, query)
  return db
    .select()
    .from(t.students)
    .where(or(byId, everyWord(words, true)))
    .orderBy(
      sql`case when ${or(byId, everyWord(words, false))} then 0 else 1 end`,
      sql`${fold(sql`${t.students.lastSurname}`)} collate "C"`,
      sql`${fold(sql`${t.students.firstName}`)} collate "C"`,
      asc(t.students.id),
    )
    .limit(first)
}
