/** Checks of client arguments shared by every subgraph: each failure is a BAD_USER_INPUT. */
import { badUserInput } from '../../lib/contract/index.ts'

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** An id argument, checked before it reaches SQL (a malformed uuid would be a database error). */
export function idArgument(name: string, value: string): string
export function idArgument(name: string, value: string | null | undefined): string | undefined
export function idArgument(name: string, value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined
  // The value is not echoed: it may be anything, of any length.
  if (!UUID.test(value)) throw badUserInput(`${name} must be an id (a UUID).`)
  return value
}

/** How long one list argument (`first`, `limit`) may make a list. */
export interface ListLimit {
  /** The length when the client names none, or sends null: the schema's default for the argument. */
  default: number
  /** The longest list one response carries. */
  max: number
}

/**
 * The one list-limit policy: a list argument is a whole number from 1 to its maximum, and any
 * other value is refused with BAD_USER_INPUT rather than clamped, so a client learns the limit
 * instead of silently getting fewer rows than it asked for. The message names the argument and
 * the limit, not the value sent.
 */
export function listLimit(name: string, value: number | null | undefined, limit: ListLimit): number {
  const size = value ?? limit.default
  if (!Number.isInteger(size) || size < 1 || size > limit.max) throw badUserInput(`${name} must be a whole number between 1 and ${limit.max}.`)
  return size
}
