/** What every resolver of every subgraph receives. */
import type { Db } from '../../db/client.ts'
import type { SqlTally } from '../../db/sql-counter.ts'
import { unauthenticated, type Caller, type Disclosures, type DistrictLanguage, type Viewer } from '../../lib/contract/index.ts'

export interface SubgraphContext<Loaders> {
  /** Who is calling: a viewer (through the gateway) or the gateway itself. */
  caller: Caller
  /** The person the request is for; undefined only on the gateway's own calls. */
  viewer: Viewer | undefined
  db: Db
  loaders: Loaders
  /** The request's SQL statements so far, while METRICS_SQL_PER_REQUEST is on. */
  sql?: SqlTally
  /** Student records this request has read, sent back to the gateway for the record of disclosures. */
  disclosures: Disclosures
  /** Whether this is production, where development stand-ins (the development payment provider) are refused. */
  production: boolean
  /** The language labels and explanations are given in (the viewer's; English for the gateway's own calls). */
  language: DistrictLanguage
}

/** The viewer, for resolvers that answer "for whom" (unread counts, own threads). */
export function requireViewer(ctx: { viewer: Viewer | undefined }): Viewer {
  if (!ctx.viewer) throw unauthenticated('This field answers for a person: call it through the gateway.')
  return ctx.viewer
}
