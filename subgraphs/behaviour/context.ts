/** behaviour's resolver context. */
import type { SubgraphContext } from '../kit/index.ts'
import type { BehaviourLoaders } from './loaders.ts'

export type Context = SubgraphContext<BehaviourLoaders>
