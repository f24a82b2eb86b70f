import { listLimit, requireViewer, type ListLimit } from '../../kit/index.ts'
import { alertPage } from '../alerts/feed.ts'
import { preferencesOf } from '../alerts/preferences.ts'
import type { ViewerResolvers } from '../generated/resolvers.ts'

/** `inbox(limit:)`: 50 unless asked, at most 200. */
const INBOX: ListLimit = { default: 50, max: 200 }
/** `alerts(first:)`: 20 unless asked, at most 100. */
const ALERTS: ListLimit = { default: 20, max: 100 }

export const Viewer: ViewerResolvers = {
  // academics answers `me`; the gateway hands over the id, and the rule checks it is the viewer's own.
  __resolveReference: ({ id }) => ({ id }),
  inbox: (_viewer, { limit }, ctx) => ctx.loaders.inbox.load(listLimit('limit', limit, INBOX)),
  notificationPreferences: async (_viewer, _args, ctx) => {
    const viewer = requireViewer(ctx)
    return (await preferencesOf(ctx.db, [viewer.id])).get(viewer.id) ?? null
  },
  alerts: (_viewer, { first, after }, ctx) => alertPage(ctx.db, requireViewer(ctx), listLimit('first', first, ALERTS), after),
}
