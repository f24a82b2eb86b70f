/** What the gateway knows about each request. */
import type { Disclosure, Viewer } from '../lib/contract/index.ts'

export interface GatewayContext {
  requestId: string
  viewer: Viewer
  /** The viewer signed by the gateway, sent to every subgraph fetch. */
  viewerToken: string
  /** What the subgraphs report this request read of students' records (for the record of disclosures). */
  disclosures: Disclosure[]
}
