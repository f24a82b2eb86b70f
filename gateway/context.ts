/** What the gateway knows about each request. */
import type { Viewer } from '../subgraphs/kit/viewer.ts'

export interface GatewayContext {
  requestId: string
  viewer: Viewer
  /** The viewer signed by the gateway, sent to every subgraph fetch. */
  viewerToken: string
}
