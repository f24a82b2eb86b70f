/**
 * A change to a guardianship link reaches every subgraph within the scope cache's lifetime
 * (SCOPE_CACHE_SECONDS, 30 s by default, so within a minute): a new court order takes the child
 * away, lifting it gives the child back, and an adult student's consent opens their records.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../lib/config.ts'
import { linkedStudents, one, type StudentRow } from './support/people.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

const CACHE_SECONDS = 1
const DASHBOARD = `query ($id: ID!) { student(id: $id) { firstName attendance { daysEnrolled } finance { mealAccount { balanceCents } } } }`

let t: TestSystem
beforeAll(async () => {
  t = await startTestSystem({ writable: 'scope_change', env: { SCOPE_CACHE_SECONDS: String(CACHE_SECONDS) } })
})
afterAll(() => t.close())

const expire = () => new Promise((resolve) => setTimeout(resolve, CACHE_SECONDS * 1000 + 100))

async function readAs(login: string, student: StudentRow) {
  const response = await t.query({ login }, DASHBOARD, { id: student.id })
  const code = response.body.errors?.[0]?.extensions?.code
  return { firstName: (response.body.data as { student: { firstName: string } | null } | undefined)?.student?.firstName ?? null, code: code ?? null }
}

async function children(login: string) {
  const response = await t.query({ login }, '{ me { children { firstName } } }')
  return (response.body.data as { me: { children: Array<{ firstName: string }> } }).me.children.map((c) => c.firstName)
}

describe('a change of access', () => {
  it('keeps the default cache lifetime within a minute', () => {
    expect(loadConfig({}).scopeCacheSeconds).toBeLessThanOrEqual(60)
  })

  it('takes a child away from a guardian when a court order is recorded, and gives it back when lifted', async () => {
    const maya = one((await linkedStudents(t, 'demo.guardian')).filter((s) => s.firstName === 'Maya'), 'Maya')
    const guardianId = await t.personId('demo.guardian')
    expect(await readAs('demo.guardian', maya)).toStrictEqual({ firstName: 'Maya', code: null })

    await t.db('academics').execute(sql`update academics.student_contact_associations
      set restriction_document = 'Court order 2026-FC-0999', restricted_at = now()
      where student_id = ${maya.id} and contact_id = ${guardianId}`)
    await expire()
    expect(await readAs('demo.guardian', maya)).toStrictEqual({ firstName: null, code: 'FORBIDDEN' })
    expect(await children('demo.guardian')).toStrictEqual(['Leo'])

    await t.db('academics').execute(sql`update academics.student_contact_associations
      set restriction_document = null, restricted_at = null
      where student_id = ${maya.id} and contact_id = ${guardianId}`)
    await expire()
    expect(await readAs('demo.guardian', maya)).toStrictEqual({ firstName: 'Maya', code: null })
    expect(await children('demo.guardian')).toStrictEqual(['Leo', 'Maya'])
  })

  it("opens an adult student's records to a parent once the student consents, and closes them when consent is withdrawn", async () => {
    const jordan = one(await linkedStudents(t, 'adult.guardian'), 'Jordan')
    const guardianId = await t.personId('adult.guardian')
    expect(await readAs('adult.guardian', jordan)).toStrictEqual({ firstName: null, code: 'FORBIDDEN' })

    await t.db('academics').execute(sql`update academics.student_contact_associations set student_consent_granted_at = now()
      where student_id = ${jordan.id} and contact_id = ${guardianId}`)
    await expire()
    expect(await readAs('adult.guardian', jordan)).toStrictEqual({ firstName: 'Jordan', code: null })

    await t.db('academics').execute(sql`update academics.student_contact_associations set student_consent_granted_at = null
      where student_id = ${jordan.id} and contact_id = ${guardianId}`)
    await expire()
    expect(await readAs('adult.guardian', jordan)).toStrictEqual({ firstName: null, code: 'FORBIDDEN' })
  })
})
