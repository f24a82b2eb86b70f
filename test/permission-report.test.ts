/**
 * The admins' permission report: it covers every field of the API schema with no problem, finds
 * the problems it exists to find, and cannot drift from enforcement. For the last, everything is
 * derived from the report itself: every field reachable from `student(id:)` and `me` gets a query
 * (the path from the root, the least selection that reaches it), and each role a viewer and a
 * student for whom the role's conditions hold and, where there is one, a student for whom they do
 * not. The gateway must allow a field (no FORBIDDEN on its path) exactly when the report's
 * condition for the role holds for every field along that path.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { deny } from 'graphql-shield'
import { buildSchema, getNamedType, isNonNullType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_SCHEMA_PATH, SUPERGRAPH_PATH } from '../schema/compose.ts'
import { buildPermissionReport, permissionMapsOf, type PermissionReportRow } from '../schema/permission-report.ts'
import { SUBGRAPHS } from '../subgraphs/index.ts'
import { rules, type Role } from '../subgraphs/kit/index.ts'
import { linkedStudents, one, studentsOfTeacher, type StudentRow } from './support/people.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

const supergraphSdl = fs.readFileSync(SUPERGRAPH_PATH, 'utf8')
const api = buildSchema(fs.readFileSync(API_SCHEMA_PATH, 'utf8'))
const maps = permissionMapsOf(SUBGRAPHS)
const report = buildPermissionReport(supergraphSdl, maps)

const LINKED = 'linked child, unless a court order restricts the link or an adult student has not consented'
const EVERY_ROLE = (condition: string) => ({ GUARDIAN: condition, STUDENT: condition, TEACHER: condition, ADMIN: condition })

function row(type: string, field: string): PermissionReportRow {
  const found = report.rows.find((r) => r.type === type && r.field === field)
  if (!found) throw new Error(`The report has no row for ${type}.${field}.`)
  return found
}

describe('the report', () => {
  it('has one row per field of every object type in the API schema, and finds no problem', () => {
    const fields = Object.values(api.getTypeMap())
      .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'))
      .flatMap((type) => Object.keys(type.getFields()).map((field) => `${type.name}.${field}`))
    expect(report.rows.map((r) => `${r.type}.${r.field}`).sort()).toStrictEqual(fields.sort())
    expect(report.problems).toStrictEqual([])
  })

  it('lists every subgraph that resolves a key, and what each role needs to read a field', () => {
    expect(row('Student', 'id')).toStrictEqual({
      type: 'Student',
      field: 'id',
      subgraphs: ['academics', 'attendance', 'behaviour', 'finance', 'messaging', 'transportation'],
      rule: 'canReadStudentInAnyArea',
      roles: { GUARDIAN: LINKED, STUDENT: 'self', TEACHER: 'students enrolled in own sections', ADMIN: 'any student' },
    })
    // academics owns the school; finance and messaging answer only its id (an `@external` is not resolving).
    expect(row('School', 'id')).toStrictEqual({ type: 'School', field: 'id', subgraphs: ['academics', 'finance', 'messaging'], rule: 'isSignedIn', roles: EVERY_ROLE('always') })
    expect(row('Student', 'school').subgraphs).toStrictEqual(['academics'])
    expect(row('StudentFinance', 'balanceDueCents')).toStrictEqual({
      type: 'StudentFinance',
      field: 'balanceDueCents',
      subgraphs: ['finance'],
      rule: 'canReadStudent(fees)',
      roles: { GUARDIAN: LINKED, STUDENT: null, TEACHER: null, ADMIN: 'any student' },
    })
  })

  it('reports a field with no rule, a rule no role passes, and a key its subgraphs guard differently', () => {
    const nobody: rules.Permission = { name: 'gatewayOnly', roles: { GATEWAY: 'always' }, rule: deny }
    const { 'StudentFinance.mealAccount': _dropped, ...finance } = maps.finance
    const broken = buildPermissionReport(supergraphSdl, {
      ...maps,
      finance,
      transportation: { ...maps.transportation, 'BusStop.*': nobody },
      behaviour: { ...maps.behaviour, 'Staff.id': rules.isAdmin },
    })
    expect(broken.problems).toStrictEqual([
      "BusStop.name: transportation's rule gatewayOnly passes for no role.",
      "BusStop.scheduledTime: transportation's rule gatewayOnly passes for no role.",
      "BusStop.sequence: transportation's rule gatewayOnly passes for no role.",
      'Staff.id: its subgraphs guard it with different rules, so what a viewer reads depends on the query plan.',
      "StudentFinance.mealAccount has no rule in finance's permission map: the shield denies it to everyone.",
    ])
    expect(broken.rows.find((r) => r.type === 'Staff' && r.field === 'id')).toStrictEqual({
      type: 'Staff',
      field: 'id',
      subgraphs: ['academics', 'behaviour'],
      rule: 'academics: isSignedIn; behaviour: isAdmin',
      roles: { GUARDIAN: 'academics: always; behaviour: never', STUDENT: 'academics: always; behaviour: never', TEACHER: 'academics: always; behaviour: never', ADMIN: 'always' },
    })
    expect(broken.rows.find((r) => r.type === 'StudentFinance' && r.field === 'mealAccount')).toStrictEqual({
      type: 'StudentFinance',
      field: 'mealAccount',
      subgraphs: ['finance'],
      rule: 'none (denied)',
      roles: { GUARDIAN: null, STUDENT: null, TEACHER: null, ADMIN: null },
    })
  })

  it('is what npm run audit:permissions prints as JSON, exiting 0', () => {
    const printed = execFileSync('node_modules/.bin/tsx', ['scripts/audit-permissions.ts', '--format', 'json'], { encoding: 'utf8' })
    expect(JSON.parse(printed)).toStrictEqual(report)
  })
})

// The drift test: what each condition in the report means for a (viewer, record) pair.

/** Where a record stands to the viewer, as far as the report's conditions ask. */
interface Standing {
  self: boolean
  linkedChild: boolean
  ownSection: boolean
}
const NONE: Standing = { self: false, linkedChild: false, ownSection: false }
/** A field under `me` is the viewer's own record. */
const THE_VIEWER: Standing = { ...NONE, self: true }

