/** What every resolver of every subgraph receives. */
import type { Db } from '../../db/client.ts'
import type { SqlTally } from '../../lib/sql-counter.ts'
import { unauthenticated } from './errors.ts'
import type { Area, Caller, Viewer } from './viewer.ts'

/** One part of a student's records a request read (FERPA's record of disclosures). */
export interface Disclosure {
  studentId: string
  area: Area
  /** The schema coordinate read: `Type.field`. */
  field: string
}

/** The disclosures of one request, each once however many records of its kind were read. */
export type Disclosures = Map<string, Disclosure>

export function recordDisclosure(disclosures: Disclosures, disclosure: Disclosure): void {
  const key = `${disclosure.studentId}|${disclosure.area}|${disclosure.field}`
  if (!disclosures.has(key)) disclosures.set(key, disclosure)
}

export interface SubgraphContext<Loaders> {
  /** Who is calling: a viewer (through the gateway) or the gateway itself. */
  caller: Caller
  /** The person the request is for; undefined only on the gateway's own calls. */
  viewer: Viewer | undefined
  db: Db
  loaders: Loaders
  sql: SqlTally
  /** Student records this request has read, sent back to the gateway for the record of disclosures. */
  disclosures: Disclosures
}

/** The viewer, for resolvers that answer "for whom" (unread counts, own threads). */
export function requireViewer(ctx: { viewer: Viewer | undefined }): Viewer {
  if (!ctx.viewer) throw unauthenticated('This field answers for a person: call it through the gateway.')
  return ctx.viewer
}
