/** transportation's resolver context. */
import type { SubgraphContext } from '../kit/index.ts'
import type { TransportationLoaders } from './loaders.ts'

export type Context = SubgraphContext<TransportationLoaders>
