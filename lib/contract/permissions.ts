/**
 * Permissions as data: what a rule means for each role, in words. The subgraphs' permission maps
 * hold these beside the shield rules they build; the permission report joins them with the
 * composed schema, and academics serves the report to admins.
 */
import type { Role, ServiceRole } from './roles.ts'

/** A rule's name and, for each role, the condition under which it passes (absent: never). */
export interface PermissionEntry {
  name: string
  roles: Partial<Record<Role | ServiceRole, string>>
}

/** `'Type.field'` (or `'Type.*'` for every field of a type) → the entry that guards it. */
export type PermissionEntries<Entry extends PermissionEntry = PermissionEntry> = Readonly<Record<string, Entry>>

/** The entry that guards `type.field`, as the shield will apply it. */
export function permissionFor<Entry extends PermissionEntry>(map: PermissionEntries<Entry>, type: string, field: string): Entry | undefined {
  return map[`${type}.${field}`] ?? map[`${type}.*`]
}

/** Whether only a `Type.*` wildcard guards `type.field` (no entry names it). */
export function coveredByWildcard(map: PermissionEntries, type: string, field: string): boolean {
  return map[`${type}.${field}`] === undefined && map[`${type}.*`] !== undefined
}

/** The roles a report row answers for, in the contract's order. */
export const REPORT_ROLES = ['GUARDIAN', 'STUDENT', 'TEACHER', 'ADMIN'] as const satisfies readonly Role[]

/** Per role, when the field may be read, in words; null when never. */
export type RoleConditions = Record<Role, string | null>

export interface PermissionReportRow {
  type: string
  field: string
  /** The subgraphs that resolve the field: several for a key field each of them answers. */
  subgraphs: string[]
  /** The permission's name; `academics: …; finance: …` when the subgraphs guard it differently. */
  rule: string
  roles: RoleConditions
}

export interface PermissionReport {
  rows: PermissionReportRow[]
  /** Each a sentence naming `Type.field`: what is unguarded, unreadable, or guarded inconsistently. */
  problems: string[]
  /**
   * `Type.field`s that no entry names, guarded only by a `Type.*` wildcard: a field added to such
   * a type is guarded without anyone deciding it, so new ones are listed for review.
   */
  wildcardOnly: string[]
}
