/** Checks of client arguments shared by every subgraph: each failure is a BAD_USER_INPUT. */
import { addDays, badUserInput, daysBetween } from '../../lib/contract/index.ts'

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

/**
 * A Date argument as an ISO date. The Date scalar hands resolvers a Date at midnight UTC
 * (graphql-scalars), though codegen types it as the string clients send.
 */
export function dateArgument(value: Date | string): string
export function dateArgument(value: Date | string | null | undefined): string | undefined
export function dateArgument(value: Date | string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined
  return value instanceof Date ? value.toISOString().slice(0, 10) : value
}

/** How long a span of days (`from`, `to`) may be. */
export interface DayRangeLimit {
  /** Its length in days when the client names neither end, or only one. */
  default: number
  /** The longest span one response covers, in days. */
  max: number
}

/**
 * A span of days from `from` to `to`, both included. With neither end, it starts on `today`;
 * with one end, it runs `limit.default` days from it (or up to it). A span that ends before it
 * starts, or that is longer than `limit.max` days, is refused with BAD_USER_INPUT, like a list
 * limit, rather than cut short.
 */
export function dayRange(
  args: { from?: Date | string | null; to?: Date | string | null },
  limit: DayRangeLimit,
  today: string,
): { from: string; to: string } {
  const given = { from: dateArgument(args.from), to: dateArgument(args.to) }
  const from = given.from ?? (given.to === undefined ? today : addDays(given.to, 1 - limit.default))
  const to = given.to ?? addDays(from, limit.default - 1)
  const days = daysBetween(from, to) + 1
  if (days < 1) throw badUserInput('to must not be before from.')
  if (days > limit.max) throw badUserInput(`from and to must span at most ${limit.max} days.`)
  return { from, to }
}
