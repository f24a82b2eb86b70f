/**
 * The record of disclosures (FERPA, 34 CFR 99.32) as it passes between the parts: a subgraph
 * notes each student field a viewer was allowed, and hands the notes to the gateway in the
 * response's `extensions.disclosures`; the gateway, which alone sees the whole operation, writes
 * one record per student read.
 */
import { isArea, type Area } from './roles.ts'

/** One part of a student's records a request read. */
export interface Disclosure {
  studentId: string
  area: Area
  /** The schema coordinate read: `Type.field`. */
  field: string
}

/** The response extension that carries a subgraph's disclosures to the gateway. */
export const DISCLOSURES_EXTENSION = 'disclosures'

/** The disclosures of one request, each once however many records of its kind were read. */
export type Disclosures = Map<string, Disclosure>

export function recordDisclosure(disclosures: Disclosures, disclosure: Disclosure): void {
  const key = `${disclosure.studentId}|${disclosure.area}|${disclosure.field}`
  if (!disclosures.has(key)) disclosures.set(key, disclosure)
}

/** Whether a value from a subgraph's JSON is a well-formed disclosure. */
export function isDisclosure(value: unknown): value is Disclosure {
  if (!value || typeof value !== 'object') return false
  const d = value as Record<string, unknown>
  return typeof d.studentId === 'string' && typeof d.field === 'string' && isArea(d.area)
}
