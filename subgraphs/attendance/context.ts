/** attendance's resolver context. */
import type { SubgraphContext } from '../kit/index.ts'
import type { AttendanceLoaders } from './loaders.ts'

export type Context = SubgraphContext<AttendanceLoaders>
