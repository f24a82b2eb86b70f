/**
 * The admins' permission report: for every field of the API schema, the subgraphs that resolve
 * it, the rule that guards it there and, for each role, the condition under which it passes.
 * It joins the composed supergraph (who resolves what) with the subgraphs' permission maps (the
 * data the shields are built from), so it reads enforcement instead of restating it.
 * `npm run audit:permissions` prints it; an admin query can serve its rows as they are.
 */
import { Supergraph, type Subgraph } from '@apollo/federation-internals'
import { isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql'
import {
  coveredByWildcard,
  permissionFor,
  REPORT_ROLES,
  type PermissionEntries,
  type PermissionEntry,
  type PermissionReport,
  type PermissionReportRow,
  type RoleConditions,
} from '../lib/contract/index.ts'
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.ts'

export { REPORT_ROLES, type PermissionReport, type PermissionReportRow, type RoleConditions }

/** A field with no entry in a map falls to the shield's fallback: denied to everyone. */
const NO_RULE: PermissionEntry = { name: 'none (denied)', roles: {} }

/** Each subgraph's permission map, from the definitions that build the servers. */
export function permissionMapsOf(definitions: Record<SubgraphName, { permissions: PermissionEntries }>): Record<SubgraphName, PermissionEntries> {
  return Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, definitions[name].permissions])) as Record<SubgraphName, PermissionEntries>
}

/** The object types of the API schema, the query root first, then by name. */
function objectTypes(api: GraphQLSchema): GraphQLObjectType[] {
  const root = api.getQueryType()?.name
  return Object.values(api.getTypeMap())
    .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'))
    .sort((a, b) => Number(b.name === root) - Number(a.name === root) || a.name.localeCompare(b.name))
}

/** Whether the subgraph answers the field itself (it defines it, and not as `@external`). */
function resolves(subgraph: Subgraph, type: string, field: string): boolean {
  const definition = subgraph.schema.type(type)
  if (definition?.kind !== 'ObjectType') return false
  const fieldDefinition = definition.field(field)
  return fieldDefinition !== undefined && !subgraph.metadata().isFieldExternal(fieldDefinition)
}

function merged(guards: Array<[SubgraphName, string | null]>): string | null {
  const distinct = new Set(guards.map(([, value]) => value))
  if (distinct.size === 1) return guards[0]?.[1] ?? null
  if (guards.every(([, value]) => value === null)) return null
  return guards.map(([subgraph, value]) => `${subgraph}: ${value ?? 'never'}`).join('; ')
}

/** The report for a supergraph and the permission maps of the subgraphs it names. */
export function buildPermissionReport(supergraphSdl: string, maps: Record<SubgraphName, PermissionEntries>): PermissionReport {
  const supergraph = Supergraph.build(supergraphSdl)
  const byName = new Map([...supergraph.subgraphs()].map((subgraph) => [subgraph.name, subgraph]))
  const unknown = [...byName.keys()].filter((name) => !(SUBGRAPH_NAMES as readonly string[]).includes(name))
  if (unknown.length > 0) throw new Error(`The supergraph names subgraphs this project does not have: ${unknown.join(', ')}.`)

  const rows: PermissionReportRow[] = []
  const problems: string[] = []
  const wildcardOnly: string[] = []
  for (const type of objectTypes(supergraph.apiSchema().toGraphQLJSSchema())) {
    for (const field of Object.keys(type.getFields())) {
      const coordinate = `${type.name}.${field}`
      const subgraphs = SUBGRAPH_NAMES.filter((name) => {
        const subgraph = byName.get(name)
        return subgraph !== undefined && resolves(subgraph, type.name, field)
      })
      if (subgraphs.length === 0) problems.push(`${coordinate}: no subgraph resolves it.`)
      if (subgraphs.some((name) => coveredByWildcard(maps[name], type.name, field))) wildcardOnly.push(coordinate)
      const guards = subgraphs.map((name): [SubgraphName, PermissionEntry] => {
        const permission = permissionFor(maps[name], type.name, field)
        if (!permission) problems.push(`${coordinate} has no rule in ${name}'s permission map: the shield denies it to everyone.`)
        return [name, permission ?? NO_RULE]
      })
      for (const [name, permission] of guards) {
        if (permission !== NO_RULE && REPORT_ROLES.every((role) => !permission.roles[role])) {
          problems.push(`${coordinate}: ${name}'s rule ${permission.name} passes for no role.`)
        }
      }
      const names = new Set(guards.map(([, permission]) => permission.name))
      if (names.size > 1 && !names.has(NO_RULE.name)) {
        problems.push(`${coordinate}: its subgraphs guard it with different rules, so what a viewer reads depends on the query plan.`)
      }
      rows.push({
        type: type.name,
        field,
        subgraphs,
        rule: names.size <= 1 ? (guards[0]?.[1].name ?? NO_RULE.name) : guards.map(([name, permission]) => `${name}: ${permission.name}`).join('; '),
        roles: Object.fromEntries(
          REPORT_ROLES.map((role) => [role, merged(guards.map(([name, permission]) => [name, permission.roles[role] ?? null]))]),
        ) as RoleConditions,
      })
    }
  }
  return { rows, problems, wildcardOnly }
}
