/** What the gateway knows about each request. */
import type { Disclosure, Viewer } from '../lib/contract/index.ts'

export interface GatewayContext {
  requestId: string
  viewer: Viewer
  /**
   * The viewer signed by the gateway for one subgraph (each token names its one audience), made
   * once per request, subgraph and kind: a write's token carries what the subgraph checks writes by.
   */
  tokenFor(subgraph: string, writes?: boolean): Promise<string>
  /** Aborts every subgraph fetch still running when the request's time is up. */
  deadline: AbortSignal
  /** What the subgraphs report this request read of students' records (for the record of disclosures). */
  disclosures: Disclosure[]
}
