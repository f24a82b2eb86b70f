import { listLimit, type ListLimit } from '../../kit/index.ts'
import type { StudentResolvers } from '../generated/resolvers.ts'

/** `announcements(limit:)`: 20 unless asked, at most 200. */
const ANNOUNCEMENTS: ListLimit = { default: 20, max: 200 }

export const Student: StudentResolvers = {
  // academics owns students; a reference carries the id and, for announcements, what
  // `@requires` fetched from academics. The field rules decide what the viewer reads.
  __resolveReference: (reference) => ({
    id: reference.id,
    school: 'school' in reference ? reference.school : null,
    sections: 'sections' in reference ? reference.sections : null,
    correspondents: 'correspondents' in reference ? reference.correspondents : null,
  }),
  messageThreads: (s, _args, ctx) => ctx.loaders.threadsOfStudent.load(s.id),
  // academics says whom the viewer may write to (`@requires`): guardians write to staff, teachers to guardians.
  messageRecipients: (s, _args, ctx) => {
    if (!s.correspondents) throw new Error('Student.messageRecipients needs the correspondents from academics (@requires), which the gateway sends.')
    const personType = ctx.viewer?.role === 'TEACHER' ? 'Contact' : 'Staff'
    return s.correspondents.map((person) => ({ id: person.id, displayName: person.displayName, personType, studentId: s.id }))
  },
  announcements: async (s, { limit }, ctx) => {
    if (!s.school) throw new Error('Student.announcements needs the school from academics (@requires), which the gateway sends.')
    const rows = await ctx.loaders.announcements.load({
      studentId: s.id,
      schoolId: s.school.id,
      sectionIds: (s.sections ?? []).map((enrolment) => enrolment.section.id),
      limit: listLimit('limit', limit, ANNOUNCEMENTS),
    })
    return rows.map((announcement) => ({ ...announcement, studentId: s.id }))
  },
}
