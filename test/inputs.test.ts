/**
 * Every id, date, cursor and limit a client sends is checked at the edge: a bad one gets
 * BAD_USER_INPUT and a sentence that says what is expected, never an internal error, a stack or
 * the value itself echoed back at any length. (Limits have their own file: list-limits.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSystem, type TestSystem } from './support/system.ts'

let t: TestSystem
beforeAll(async () => {
  t = await startTestSystem()
})
afterAll(() => t.close())

const HUGE = 'x'.repeat(5000)
const DATE_TIME = 'Not a valid DateTime: a DateTime is an ISO 8601 instant with its offset, such as 2026-11-20T08:00:00Z.'

describe('bad input from a signed-in admin', () => {
  it.each([
    ['an id that is not one, in the query', '{ student(id: "not-an-id") { id } }', {}, { errors: [{ message: 'id must be an id (a UUID).', path: ['student'], extensions: { code: 'BAD_USER_INPUT' } }], data: { student: null } }],
    ['an id that is not one, in a variable', 'query ($id: ID!) { student(id: $id) { id } }', { id: HUGE }, { errors: [{ message: 'id must be an id (a UUID).', path: ['student'], extensions: { code: 'BAD_USER_INPUT' } }], data: { student: null } }],
    [
      'a filter id that is not one',
      '{ accessLog(studentId: "42") { nodes { id } } }',
      {},
      { errors: [{ message: 'studentId must be an id (a UUID).', path: ['accessLog'], extensions: { code: 'BAD_USER_INPUT' } }], data: { accessLog: null } },
    ],
    ['a date that is not one, in the query', '{ accessLog(from: "not-a-date") { nodes { id } } }', {}, { errors: [{ message: DATE_TIME, extensions: { code: 'BAD_USER_INPUT' } }] }],
    [
      'a cursor that is not one',
      '{ accessLog(after: "zzz") { nodes { id } } }',
      {},
      { errors: [{ message: 'after must be an endCursor from a previous page.', path: ['accessLog'], extensions: { code: 'BAD_USER_INPUT' } }], data: { accessLog: null } },
    ],
  ])('refuses %s with BAD_USER_INPUT and a sentence', async (_what, query, variables, expected) => {
    const response = await t.query({ login: 'demo.admin' }, query, variables)
    expect(response.body).toStrictEqual(expected)
    expect(response.text).not.toContain(HUGE)
  })

  it('refuses a date in a variable without echoing it, however long', async () => {
    for (const value of ['not-a-date', HUGE]) {
      const response = await t.query({ login: 'demo.admin' }, 'query ($from: DateTime) { accessLog(from: $from) { nodes { id } } }', { from: value })
      expect(response.body).toStrictEqual({
        errors: [{ message: `Variable "$from" got an invalid value: ${DATE_TIME}`, locations: [{ line: 1, column: 8 }], extensions: { code: 'BAD_USER_INPUT' } }],
      })
    }
  })

  it('takes a good date as it was sent', async () => {
    const response = await t.query({ login: 'demo.admin' }, 'query ($from: DateTime) { accessLog(from: $from, first: 1) { hasNextPage } }', { from: '2099-01-01T00:00:00Z' })
    expect(response.body).toStrictEqual({ data: { accessLog: { hasNextPage: false } } })
  })
})
