/**
 * Checks of the writes' inputs before anything is read or written: each failure is a
 * BAD_USER_INPUT whose sentence names the field and what it takes, never the value sent.
 */
import { badUserInput, idArgument } from '../kit/index.ts'

/** The most fees one payment names: a family's whole bill fits with room to spare. */
export const MAX_FEES_PER_PAYMENT = 50
/** The most one meal deposit adds: what cafeteria systems commonly allow online at a time. */
export const MAX_MEAL_DEPOSIT_CENTS = 50_000

/** Visible ASCII without spaces: a UUID, a ULID, a client's own scheme. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/

export function idempotencyKeyArgument(value: string): string {
  if (!IDEMPOTENCY_KEY.test(value)) throw badUserInput('idempotencyKey must be 1 to 255 visible characters without spaces (a UUID serves).')
  return value
}

/** Whole cents from 1 to `max`. */
export function centsArgument(name: string, value: number, max = 2 ** 31 - 1): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw badUserInput(`${name} must be a whole number of cents from 1 to ${max}.`)
  return value
}

export function paymentTokenArgument(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined
  if (value.length < 1 || value.length > 255) throw badUserInput("paymentToken must be the token the payment page returned (1 to 255 characters).")
  return value
}

/** Fee ids: at least one, at most MAX_FEES_PER_PAYMENT, each an id, none twice. */
export function feeIdsArgument(values: readonly string[]): string[] {
  if (values.length === 0) throw badUserInput('feeIds must name at least one fee.')
  if (values.length > MAX_FEES_PER_PAYMENT) throw badUserInput(`feeIds may name at most ${MAX_FEES_PER_PAYMENT} fees.`)
  const ids = values.map((value) => idArgument('feeIds', value).toLowerCase())
  if (new Set(ids).size !== ids.length) throw badUserInput('feeIds must name each fee once.')
  return ids
}

/** A reason for the record: 1 to 200 characters once trimmed. */
export function reasonArgument(value: string): string {
  const reason = value.trim()
  if (reason.length < 1 || reason.length > 200) throw badUserInput('reason must be 1 to 200 characters.')
  return reason
}
