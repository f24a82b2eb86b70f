/** Looks up the seeded people the contract names, and others in given situations. */
import { eq, sql } from 'drizzle-orm'
import { rowsOf, type Database, type Db } from '../../db/client.ts'
import * as academics from '../../subgraphs/academics/db/schema.ts'
import type { SubgraphName } from '../../lib/subgraphs.ts'

/** The seeded district as a test reads it: a subgraph's tables, and who a login is. */
export interface TestData {
  db: (name: SubgraphName) => Db
  /** The person id behind a seeded login. */
  personId: (login: string) => Promise<string>
}

export function testDataIn(database: Database): TestData {
  return {
    db: (name) => database.drizzle(`test:${name}`),
    personId: async (login) => {
      const [account] = await database.drizzle('test').select().from(academics.accounts).where(eq(academics.accounts.login, login))
      if (!account) throw new Error(`No seeded login ${login}`)
      return account.personId
    },
  }
}

export interface StudentRow {
  id: string
  firstName: string
  lastSurname: string
}

export async function studentRows(t: TestData, query: ReturnType<typeof sql>): Promise<StudentRow[]> {
  return rowsOf<{ id: string; first_name: string; last_surname: string }>(await t.db('academics').execute(query)).map((r) => ({
    id: r.id,
    firstName: r.first_name,
    lastSurname: r.last_surname,
  }))
}

/** Students linked to a login's contact, whatever their restriction or consent, oldest first. */
export async function linkedStudents(t: TestData, login: string): Promise<StudentRow[]> {
  return studentRows(
    t,
    sql`select s.id, s.first_name, s.last_surname from academics.students s
        join academics.student_contact_associations l on l.student_id = s.id
        join academics.accounts a on a.person_id = l.contact_id
        where a.login = ${login} order by s.birth_date, s.id`,
  )
}

/** Students enrolled in a teacher's sections. */
export async function studentsOfTeacher(t: TestData, login: string): Promise<StudentRow[]> {
  return studentRows(
    t,
    sql`select distinct s.id, s.first_name, s.last_surname from academics.students s
        join academics.student_section_associations e on e.student_id = s.id and e.end_date is null
        join academics.staff_section_associations ss on ss.section_id = e.section_id
        join academics.accounts a on a.person_id = ss.staff_id
        where a.login = ${login} order by s.id`,
  )
}

export function one<T>(rows: T[], what: string): T {
  const [row, ...rest] = rows
  if (!row || rest.length > 0) throw new Error(`Expected exactly one ${what}, found ${rows.length}.`)
  return row
}

/** The students linked to a login's contact (restricted or not), youngest grade first. */
export async function childrenOf(t: TestData, login: string) {
  return t
    .db('academics')
    .select({ id: academics.students.id, firstName: academics.students.firstName, gradeLevel: academics.students.gradeLevel })
    .from(academics.studentContactAssociations)
    .innerJoin(academics.students, eq(academics.students.id, academics.studentContactAssociations.studentId))
    .where(eq(academics.studentContactAssociations.contactId, await t.personId(login)))
    .orderBy(academics.students.gradeLevel)
}
