/**
 * Operation limits, checked before anything is planned or fetched, so a hostile or clumsy
 * document costs the gateway milliseconds: graphql-armor's token, alias, depth, directive and
 * static cost limits, field suggestions blocked in production, and one rule of ours against a
 * field repeated in one selection set (graphql-cop's "field duplication": 500 × `__typename`
 * costs little by every other measure). Each refusal names its limit, with the contract's code:
 * GRAPHQL_PARSE_FAILED for the token limit (hit while parsing), GRAPHQL_VALIDATION_FAILED for
 * the rest.
 *
 * The cost is a static estimate of the document (armor's: objects 2, scalars 1, a factor per
 * level), not a count of the query plan's fetches: it is known before planning, the same for a
 * document whoever sends it, and refuses a wide document even when its fields all live in one
 * subgraph. The aliases limit is what stops the 1,000-fetch document.
 */
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions'
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit'
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases'
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth'
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives'
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens'
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types'
import { Kind, type ASTVisitor, type ValidationContext } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { parseFailed, validationFailed } from '../lib/contract/index.ts'
import type { LimitsConfig } from '../lib/config.ts'

/** The same response key at most this often in one selection set. */
export const MAX_REPEATS_OF_A_FIELD = 5

/** armor reports "Syntax Error: <limit sentence>" whatever the phase; ours say only the sentence, with the phase's code. */
const reject: GraphQLArmorRejectCallback = (context, error) => {
  const message = error.message.replace(/^Syntax Error: /, '')
  if (context === null) throw parseFailed(message)
  context.reportError(validationFailed(message))
}

const options = { exposeLimits: true, propagateOnRejection: false, onReject: [reject] }

function noFieldRepeatedRule(context: ValidationContext): ASTVisitor {
  return {
    SelectionSet(node) {
      const counts = new Map<string, number>()
      for (const selection of node.selections) {
        if (selection.kind !== Kind.FIELD) continue
        const key = selection.alias?.value ?? selection.name.value
        const count = (counts.get(key) ?? 0) + 1
        counts.set(key, count)
        if (count === MAX_REPEATS_OF_A_FIELD + 1) {
          context.reportError(validationFailed(`Field "${key}" is selected more than ${MAX_REPEATS_OF_A_FIELD} times in one selection set.`))
        }
      }
    },
  }
}

function useNoFieldRepeated(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(noFieldRepeatedRule)
    },
  }
}

export function useOperationLimits(limits: LimitsConfig, production: boolean): Plugin[] {
  return [
    maxTokensPlugin({ ...options, n: limits.maxTokens }),
    // Aliases of `__typename` count too (armor lets them by default): 1,000 of them cost a response of 1,000 keys.
    maxAliasesPlugin({ ...options, n: limits.maxAliases, allowList: [] }),
    maxDepthPlugin({ ...options, n: limits.maxDepth, ignoreIntrospection: false }),
    maxDirectivesPlugin({ ...options, n: limits.maxDirectives }),
    costLimitPlugin({ ...options, maxCost: limits.maxCost, ignoreIntrospection: false }),
    useNoFieldRepeated(),
    ...(production ? [blockFieldSuggestionsPlugin()] : []),
  ] as Plugin[]
}