/** Every condition the report uses, in words, and when it holds. A new one must be taught here. */
const MEANINGS: Record<string, (standing: Standing) => boolean> = {
  always: () => true,
  'any student': () => true,
  'any thread': () => true,
  self: (s) => s.self,
  [LINKED]: (s) => s.linkedChild,
  'students enrolled in own sections': (s) => s.ownSection,
  // `messageThreads` lists only the threads the viewer takes part in: what is left is whose they are.
  [`threads they take part in, about a ${LINKED}`]: (s) => s.linkedChild,
  'threads they take part in about themself': (s) => s.self,
  'threads they take part in, about students enrolled in own sections': (s) => s.ownSection,
  // A guardian's alerts and preferences, under `me`: the viewer's own (alerts only about children they may read now).
  own: (s) => s.self,
  [`own alerts, about a ${LINKED}`]: (s) => s.self,
}

type Sample = 'leo' | 'maya' | 'noah'
interface Case {
  role: Role
  login: string
  student: Sample
  standing: Standing
}
const CASES: Case[] = [
  { role: 'GUARDIAN', login: 'demo.guardian', student: 'leo', standing: { ...NONE, linkedChild: true } },
  // Noah is linked to this guardian, but a court order restricts the link.
  { role: 'GUARDIAN', login: 'restricted.guardian', student: 'noah', standing: NONE },
  { role: 'STUDENT', login: 'demo.student', student: 'leo', standing: { ...NONE, self: true } },
  { role: 'STUDENT', login: 'demo.student', student: 'maya', standing: NONE },
  { role: 'TEACHER', login: 'demo.teacher', student: 'leo', standing: { ...NONE, ownSection: true } },
  { role: 'TEACHER', login: 'demo.teacher', student: 'maya', standing: NONE },
  // An admin's conditions hold for every student: there is none for whom they do not.
  { role: 'ADMIN', login: 'demo.admin', student: 'leo', standing: NONE },
]

