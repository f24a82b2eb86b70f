/** finance's resolver context. */
import type { SubgraphContext } from '../kit/index.ts'
import type { FinanceLoaders } from './loaders.ts'

export type Context = SubgraphContext<FinanceLoaders>
