import { termLabel } from '../directory.ts'
import type { TermResolvers } from '../generated/resolvers.ts'

export const Term: TermResolvers = {
  name: (term) => termLabel(term),
}
