/**
 * The viewer's scope — role, and the students they may read with the areas of each — in the one
 * shape every part uses: academics works it out, the gateway caches it and signs it, the
 * subgraphs' rules read it. On the wire (academics' scope query, the viewer token) it travels as
 * grants, students listed once per set of areas, so a teacher's hundreds of students stay small.
 */
import { isArea, isRole, type Area, type Role, type ServiceRole } from './roles.ts'

export interface Scope {
  role: Role
  /** Student id → areas this viewer may read. Admins read every student: `allStudents`. */
  students: Readonly<Record<string, readonly Area[]>>
  allStudents: boolean
}

/** A person asking through the gateway: their scope, their id and the request's id. */
export interface Viewer extends Scope {
  /** The person's id (academics' student, contact or staff id). */
  id: string
  requestId: string
}

/** The gateway's own calls, never a person's. */
export interface ServiceCaller {
  role: ServiceRole
  requestId: string
}

export type Caller = Viewer | ServiceCaller

/** Students who share one set of areas. */
export interface Grant {
  areas: Area[]
  studentIds: string[]
}

export function isViewer(caller: Caller | undefined): caller is Viewer {
  return caller !== undefined && caller.role !== 'GATEWAY'
}

export function canRead(scope: Scope, studentId: string, area: Area): boolean {
  if (scope.allStudents) return true
  return scope.students[studentId]?.includes(area) ?? false
}

/** Whether the scope opens any area of the student. */
export function canReadAny(scope: Scope, studentId: string): boolean {
  return scope.allStudents || (scope.students[studentId]?.length ?? 0) > 0
}

/** The scope's students as grants, one per distinct set of areas (sorted, so equal scopes encode alike). */
export function toGrants(students: Scope['students']): Grant[] {
  const grants = new Map<string, Grant>()
  for (const [studentId, areas] of Object.entries(students)) {
    const sorted = [...areas].sort()
    const key = sorted.join(',')
    let grant = grants.get(key)
    if (!grant) grants.set(key, (grant = { areas: sorted, studentIds: [] }))
    grant.studentIds.push(studentId)
  }
  return [...grants.values()]
}

/** Grants back to students, keeping only what is well formed (an unknown area opens nothing). */
export function fromGrants(grants: unknown): Record<string, Area[]> {
  const students: Record<string, Area[]> = {}
  if (!Array.isArray(grants)) return students
  for (const grant of grants as unknown[]) {
    if (!grant || typeof grant !== 'object') continue
    const { areas, studentIds } = grant as { areas?: unknown; studentIds?: unknown }
    if (!Array.isArray(areas) || !Array.isArray(studentIds)) continue
    const known = areas.filter(isArea)
    for (const id of studentIds) if (typeof id === 'string') students[id] = known
  }
  return students
}

/** A scope from untrusted JSON (a token's claims, a subgraph's answer); undefined when malformed. */
export function scopeFrom(value: { role?: unknown; allStudents?: unknown; grants?: unknown }): Scope | undefined {
  if (!isRole(value.role)) return undefined
  return { role: value.role, allStudents: value.allStudents === true && value.role === 'ADMIN', students: fromGrants(value.grants) }
}
