/**
 * The drift test for writes. For every mutation in the API schema, the permission report says
 * which roles may make it; for every role it leaves out, the gateway must refuse with the
 * shield's FORBIDDEN whatever the input — here the input closest to allowed: about demo.student
 * (Leo), whom every demo login may read — and nothing in the database may change. For the roles
 * it lets through always, the shield must not refuse. (What a write then checks against the
 * data is each write's own tests'.)
 */
import fs from 'node:fs'
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../db/client.ts'
import { ROLES, type Role } from '../lib/contract/index.ts'
import { API_SCHEMA_PATH, SUPERGRAPH_PATH } from '../schema/compose.ts'
import { buildPermissionReport, permissionMapsOf } from '../schema/permission-report.ts'
import { SUBGRAPHS } from '../subgraphs/index.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

const api = buildSchema(fs.readFileSync(API_SCHEMA_PATH, 'utf8'))
const report = buildPermissionReport(fs.readFileSync(SUPERGRAPH_PATH, 'utf8'), permissionMapsOf(SUBGRAPHS))
const mutations = Object.values(api.getMutationType()?.getFields() ?? {})
const LOGIN: Record<Role, string> = { GUARDIAN: 'demo.guardian', STUDENT: 'demo.student', TEACHER: 'demo.teacher', ADMIN: 'demo.admin' }
/** The shield's own refusal (its fallback error), as opposed to a write's checks against the data. */
const SHIELD_REFUSAL = 'You may not read this.'

let t: TestSystem
let ids: Record<string, string>

/** A value for each required input field: ids of real people where the name says whose. */
function valueFor(name: string, type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return valueFor(name, type.ofType)
  if (isListType(type)) return [valueFor(name, type.ofType)]
  if (isEnumType(type)) return type.getValues()[0]?.value
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, valueFor(f.name, f.type)]),
    )
  }
  if (!isScalarType(type)) throw new Error(`No value for ${name}`)
  switch (type.name) {
    case 'ID':
      return ids[name] ?? randomUUID()
    case 'String':
      return name === 'language' ? 'es' : 'Hello from the drift test.'
    case 'Int':
      return 1
    case 'Boolean':
      return true
    case 'Date':
      return '2026-11-19'
    case 'LocalTime':
      return '21:00:00'
    default:
      throw new Error(`No value for the scalar ${type.name} (${name})`)
  }
}

/** Rows per table of every subgraph's schema (the gateway's own sign-in count aside). */
async function tableCounts(): Promise<Record<string, number>> {
  const tables = rowsOf<{ schema: string; name: string }>(
    await t.db('academics').execute(sql`select table_schema as schema, table_name as name from information_schema.tables
      where table_schema in ('academics', 'attendance', 'behaviour', 'finance', 'messaging', 'transportation') and table_type = 'BASE TABLE'
      and not (table_schema = 'academics' and table_name = 'portal_sign_ins') order by 1, 2`),
  )
  const counts: Record<string, number> = {}
  for (const { schema, name } of tables) {
    const [row] = rowsOf<{ n: number }>(await t.db('academics').execute(sql.raw(`select count(*)::int as n from "${schema}"."${name}"`)))
    counts[`${schema}.${name}`] = row?.n ?? 0
  }
  return counts
}

beforeAll(async () => {
  t = await startTestSystem({ writable: 'mutation_drift', env: { RATE_LIMIT_PER_VIEWER: '100000', RATE_LIMIT_PER_ADDRESS: '100000' } })
  ids = { studentId: await t.personId('demo.student'), guardianId: await t.personId('demo.guardian'), staffId: await t.personId('demo.teacher') }
}, 120_000)
afterAll(() => t.close())

describe('every mutation against the permission report', () => {
  it('finds a report row for every mutation', () => {
    expect(mutations.length).toBeGreaterThan(10)
    for (const field of mutations) expect(report.rows.find((r) => r.type === 'Mutation' && r.field === field.name), field.name).toBeDefined()
  })

  it.each(mutations.map((m) => [m.name]))('%s: roles the report leaves out are refused and change nothing; roles it always allows are not', async (name) => {
    const field = mutations.find((m) => m.name === name)
    const row = report.rows.find((r) => r.type === 'Mutation' && r.field === name)
    if (!field || !row) throw new Error(name)
    const variables = Object.fromEntries(field.args.map((a) => [a.name, valueFor(a.name, a.type)]))
    const signature = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')
    const selection = field.args.length > 0 ? `(${field.args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : ''
    expect('getFields' in getNamedType(field.type)).toBe(true)
    const query = `mutation Drift(${signature}) { ${name}${selection} { __typename } }`
    for (const role of ROLES) {
      const condition = row.roles[role] ?? null
      if (condition !== null && condition !== 'always') continue
      const before = condition === null ? await tableCounts() : undefined
      const answer = await t.query({ login: LOGIN[role] }, query, variables)
      const refusal = answer.body.errors?.find((e) => e.extensions?.code === 'FORBIDDEN' && e.message === SHIELD_REFUSAL)
      if (condition === null) {
        expect(refusal, `${name} as ${role}: ${answer.text}`).toBeDefined()
        expect(answer.body.data?.[name] ?? null).toBeNull()
        expect(await tableCounts(), `${name} as ${role} changed the database`).toEqual(before)
      } else {
        expect(refusal, `${name} as ${role}: ${answer.text}`).toBeUndefined()
      }
    }
  })
})
