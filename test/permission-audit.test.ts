/**
 * The admins' "who can read which field?" through the graph: `permissionAudit` answers demo.admin
 * with exactly the rows of the permission report (the same maps that build the shields), and
 * refuses everyone else.
 */
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SUPERGRAPH_PATH } from '../schema/compose.ts'
import { buildPermissionReport, permissionMapsOf } from '../schema/permission-report.ts'
import { SUBGRAPHS } from '../subgraphs/index.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

const AUDIT = '{ permissionAudit { type field subgraphs rule guardian student teacher admin } }'

let t: TestSystem
beforeAll(async () => {
  t = await startTestSystem()
})
afterAll(() => t.close())

describe('permissionAudit', () => {
  it('gives demo.admin every field of the graph with its rule and each role’s condition', async () => {
    const report = buildPermissionReport(fs.readFileSync(SUPERGRAPH_PATH, 'utf8'), permissionMapsOf(SUBGRAPHS))
    const response = await t.query({ login: 'demo.admin' }, AUDIT)
    expect(response.body).toStrictEqual({
      data: {
        permissionAudit: report.rows.map((row) => ({
          type: row.type,
          field: row.field,
          subgraphs: row.subgraphs,
          rule: row.rule,
          guardian: row.roles.GUARDIAN,
          student: row.roles.STUDENT,
          teacher: row.roles.TEACHER,
          admin: row.roles.ADMIN,
        })),
      },
    })
    expect(report.problems).toStrictEqual([])
    const rows = (response.body.data as { permissionAudit: Array<{ type: string; field: string; rule: string; student: string | null }> }).permissionAudit
    expect(rows.find((r) => r.type === 'StudentFinance' && r.field === 'balanceDueCents')).toMatchObject({ rule: 'canReadStudent(fees)', student: null })
  })

  it.each(['demo.guardian', 'demo.student', 'demo.teacher', 'restricted.guardian'])('refuses %s', async (login) => {
    const response = await t.query({ login }, AUDIT)
    expect(response.body).toStrictEqual({
      data: { permissionAudit: null },
      errors: [{ message: 'You may not read this.', path: ['permissionAudit'], extensions: { code: 'FORBIDDEN' } }],
    })
  })
})
