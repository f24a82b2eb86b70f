/** academics' resolver context. */
import type { SubgraphContext } from '../kit/index.ts'
import type { AcademicsLoaders } from './loaders.ts'

export type Context = SubgraphContext<AcademicsLoaders>
