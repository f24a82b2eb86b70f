/**
 * Which subgraph a changed coordinate comes from: the one whose SDL defines it differently in the
 * base and in the work tree (a field another team also declares, such as `Student.id`, is owned
 * by the one that changed it).
 */
import { Kind, parse, print, type DefinitionNode } from 'graphql'
import type { SubgraphName } from '../../lib/subgraphs.ts'

/** Coordinate → its printed definition in one subgraph's SDL (a type's extensions joined). */
type Definitions = Map<string, string>

function definitionsOf(sdl: string | null): Definitions {
  const found: Definitions = new Map()
  if (sdl === null) return found
  let definitions: readonly DefinitionNode[]
  try {
    definitions = parse(sdl, { noLocation: true }).definitions
  } catch {
    return found // composition reports the syntax error
  }
  const add = (coordinate: string, text: string) => found.set(coordinate, `${found.get(coordinate) ?? ''}${text}\n`)
  for (const definition of definitions) {
    switch (definition.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION:
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION:
        add(definition.name.value, print(definition))
        for (const field of definition.fields ?? []) {
          const coordinate = `${definition.name.value}.${field.name.value}`
          add(coordinate, print(field))
          if ('arguments' in field) for (const argument of field.arguments ?? []) add(`${coordinate}.${argument.name.value}`, print(argument))
        }
        break
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_EXTENSION:
        add(definition.name.value, print(definition))
        for (const value of definition.values ?? []) add(`${definition.name.value}.${value.name.value}`, print(value))
        break
      case Kind.UNION_TYPE_DEFINITION:
      case Kind.UNION_TYPE_EXTENSION:
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.SCALAR_TYPE_EXTENSION:
        add(definition.name.value, print(definition))
        break
      default:
        break
    }
  }
  return found
}

export type Owners = (path: string | undefined) => SubgraphName[]

/** A function from a change's path (`Type.field.argument`, directives ignored) to the subgraphs it comes from. */
export function ownersOf(base: ReadonlyMap<SubgraphName, string | null>, head: ReadonlyMap<SubgraphName, string | null>): Owners {
  const names = [...new Set([...base.keys(), ...head.keys()])]
  const before = new Map(names.map((name) => [name, definitionsOf(base.get(name) ?? null)]))
  const after = new Map(names.map((name) => [name, definitionsOf(head.get(name) ?? null)]))
  const defining = (coordinate: string) => names.filter((name) => before.get(name)?.has(coordinate) || after.get(name)?.has(coordinate))
  return (path) => {
    if (!path) return []
    const parts = path.split('.').filter((part) => !part.startsWith('@'))
    for (let length = parts.length; length > 0; length--) {
      const coordinate = parts.slice(0, length).join('.')
      const changed = defining(coordinate).filter((name) => before.get(name)?.get(coordinate) !== after.get(name)?.get(coordinate))
      if (changed.length > 0) return changed
    }
    for (let length = parts.length; length > 0; length--) {
      const found = defining(parts.slice(0, length).join('.'))
      if (found.length > 0) return found
    }
    return []
  }
}
