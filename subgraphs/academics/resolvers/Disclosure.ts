import type { DisclosureResolvers } from '../generated/resolvers.ts'

export const Disclosure: DisclosureResolvers = {
  // A page's viewers load in one statement (contacts, staff and students at once); the role is
  // the one recorded, which the person read in.
  viewer: async (d, _args, ctx) => {
    const person = await ctx.loaders.person.load(d.viewerId)
    return { studentId: d.studentId, id: d.viewerId, role: d.viewerRole, displayName: person ? `${person.firstName} ${person.lastSurname}` : null }
  },
}
