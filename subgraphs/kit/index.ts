/** The subgraph kit: what every subgraph is built from. */
export { createSubgraphServer, buildSchema, loadTypeDefs, type SubgraphDefinition } from './create-subgraph.ts'
export { requireViewer, type Disclosure, type SubgraphContext } from './context.ts'
export { badUserInput, forbidden, notFound, unauthenticated } from './errors.ts'
export { permissionFor, uncoveredFields, withFederation, type PermissionMap } from './permissions.ts'
export * as rules from './rules.ts'
export { canRead, isViewer, AREAS, type Area, type Caller, type Role, type Viewer } from './viewer.ts'
export { byKey, groupBy, uuidIn } from './loaders.ts'
export { toGraphQLEnum } from './enums.ts'
