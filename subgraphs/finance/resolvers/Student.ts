import type { StudentResolvers } from '../generated/resolvers.ts'

export const Student: StudentResolvers = {
  // academics owns students; here a reference needs only its id, and the field rules decide.
  __resolveReference: ({ id }) => ({ id }),
  finance: (s) => ({ studentId: s.id }),
}
