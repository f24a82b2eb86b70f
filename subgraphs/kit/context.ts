/** What every resolver of every subgraph receives. */
import type { Db } from '../../db/client.ts'
import type { SqlTally } from '../../lib/sql-counter.ts'
import { unauthenticated } from './errors.ts'
import type { Caller, Viewer } from './viewer.ts'

export interface SubgraphContext<Loaders> {
  /** Who is calling: a viewer (through the gateway) or the gateway itself. */
  caller: Caller
  /** The person the request is for; undefined only on the gateway's own calls. */
  viewer: Viewer | undefined
  db: Db
  loaders: Loaders
  sql: SqlTally
}

/** The viewer, for resolvers that answer "for whom" (unread counts, own threads). */
export function requireViewer(ctx: { viewer: Viewer | undefined }): Viewer {
  if (!ctx.viewer) throw unauthenticated('This field answers for a person: call it through the gateway.')
  return ctx.viewer
}
