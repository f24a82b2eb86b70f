/**
 * The permission report as academics serves it to admins (`permissionAudit`). The report is
 * platform data — the committed supergraph and every subgraph's permission map, the same maps
 * that build each shield — so it reads those files rather than asking the other subgraphs.
 */
import fs from 'node:fs'
import { buildPermissionReport, permissionMapsOf, type PermissionReportRow } from '../../schema/permission-report.ts'
import { SUPERGRAPH_PATH } from '../../schema/compose.ts'
import { permissions as attendance } from '../attendance/permissions.ts'
import { permissions as behaviour } from '../behaviour/permissions.ts'
import { permissions as finance } from '../finance/permissions.ts'
import { permissions as messaging } from '../messaging/permissions.ts'
import { permissions as transportation } from '../transportation/permissions.ts'
import { permissions as academics } from './permissions.ts'

let report: PermissionReportRow[] | undefined

/** The report's rows, built once per process (both inputs are fixed at start-up). */
export function permissionReportRows(): PermissionReportRow[] {
  const maps = { academics, attendance, behaviour, finance, messaging, transportation }
  report ??= buildPermissionReport(
    fs.readFileSync(SUPERGRAPH_PATH, 'utf8'),
    permissionMapsOf(Object.fromEntries(Object.entries(maps).map(([name, permissions]) => [name, { permissions }])) as Parameters<typeof permissionMapsOf>[0]),
  ).rows
  return report
}
