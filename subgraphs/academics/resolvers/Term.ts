import { gradingPeriodLabel } from '../catalogue.ts'
import { termLabel } from '../directory.ts'
import type { GradingPeriodResolvers, TermResolvers } from '../generated/resolvers.ts'

export const Term: TermResolvers = {
  name: (term) => termLabel(term),
}

export const GradingPeriod: GradingPeriodResolvers = {
  label: (p, _args, ctx) => gradingPeriodLabel(ctx.language, p.name),
}
