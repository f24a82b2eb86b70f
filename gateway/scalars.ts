/**
 * The gateway checks the graph's custom scalars itself. The supergraph declares Date, DateTime
 * and LocalTime without implementations, so the gateway would pass any string on and the
 * subgraph's refusal would come back as an outage; here a bad value is refused at the edge with
 * a sentence that does not echo it (a value may be any length). A good value still travels to
 * the subgraph exactly as the client sent it.
 */
import { GraphQLError, isScalarType, valueFromASTUntyped, type GraphQLScalarType, type GraphQLSchema } from 'graphql'
import { DateResolver, DateTimeResolver, LocalTimeResolver } from 'graphql-scalars'

const CHECKS: Record<string, { resolver: GraphQLScalarType; sentence: string }> = {
  Date: { resolver: DateResolver, sentence: 'a Date is an ISO 8601 day, such as 2026-11-20.' },
  DateTime: { resolver: DateTimeResolver, sentence: 'a DateTime is an ISO 8601 instant with its offset, such as 2026-11-20T08:00:00Z.' },
  LocalTime: { resolver: LocalTimeResolver, sentence: 'a LocalTime is a time of day, such as 08:15:00.' },
}

export function checkScalarInputs(schema: GraphQLSchema): void {
  for (const [name, { resolver, sentence }] of Object.entries(CHECKS)) {
    const type = schema.getType(name)
    if (!isScalarType(type)) continue
    const refuse = () => new GraphQLError(`Not a valid ${name}: ${sentence}`, { extensions: { code: 'BAD_USER_INPUT' } })
    type.parseValue = (value: unknown) => {
      try {
        resolver.parseValue(value)
      } catch {
        throw refuse()
      }
      return value
    }
    type.parseLiteral = (ast, variables) => {
      try {
        resolver.parseLiteral(ast, variables)
      } catch {
        throw refuse()
      }
      return valueFromASTUntyped(ast, variables)
    }
  }
}
