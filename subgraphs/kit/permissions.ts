/**
 * A subgraph's permission map is data: `'Type.field'` (or `'Type.*'` for every field of a
 * type) → Permission. This module turns it into graphql-shield's rule tree, checks that it
 * covers the schema, and adds federation's own entry points.
 */
import { isObjectType, type GraphQLSchema } from 'graphql'
import { deny, shield } from 'graphql-shield'
import type { IRules } from 'graphql-shield'
import { forbidden, permissionFor, type PermissionEntries } from '../../lib/contract/index.ts'
import { federation, type Permission } from './rules.ts'

export type PermissionMap = PermissionEntries<Permission>

const FEDERATION_ENTRIES: PermissionMap = {
  'Query._service': federation,
  'Query._entities': federation,
  '_Service.*': federation,
}

export function withFederation(map: PermissionMap): PermissionMap {
  return { ...FEDERATION_ENTRIES, ...map }
}


/** Fields of the schema's object types that no entry covers (they would fall back to deny). */
export function uncoveredFields(schema: GraphQLSchema, map: PermissionMap): string[] {
  const missing: string[] = []
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue
    for (const field of Object.keys(type.getFields())) {
      if (!permissionFor(map, type.name, field)) missing.push(`${type.name}.${field}`)
    }
  }
  return missing
}

export function createShield(map: PermissionMap, options: { debug: boolean }) {
  const tree: Record<string, Record<string, Permission['rule']>> = {}
  for (const [key, permission] of Object.entries(map)) {
    const [type, field] = key.split('.')
    if (!type || !field) throw new Error(`Permission key "${key}" must be "Type.field" or "Type.*".`)
    tree[type] ??= {}
    tree[type][field] = permission.rule
  }
  return shield(tree as IRules, {
    fallbackRule: deny,
    fallbackError: () => forbidden(),
    // Errors a resolver throws on purpose (GraphQLError) pass; others are masked by Yoga.
    allowExternalErrors: true,
    debug: options.debug,
  })
}
