/**
 * One list-limit policy across the graph: every list argument (`first`, `limit`) takes a whole
 * number from 1 to its field's maximum. Anything else fails the field with BAD_USER_INPUT naming
 * the argument and the maximum (never the value sent), where it used to be clamped silently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as academics from '../subgraphs/academics/db/schema.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

interface ListArgument {
  field: string
  login: string
  /** An operation taking the list argument as `$n`, and `$id` (demo.student's id) or `$termId`. */
  query: string
  argument: 'first' | 'limit'
  max: number
  /** Where the error is reported, and what is left of the data once the field fails. */
  path: Array<string | number>
  data: unknown
}

const ARGUMENTS: ListArgument[] = [
  {
    field: 'Query.accessLog',
    login: 'demo.guardian',
    query: 'query ($id: ID!, $n: Int) { accessLog(studentId: $id, first: $n) { hasNextPage } }',
    argument: 'first',
    max: 200,
    path: ['accessLog'],
    data: { accessLog: null },
  },
  {
    field: 'Query.portalUsage',
    login: 'demo.admin',
    query: 'query ($termId: ID!, $n: Int) { portalUsage(termId: $termId, first: $n) { term { name } } }',
    argument: 'first',
    max: 200,
    path: ['portalUsage'],
    data: { portalUsage: null },
  },
  {
    field: 'Student.assignments',
    login: 'demo.guardian',
    query: 'query ($id: ID!, $n: Int) { student(id: $id) { assignments(limit: $n) { id } } }',
    argument: 'limit',
    max: 500,
    path: ['student', 'assignments'],
    data: { student: null },
  },
  {
    field: 'Student.upcomingAssignments',
    login: 'demo.guardian',
    query: 'query ($id: ID!, $n: Int) { student(id: $id) { upcomingAssignments(limit: $n) { id } } }',
    argument: 'limit',
    max: 100,
    path: ['student', 'upcomingAssignments'],
    data: { student: { upcomingAssignments: null } },
  },
  {
    field: 'AttendanceSummary.recentEvents',
    login: 'demo.guardian',
    query: 'query ($id: ID!, $n: Int) { student(id: $id) { attendance { recentEvents(limit: $n) { id } } } }',
    argument: 'limit',
    max: 100,
    path: ['student', 'attendance', 'recentEvents'],
    data: { student: { attendance: null } },
  },
  {
    field: 'StudentFinance.recentPayments',
    login: 'demo.guardian',
    query: 'query ($id: ID!, $n: Int) { student(id: $id) { finance { recentPayments(limit: $n) { amountCents } } } }',
    argument: 'limit',
    max: 100,
    path: ['student', 'finance', 'recentPayments'],
    data: { student: { finance: { recentPayments: null } } },
  },
  {
    field: 'MealAccount.recentTransactions',
    login: 'demo.guardian',
    query: 'query ($id: ID!, $n: Int) { student(id: $id) { finance { mealAccount { recentTransactions(limit: $n) { amountCents } } } } }',
    argument: 'limit',
    max: 100,
    path: ['student', 'finance', 'mealAccount', 'recentTransactions'],
    data: { student: { finance: { mealAccount: null } } },
  },
  {
    field: 'Student.announcements',
    login: 'demo.guardian',
    query: 'query ($id: ID!, $n: Int) { student(id: $id) { announcements(limit: $n) { id } } }',
    argument: 'limit',
    max: 200,
    path: ['student', 'announcements'],
    data: { student: { announcements: null } },
  },
  {
    field: 'MessageThread.messages',
    login: 'demo.guardian',
    query: 'query ($id: ID!, $n: Int) { student(id: $id) { messageThreads { messages(limit: $n) { id } } } }',
    argument: 'limit',
    max: 200,
    // The first thread's failure nulls the list of threads, and the student still stands.
    path: ['student', 'messageThreads', 0, 'messages'],
    data: { student: { messageThreads: null } },
  },
]

let t: TestSystem
let variables: { id: string; termId: string }
beforeAll(async () => {
  t = await startTestSystem()
  const [term] = await t.db('academics').select().from(academics.terms)
  variables = { id: await t.personId('demo.student'), termId: term?.id ?? '' }
})
afterAll(() => t.close())

describe.each(ARGUMENTS)('$field($argument:)', ({ login, query, argument, max, path, data }) => {
  it.each([
    ['one past the maximum', max + 1],
    ['a billion', 1_000_000_000],
    ['zero', 0],
    ['a negative number', -1],
  ])(`refuses %s with BAD_USER_INPUT naming ${argument} and ${max}`, async (_what, n) => {
    const response = await t.query({ login }, query, { ...variables, n })
    expect(response.body).toStrictEqual({
      errors: [{ message: `${argument} must be a whole number between 1 and ${max}.`, path, extensions: { code: 'BAD_USER_INPUT' } }],
      data,
    })
  })

  it(`serves the maximum, ${max}, itself`, async () => {
    const response = await t.query({ login }, query, { ...variables, n: max })
    expect(response.body.errors).toStrictEqual(undefined)
  })
})
