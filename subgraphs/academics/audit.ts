/**
 * The permission report as academics serves it to admins (`permissionAudit`). Composition writes
 * it from every subgraph's SDL and permission map (`npm run compose`), so academics serves the
 * committed artefact rather than importing other teams' code; `check:generated` keeps it fresh.
 */
import fs from 'node:fs'
import type { PermissionReport, PermissionReportRow } from '../../lib/contract/index.ts'
import { PERMISSION_REPORT_PATH } from '../../lib/paths.ts'

let rows: PermissionReportRow[] | undefined

/** The report's rows, read once per process (the file is fixed at start-up). */
export function permissionReportRows(): PermissionReportRow[] {
  rows ??= (JSON.parse(fs.readFileSync(PERMISSION_REPORT_PATH, 'utf8')) as PermissionReport).rows
  return rows
}
