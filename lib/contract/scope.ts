/**
 * The viewer's scope — role, and the students they may read with the areas of each — in the one
 * shape every part uses: academics works it out, the gateway caches it and signs it, the
 * subgraphs' rules read it. On the wire (academics' scope query, the viewer token) it travels as
 * grants, students listed once per set of areas, so a teacher's hundreds of students stay small.
 */
import type { DistrictLanguage } from './languages.ts'
import { isArea, isRole, type Area, type Role, type ServiceRole } from './roles.ts'

export interface Scope {
  role: Role
  /** Student id → areas this viewer may read. Admins read every student: `allStudents`. */
  students: Readonly<Record<string, readonly Area[]>>
  allStudents: boolean
  /** Who the viewer is in a conversation and whom they may write to first; absent for those who start none. */
  correspondence?: Correspondence
  /** The language the person chose (academics' profile; any tag a record holds, district language or not). */
  profileLanguage?: string
}

/** Someone a conversation can be started with, by the name a conversation shows. */
export interface Correspondent {
  id: string
  displayName: string
}

/**
 * What messaging needs to let the viewer start a conversation, worked out by academics with the
 * rest of the scope (messaging may not read academics' tables, and a mutation cannot `@requires`):
 * a guardian may write to the staff who teach a child they may read; a teacher to the guardians
 * of a student in their sections to whom the student's records are open (no court order, an
 * adult student's consent). Students and admins start no conversation.
 */
export interface Correspondence {
  /** The viewer's own name, as the conversations they start show it. */
  displayName: string
  /** BCP 47 tag of the viewer's preferred language: what they write is taken to be in it unless they say otherwise. */
  language: string
  /** Per student the viewer may write about: the student's school and whom they may write to. */
  students: Readonly<Record<string, { schoolId: string; people: readonly Correspondent[] }>>
}

/**
 * A correspondence on the wire (academics' scope query, messaging's viewer token): students by
 * school, so that a teacher's hundred students name their school once.
 */
export interface CorrespondenceWire {
  displayName: string
  language: string
  schools: Array<{ schoolId: string; students: Array<{ studentId: string; people: Correspondent[] }> }>
}

/** A person asking through the gateway: their scope, their id and the request's id. */
export interface Viewer extends Scope {
  /** The person's id (academics' student, contact or staff id). */
  id: string
  requestId: string
  /** The language every label and explanation is given in: the profile's, else the browser's, else English. */
  language?: DistrictLanguage
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

export function toCorrespondenceWire(correspondence: Correspondence): CorrespondenceWire {
  const schools = new Map<string, CorrespondenceWire['schools'][number]>()
  for (const [studentId, { schoolId, people }] of Object.entries(correspondence.students)) {
    let school = schools.get(schoolId)
    if (!school) schools.set(schoolId, (school = { schoolId, students: [] }))
    school.students.push({ studentId, people: [...people] })
  }
  return { displayName: correspondence.displayName, language: correspondence.language, schools: [...schools.values()] }
}

const isString = (value: unknown): value is string => typeof value === 'string'

/** A correspondence from untrusted JSON; undefined when malformed (then the viewer starts no conversation). */
export function correspondenceFrom(value: unknown): Correspondence | undefined {
  const fields = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {})
  const { displayName, language, schools } = fields(value)
  if (!isString(displayName) || !isString(language) || !Array.isArray(schools)) return undefined
  const students: Record<string, { schoolId: string; people: Correspondent[] }> = {}
  for (const school of schools as unknown[]) {
    const { schoolId, students: entries } = fields(school)
    if (!isString(schoolId) || !Array.isArray(entries)) return undefined
    for (const entry of entries as unknown[]) {
      const { studentId, people } = fields(entry)
      if (!isString(studentId) || !Array.isArray(people)) return undefined
      const correspondents: Correspondent[] = []
      for (const person of people as unknown[]) {
        const { id, displayName: name } = fields(person)
        if (!isString(id) || !isString(name)) return undefined
        correspondents.push({ id, displayName: name })
      }
      students[studentId] = { schoolId, people: correspondents }
    }
  }
  return { displayName, language, students }
}

/** A scope from untrusted JSON (a token's claims, a subgraph's answer); undefined when malformed. */
export function scopeFrom(value: { role?: unknown; allStudents?: unknown; grants?: unknown; correspondence?: unknown; language?: unknown }): Scope | undefined {
  if (!isRole(value.role)) return undefined
  const correspondence = correspondenceFrom(value.correspondence)
  return {
    role: value.role,
    allStudents: value.allStudents === true && value.role === 'ADMIN',
    students: fromGrants(value.grants),
    ...(correspondence ? { correspondence } : {}),
    ...(typeof value.language === 'string' ? { profileLanguage: value.language } : {}),
  }
}
