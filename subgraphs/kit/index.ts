/** The subgraph kit: what every subgraph is built from, and the request contract it speaks. */
export { createSubgraphServer, buildSchema, loadTypeDefs, type SubgraphDefinition } from './create-subgraph.ts'
export { PLANNED_ONCE } from '../../lib/config.ts'
export { shortPathAnswerCount, subgraphHandler, subgraphInProcess } from './http-handler.ts'
export { requireViewer, type SubgraphContext } from './context.ts'
export { uncoveredFields, withFederation, type PermissionMap } from './permissions.ts'
export * as rules from './rules.ts'
export { byKey, groupBy, preparedOnce, uuidIn, uuidInPlaceholder } from './loaders.ts'
export { enumMap, type DbEnum, type DbEnumValue, type EnumMap } from './enums.ts'
export { dateArgument, dayRange, idArgument, listLimit, UUID, type DayRangeLimit, type ListLimit } from './arguments.ts'
export {
  AREAS,
  badUserInput,
  canRead,
  forbidden,
  isoToday,
  isViewer,
  notFound,
  unauthenticated,
  type Area,
  type Caller,
  type Disclosure,
  type Role,
  type Viewer,
} from '../../lib/contract/index.ts'
export { recordEvents, type Outbox, type OutboxEvent } from './outbox.ts'
export { catalogueProblems, enumLabel, loadMessages, type Catalogue, type Messages, type MessageValues } from './i18n.ts'