/** One field along the way from the root: the type it is on, its name, the arguments it needs. */
interface Step {
  type: string
  field: string
  arguments: string
  isObject: boolean
}
/** A field to query, with the path that reaches it. */
interface Probe {
  steps: Step[]
}

/**
 * In this order: a type reached from both (a message thread: a student's, or in a staff member's
 * inbox under `me`) is probed under `student(id:)`, where each case's standing describes it.
 */
const ROOTS = ['student', 'me']
const ARGUMENTS: Record<string, string> = { 'Query.student': '(id: $id)' }

/** Every field reachable from the roots, each by the shortest path (breadth first over types). */
function reachableFields(schema: GraphQLSchema): Probe[] {
  const query = schema.getQueryType()
  if (!query) throw new Error('The API schema has no query type.')
  const probes: Probe[] = []
  const queue: Array<{ type: GraphQLObjectType; steps: Step[]; only?: string[] }> = [{ type: query, steps: [], only: ROOTS }]
  const seen = new Set<string>([query.name])
  for (let next = queue.shift(); next; next = queue.shift()) {
    const fields = next.type.getFields()
    for (const field of next.only ? next.only.flatMap((name) => fields[name] ?? []) : Object.values(fields)) {
      const coordinate = `${next.type.name}.${field.name}`
      const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined)
      if (required.length > 0 && !ARGUMENTS[coordinate]) throw new Error(`${coordinate} needs arguments the drift test has no values for.`)
      const named = getNamedType(field.type)
      const steps = [...next.steps, { type: next.type.name, field: field.name, arguments: ARGUMENTS[coordinate] ?? '', isObject: isObjectType(named) }]
      probes.push({ steps })
      if (isObjectType(named) && !seen.has(named.name)) {
        seen.add(named.name)
        queue.push({ type: named, steps })
      }
    }
  }
  return probes
}

interface SelectionNode {
  arguments: string
  children: Map<string, SelectionNode>
}

/** One operation selecting every probe's path; an object-typed field ends in `__typename`, which no rule guards. */
function operationFor(probes: Probe[]): { query: string; usesStudent: boolean } {
  const root = new Map<string, SelectionNode>()
  for (const { steps } of probes) {
    let level = root
    for (const step of steps) {
      const node = level.get(step.field) ?? { arguments: step.arguments, children: new Map() }
      level.set(step.field, node)
      level = node.children
    }
    if (steps.at(-1)?.isObject) level.set('__typename', { arguments: '', children: new Map() })
  }
  const print = (level: Map<string, SelectionNode>): string =>
    [...level].map(([name, node]) => `${name}${node.arguments}${node.children.size > 0 ? ` { ${print(node.children)} }` : ''}`).join(' ')
  const usesStudent = root.has('student')
  return { query: `query${usesStudent ? ' ($id: ID!)' : ''} { ${print(root)} }`, usesStudent }
}

type Outcome = 'allowed' | 'denied'

function expectedOutcome(probe: Probe, testCase: Case): Outcome {
  const standing = probe.steps[0]?.field === 'me' ? THE_VIEWER : testCase.standing
  const allowed = probe.steps.every((step) => {
    const condition = row(step.type, step.field).roles[testCase.role]
    if (condition === null) return false
    const meaning = MEANINGS[condition]
    if (!meaning) throw new Error(`The report's condition "${condition}" (${step.type}.${step.field}, ${testCase.role}) is new: say in MEANINGS when it holds.`)
    return meaning(standing)
  })
  return allowed ? 'allowed' : 'denied'
}

const pathOf = (probe: Probe) => probe.steps.map((s) => s.field)
const isPrefix = (prefix: string[], path: string[]) => prefix.length <= path.length && prefix.every((name, i) => path[i] === name)

let t: TestSystem
let students: Record<Sample, StudentRow>
const probes = reachableFields(api)

