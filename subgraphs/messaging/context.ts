/** messaging's resolver context. */
import type { SubgraphContext } from '../kit/index.ts'
import type { MessagingLoaders } from './loaders.ts'

export type Context = SubgraphContext<MessagingLoaders>
