/** Who may ask (roles) and what a student's records are split into (areas): the vocabulary of every rule. */

export const ROLES = ['GUARDIAN', 'STUDENT', 'TEACHER', 'ADMIN'] as const
export type Role = (typeof ROLES)[number]

/** The gateway itself, asking academics for a viewer's scope or writing the record of disclosures. */
export type ServiceRole = 'GATEWAY'

/** The areas a student's records fall into; finance is two, since students see meals but not fees. */
export const AREAS = ['academics', 'attendance', 'behaviour', 'fees', 'meals', 'messaging', 'transportation'] as const
export type Area = (typeof AREAS)[number]

const ROLE_SET: ReadonlySet<string> = new Set(ROLES)
const AREA_SET: ReadonlySet<string> = new Set(AREAS)

export const isRole = (value: unknown): value is Role => typeof value === 'string' && ROLE_SET.has(value)
export const isArea = (value: unknown): value is Area => typeof value === 'string' && AREA_SET.has(value)
