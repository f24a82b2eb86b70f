/**
 * `npm run audit:permissions [-- --format table|markdown|json|csv]`: prints who may read each
 * field of the graph, composing the subgraphs' SDL as they are in the work tree (never trusting
 * the committed supergraph) and joining it with their permission maps. Exits 1 after listing the
 * problems when a field is unguarded or readable by no role; lists for review the fields that
 * only a `Type.*` wildcard guards and that the committed report did not have.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import type { PermissionReport as Committed } from '../lib/contract/index.ts'
import { PERMISSION_REPORT_PATH } from '../lib/paths.ts'
import { composeSupergraph } from '../schema/compose.ts'
import { buildPermissionReport, REPORT_ROLES, type PermissionReport, type PermissionReportRow } from '../schema/permission-report.ts'
import { loadPermissionMaps } from './permission-maps.ts'

const FORMATS = ['table', 'markdown', 'json', 'csv'] as const
type Format = (typeof FORMATS)[number]

const NEVER = 'never'

function formatOf(argv: string[]): Format {
  const index = argv.findIndex((arg) => arg === '--format' || arg.startsWith('--format='))
  if (index === -1) return 'table'
  const arg = argv[index] ?? ''
  const value = arg.includes('=') ? arg.split('=')[1] : argv[index + 1]
  const format = FORMATS.find((f) => f === value)
  if (!format) throw new Error(`--format must be one of ${FORMATS.join(', ')}; got ${value ?? 'nothing'}.`)
  return format
}

/** Consecutive fields of a type guarded alike print as one block. */
function table(rows: PermissionReportRow[]): string {
  const blocks: Array<{ rows: PermissionReportRow[]; signature: string }> = []
  for (const row of rows) {
    const signature = JSON.stringify([row.type, row.subgraphs, row.rule, row.roles])
    const last = blocks.at(-1)
    if (last?.signature === signature) last.rows.push(row)
    else blocks.push({ rows: [row], signature })
  }
  const width = Math.max('rule'.length, ...REPORT_ROLES.map((role) => role.length))
  return blocks
    .map(({ rows: [first, ...rest] }) => {
      if (!first) return ''
      const fields = [first, ...rest].map((row) => row.field).join(', ')
      return [
        `${first.type}.${rest.length > 0 ? `{${fields}}` : fields}  (${first.subgraphs.join(', ')})`,
        `  ${'rule'.padEnd(width)}  ${first.rule}`,
        ...REPORT_ROLES.map((role) => `  ${role.padEnd(width)}  ${first.roles[role] ?? NEVER}`),
      ].join('\n')
    })
    .join('\n\n')
}

function markdown(rows: PermissionReportRow[]): string {
  const cell = (text: string) => text.replaceAll('|', '\\|')
  const header = ['Type', 'Field', 'Subgraphs', 'Rule', ...REPORT_ROLES.map((r) => r.charAt(0) + r.slice(1).toLowerCase())]
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${[row.type, row.field, row.subgraphs.join(', '), row.rule, ...REPORT_ROLES.map((role) => row.roles[role] ?? NEVER)].map(cell).join(' | ')} |`),
  ].join('\n')
}

function csv(rows: PermissionReportRow[]): string {
  const cell = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text)
  return [
    ['type', 'field', 'subgraphs', 'rule', ...REPORT_ROLES.map((r) => r.toLowerCase())].join(','),
    ...rows.map((row) => [row.type, row.field, row.subgraphs.join(' '), row.rule, ...REPORT_ROLES.map((role) => row.roles[role] ?? NEVER)].map(cell).join(',')),
  ].join('\n')
}

function render(report: PermissionReport, format: Format): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2)
    case 'markdown':
      return markdown(report.rows)
    case 'csv':
      return csv(report.rows)
    case 'table':
      return table(report.rows)
  }
}

/** The report as committed at HEAD (or on disk outside a git checkout), to tell new fields from old. */
function committedReport(): Committed | undefined {
  try {
    return JSON.parse(execFileSync('git', ['show', `HEAD:${PERMISSION_REPORT_PATH}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Committed
  } catch {
    return fs.existsSync(PERMISSION_REPORT_PATH) ? (JSON.parse(fs.readFileSync(PERMISSION_REPORT_PATH, 'utf8')) as Committed) : undefined
  }
}

async function main() {
  const format = formatOf(process.argv.slice(2))
  const report = buildPermissionReport(composeSupergraph().supergraphSdl, await loadPermissionMaps())
  console.log(render(report, format))
  const before = new Set(committedReport()?.wildcardOnly ?? [])
  const review = report.wildcardOnly.filter((coordinate) => !before.has(coordinate))
  if (review.length > 0) {
    console.error(
      `\n${review.length} new field(s) guarded only by a Type.* wildcard: review each, and name it in its subgraph's permission map if the wildcard's rule is not what it needs:\n${review.map((c) => `- ${c}`).join('\n')}`,
    )
  }
  if (report.problems.length > 0) {
    console.error(`\n${report.problems.length} permission problem(s):\n${report.problems.map((p) => `- ${p}`).join('\n')}`)
    process.exit(1)
  }
  if (format === 'table') console.log(`\n${report.rows.length} fields, each guarded by an explicit rule some role passes.`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