beforeAll(async () => {
  t = await startTestSystem()
  const children = await linkedStudents(t, 'demo.guardian')
  students = {
    leo: one(children.filter((s) => s.firstName === 'Leo'), 'Leo'),
    maya: one(children.filter((s) => s.firstName === 'Maya'), 'Maya'),
    noah: one(await linkedStudents(t, 'restricted.guardian'), 'restricted child'),
  }
  // The cases' standings, checked against the seed rather than assumed.
  expect(await t.personId('demo.student')).toBe(students.leo.id)
  const taught = (await studentsOfTeacher(t, 'demo.teacher')).map((s) => s.id)
  expect([taught.includes(students.leo.id), taught.includes(students.maya.id)]).toStrictEqual([true, false])
})
afterAll(() => t.close())

/** What the gateway does with each probe: denied when a FORBIDDEN error lies on its path. */
async function observe(testCase: Case, batch: Probe[]): Promise<Outcome[]> {
  const { query, usesStudent } = operationFor(batch)
  const response = await t.query({ login: testCase.login }, query, usesStudent ? { id: students[testCase.student].id } : undefined)
  const errors = response.body.errors ?? []
  if (errors.some((e) => e.extensions?.code !== 'FORBIDDEN' || !e.path)) throw new Error(`Unexpected errors for ${testCase.login}: ${response.text}`)
  const forbidden = errors.map((e) => (e.path ?? []).filter((p): p is string => typeof p === 'string'))
  return batch.map((probe) => (forbidden.some((path) => isPrefix(path, pathOf(probe))) ? 'denied' : 'allowed'))
}

/**
 * Observes a batch in one request. When every probe comes out as expected, that is proof for each
 * (an error on a path denies it; none anywhere allows all). Otherwise a denied non-null field may
 * have hidden its siblings' errors, so the batch is split, by parent, then field by field.
 */
async function settle(testCase: Case, batch: Probe[], expected: Outcome): Promise<Map<Probe, Outcome>> {
  const observed = await observe(testCase, batch)
  if (batch.length === 1 || observed.every((o) => o === expected)) return new Map(batch.map((probe, i) => [probe, observed[i] ?? 'allowed']))
  const byParent = new Map<string, Probe[]>()
  for (const probe of batch) {
    const parent = pathOf(probe).slice(0, -1).join('.')
    byParent.set(parent, [...(byParent.get(parent) ?? []), probe])
  }
  const parts = byParent.size > 1 ? [...byParent.values()] : batch.map((probe) => [probe])
  const settled = new Map<Probe, Outcome>()
  for (const part of parts) for (const [probe, outcome] of await settle(testCase, part, expected)) settled.set(probe, outcome)
  return settled
}

describe('the report against the running graph', () => {
  it('derives one query path for each field reachable from student(id:) and me, every one a row of the report', () => {
    const probed = probes.map((p) => `${p.steps.at(-1)?.type}.${p.steps.at(-1)?.field}`)
    expect(new Set(probed).size).toBe(probed.length)
    const rows = new Set(report.rows.map((r) => `${r.type}.${r.field}`))
    expect(probed.filter((coordinate) => !rows.has(coordinate))).toStrictEqual([])
  })

  it.each(CASES.map((c) => [c.login, c.student, c] as const))('%s reading %s: the gateway allows exactly what the report says', async (_login, _student, testCase) => {
    const me = await t.query<{ me: { role: Role } }>({ login: testCase.login }, '{ me { role } }')
    expect(me.body.data?.me.role).toBe(testCase.role)

    const expected = new Map(probes.map((probe) => [probe, expectedOutcome(probe, testCase)]))
    const drift: string[] = []
    for (const outcome of ['allowed', 'denied'] as const) {
      const batch = probes.filter((probe) => expected.get(probe) === outcome)
      if (batch.length === 0) continue
      for (const [probe, observed] of await settle(testCase, batch, outcome)) {
        if (observed !== outcome) drift.push(`${pathOf(probe).join('.')}: the report says ${outcome}, the gateway ${observed} it`)
      }
    }
    expect(drift).toStrictEqual([])
  })
})
