import type { RecordSharingResolvers, ViewerResolvers } from '../generated/resolvers.ts'
import { recordSharingOf } from '../record-sharing.ts'

export const Viewer: ViewerResolvers = {
  children: async (viewer, _args, ctx) => {
    if (viewer.role !== 'GUARDIAN' || !ctx.viewer) return []
    const students = await ctx.loaders.student.loadMany(Object.keys(ctx.viewer.students))
    return students
      .filter((s): s is Exclude<typeof s, Error | null> => s !== null && !(s instanceof Error))
      .sort((a, b) => a.birthDate.localeCompare(b.birthDate))
  },
  // The rule admits students only; a minor's list is empty.
  recordSharing: (viewer, _args, ctx) => recordSharingOf(ctx.db, viewer.id),
}

export const RecordSharing: RecordSharingResolvers = {
  shared: (r) => r.sharedSince !== null,
}
