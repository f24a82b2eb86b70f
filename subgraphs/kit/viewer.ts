/**
 * The viewer: who is asking and which students they may read, in which areas. The gateway
 * works it out once per request and signs it into a short-lived token; a subgraph trusts nothing
 * else, so a request that did not come through the gateway has no viewer and is refused.
 */
import { SignJWT, jwtVerify, type CryptoKey } from 'jose'
import { KEY_ALG } from '../../lib/keys.ts'

/** The areas a student's records fall into; finance is two, since students see meals but not fees. */
export const AREAS = ['academics', 'attendance', 'behaviour', 'fees', 'meals', 'messaging', 'transportation'] as const
export type Area = (typeof AREAS)[number]

export type Role = 'GUARDIAN' | 'STUDENT' | 'TEACHER' | 'ADMIN'
/** The gateway itself, asking academics for a viewer's scope. */
export type ServiceRole = 'GATEWAY'

export interface ViewerScope {
  role: Role
  /** Student id → areas this viewer may read. Admins read every student: `allStudents`. */
  students: Record<string, Area[]>
  allStudents: boolean
}

export interface Viewer extends ViewerScope {
  /** The person's id (academics' student, contact or staff id). */
  id: string
  requestId: string
}

export interface ServiceCaller {
  role: ServiceRole
  requestId: string
}

export type Caller = Viewer | ServiceCaller

export const VIEWER_TOKEN_ISSUER = 'district-graph-gateway'
export const VIEWER_TOKEN_AUDIENCE = 'district-graph-subgraphs'
/** Long enough for one request's query plan, short enough that a leaked token is soon useless. */
export const VIEWER_TOKEN_SECONDS = 60

export function isViewer(caller: Caller | undefined): caller is Viewer {
  return caller !== undefined && caller.role !== 'GATEWAY'
}

export function canRead(viewer: Viewer, studentId: string, area: Area): boolean {
  if (viewer.allStudents) return true
  return viewer.students[studentId]?.includes(area) ?? false
}

/**
 * The token lists students once per set of areas ("academics,attendance": [ids…]), not areas per
 * student: a teacher's hundreds of students then fit in a request header.
 */
function compactGrants(students: Record<string, Area[]>): Record<string, string[]> {
  const grants: Record<string, string[]> = {}
  for (const [studentId, areas] of Object.entries(students)) {
    const key = [...areas].sort().join(',')
    ;(grants[key] ??= []).push(studentId)
  }
  return grants
}

export async function signCallerToken(caller: Caller, key: CryptoKey): Promise<string> {
  const claims = isViewer(caller)
    ? { role: caller.role, rid: caller.requestId, grants: compactGrants(caller.students), all: caller.allStudents }
    : { role: caller.role, rid: caller.requestId }
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: KEY_ALG })
    .setIssuer(VIEWER_TOKEN_ISSUER)
    .setAudience(VIEWER_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${VIEWER_TOKEN_SECONDS}s`)
  if (isViewer(caller)) jwt.setSubject(caller.id)
  return jwt.sign(key)
}

const ROLES = new Set<string>(['GUARDIAN', 'STUDENT', 'TEACHER', 'ADMIN'])
const AREA_SET = new Set<string>(AREAS)

/** Verifies a gateway token; returns undefined for anything not signed by the gateway or expired. */
export async function verifyCallerToken(token: string, key: CryptoKey): Promise<Caller | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: VIEWER_TOKEN_ISSUER,
      audience: VIEWER_TOKEN_AUDIENCE,
      algorithms: [KEY_ALG],
    })
    const requestId = typeof payload.rid === 'string' ? payload.rid : ''
    if (payload.role === 'GATEWAY') return { role: 'GATEWAY', requestId }
    if (typeof payload.role !== 'string' || !ROLES.has(payload.role) || typeof payload.sub !== 'string') return undefined
    const students: Record<string, Area[]> = {}
    const grants = payload.grants
    if (grants && typeof grants === 'object') {
      for (const [key, ids] of Object.entries(grants)) {
        const areas = key.split(',').filter((a): a is Area => AREA_SET.has(a))
        if (!Array.isArray(ids)) continue
        for (const id of ids) if (typeof id === 'string') students[id] = areas
      }
    }
    return { id: payload.sub, role: payload.role as Role, requestId, students, allStudents: payload.all === true && payload.role === 'ADMIN' }
  } catch {
    return undefined
  }
}
