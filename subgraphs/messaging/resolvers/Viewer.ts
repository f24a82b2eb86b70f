import { listLimit, type ListLimit } from '../../kit/index.ts'
import type { ViewerResolvers } from '../generated/resolvers.ts'

/** `inbox(limit:)`: 50 unless asked, at most 200. */
const INBOX: ListLimit = { default: 50, max: 200 }

export const Viewer: ViewerResolvers = {
  // academics answers `me`; the gateway hands over the id, and the rule checks it is the viewer's own.
  __resolveReference: ({ id }) => ({ id }),
  inbox: (_viewer, { limit }, ctx) => ctx.loaders.inbox.load(listLimit('limit', limit, INBOX)),
}
