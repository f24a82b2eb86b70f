/** Checks of client arguments shared by every subgraph: each failure is a BAD_USER_INPUT. */
import { badUserInput } from '../../lib/contract/index.ts'

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** An id argument, checked before it reaches SQL (a malformed uuid would be a database error). */
export function idArgument(name: string, value: string): string
export function idArgument(name: string, value: string | null | undefined): string | undefined
export function idArgument(name: string, value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined
  if (!UUID.test(value)) throw badUserInput(`${name} must be an id, not "${value}".`)
  return value
}

/** A page size between 1 and `max`. */
export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  const size = first ?? fallback
  if (!Number.isInteger(size) || size < 1 || size > max) throw badUserInput(`first must be between 1 and ${max}.`)
  return size
}

