/**
 * The schema check: composes the work tree's subgraphs (naming the subgraph behind each
 * composition error), composes the base's, and diffs the two API schemas with graphql-inspector.
 * Every breaking change fails, and says who it breaks; a removal passes only when the thing was
 * deprecated in the base (so the deprecation landed on main first) and no committed or registered
 * document still uses it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { composeServices } from '@apollo/composition'
import { ChangeType, CriticalityLevel, diff, DiffRule, type Change, type TypeOfChangeType } from '@graphql-inspector/core'
import { GraphQLError, isEnumType, isInputObjectType, isObjectType, parse, type GraphQLSchema } from 'graphql'
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/subgraphs.ts'
import { readAt, resolveBase, type Base } from './git.ts'
import { ownersOf } from './owners.ts'
import { loadUsages, type Usage } from './usage.ts'

export interface SchemaCheckOptions {
  /** The repository's root (default: the working directory). */
  root?: string
  /** A revision to compare with instead of the merge-base with main. */
  base?: string
  /** Only the changes this subgraph's SDL makes: the base with this one subgraph's SDL from the work tree. */
  subgraph?: SubgraphName
}

export interface CompositionProblem {
  code: string
  message: string
  subgraphs: SubgraphName[]
}

export interface CheckedChange {
  /** As it counts here: breaking fails the check, dangerous warns, safe is listed. */
  level: 'breaking' | 'dangerous' | 'safe'
  type: TypeOfChangeType
  message: string
  /** The schema coordinate it changes (`Type.field`, `Type.field.argument`, `Enum.VALUE`). */
  coordinate: string | null
  subgraphs: SubgraphName[]
  /** Why it counts as it does, and what to do; null when graphql-inspector's message says it all. */
  why: string | null
  usedBy: Usage[]
}

export interface SchemaCheckResult {
  ok: boolean
  base: Base
  subgraph: SubgraphName | null
  /** The checked subgraphs' composition errors (the check fails on any). */
  composition: CompositionProblem[]
  /** The base's, when it does not compose: there is nothing to compare with then. */
  baseComposition: CompositionProblem[]
  changes: CheckedChange[]
}

export const schemaPathOf = (name: SubgraphName) => `subgraphs/${name}/schema.graphql`

type Sdls = ReadonlyMap<SubgraphName, string | null>

function subgraphsNamedIn(error: GraphQLError): SubgraphName[] {
  const fromNodes = (error.nodes ?? []).map((node) => ('subgraph' in node ? node.subgraph : undefined))
  return SUBGRAPH_NAMES.filter((name) => fromNodes.includes(name) || error.message.includes(`"${name}"`) || error.message.includes(`[${name}]`))
}

/** The API schema of the subgraphs present, or every composition error naming its subgraphs. */
function compose(sdls: Sdls): { schema: GraphQLSchema; problems: [] } | { schema: null; problems: CompositionProblem[] } {
  const problems: CompositionProblem[] = []
  const services = []
  for (const [name, sdl] of sdls) {
    if (sdl === null) continue
    try {
      services.push({ name, url: `http://${name}.invalid/graphql`, typeDefs: parse(sdl) })
    } catch (error) {
      problems.push({ code: 'INVALID_GRAPHQL', message: `[${name}] ${error instanceof Error ? error.message : String(error)}`, subgraphs: [name] })
    }
  }
  if (problems.length > 0) return { schema: null, problems }
  const result = composeServices(services)
  if (result.errors) {
    return {
      schema: null,
      problems: result.errors.map((error) => ({ code: typeof error.extensions.code === 'string' ? error.extensions.code : 'COMPOSITION_ERROR', message: error.message, subgraphs: subgraphsNamedIn(error) })),
    }
  }
  return { schema: result.schema.toAPISchema().toGraphQLJSSchema(), problems: [] }
}

/** The operations a change breaks: those that touch its coordinate in a way the change affects. */
function usersOf(change: Change, usages: readonly Usage[], schemas: readonly GraphQLSchema[]): Usage[] {
  if (!change.path) return []
  const [typeName = '', member, argument] = change.path.split('.').filter((part) => !part.startsWith('@'))
  const type = schemas.map((schema) => schema.getType(typeName)).find(Boolean)
  const usedWhole = isInputObjectType(type) || isEnumType(type) // named by a variable or an output field: every value may appear
  const inside = (c: ReadonlySet<string>) => c.has(typeName) || [...c].some((coordinate) => coordinate.startsWith(`${typeName}.`))
  const uses = (c: ReadonlySet<string>): boolean => {
    if (member === undefined) return inside(c)
    const field = `${typeName}.${member}`
    if (argument !== undefined) {
      // A new required argument, or a new default, matters to every operation selecting the field.
      const wholeField = change.type === ChangeType.FieldArgumentAdded || change.type === ChangeType.FieldArgumentDefaultChanged
      return wholeField ? c.has(field) : c.has(`${field}.${argument}`)
    }
    if (change.type === ChangeType.InputFieldAdded) return inside(c)
    return c.has(field) || (usedWhole && c.has(typeName))
  }
  return usages.filter((usage) => uses(usage.coordinates))
}

/** What a team's code is: a subgraph's TypeScript, not its generated types, tests or migrations. */
function codeFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return ['generated', 'test', 'migrations', 'node_modules'].includes(entry.name) ? [] : codeFiles(full)
    return entry.name.endsWith('.ts') ? [full] : []
  })
}

/**
 * Whether `subgraph`'s code names `field` at all (a resolver, a mapper's property, a table's
 * column), or undefined when the repository holds none of its code. A field named nowhere has no
 * resolver: it would answer null for ever — the one step of adding a field that neither the
 * compiler (codegen leaves every resolver optional) nor composition notices.
 */
function codeNames(root: string, subgraph: SubgraphName, field: string): boolean | undefined {
  const files = codeFiles(path.join(root, 'subgraphs', subgraph))
  if (!files.some((file) => file.includes(`${path.sep}resolvers${path.sep}`))) return undefined
  const word = new RegExp(`\\b${field}\\b`)
  return files.some((file) => word.test(fs.readFileSync(file, 'utf8')))
}

// graphql-inspector types a change's `type` loosely (`Change<any>`); its values are ChangeType's.
const typeOf = (change: Change): TypeOfChangeType => change.type as TypeOfChangeType

const REMOVALS = new Set<string>([ChangeType.FieldRemoved, ChangeType.EnumValueRemoved, ChangeType.InputFieldRemoved])
const DEPRECATIONS = new Set<string>([ChangeType.FieldDeprecationAdded, ChangeType.EnumValueDeprecationReasonAdded])

/** How a change counts: graphql-inspector's criticality, its deprecated-removal rule, and usage. */
function classify(raw: Change, suppressed: Change, users: Usage[]): Pick<CheckedChange, 'level' | 'why'> {
  if (raw.criticality.level === CriticalityLevel.Breaking) {
    const deprecatedFirst = suppressed.criticality.level !== CriticalityLevel.Breaking
    const isType = raw.type === ChangeType.TypeRemoved
    if (deprecatedFirst && users.length === 0) {
      return {
        level: 'dangerous',
        why: isType ? 'No field reaches it any longer: it may go.' : 'Deprecated on main: it may go.',
      }
    }
    if (deprecatedFirst) {
      return {
        level: 'breaking',
        why: isType
          ? 'Documents still name it: move them off it first.'
          : 'Deprecated on main, but documents still use it: move them off it first (an app registers a new manifest without it), then remove it.',
      }
    }
    if (REMOVALS.has(typeOf(raw))) {
      return { level: 'breaking', why: 'Not deprecated on main: deprecate it first (@deprecated(reason: "…") in the subgraph\'s SDL), land that on main, then remove it.' }
    }
    return { level: 'breaking', why: raw.criticality.reason ?? null }
  }
  if (raw.criticality.level === CriticalityLevel.Dangerous) return { level: 'dangerous', why: raw.criticality.reason ?? null }
  return { level: 'safe', why: null }
}

/** Runs the check on the repository at `root`; throws SchemaCheckInputError on bad input. */
export async function checkSchema(options: SchemaCheckOptions = {}): Promise<SchemaCheckResult> {
  const root = path.resolve(options.root ?? '.')
  const subgraph = options.subgraph ?? null
  const base = resolveBase(root, SUBGRAPH_NAMES.map(schemaPathOf), options.base)
  const workTree: Sdls = new Map(SUBGRAPH_NAMES.map((name) => {
    const file = path.join(root, schemaPathOf(name))
    return [name, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null]
  }))
  const commit = base.commit
  // A subgraph the base has no SDL for did not exist yet: the base composes without it.
  const baseSdls: Sdls | null = commit === null ? null : new Map(SUBGRAPH_NAMES.map((name) => [name, readAt(root, commit, schemaPathOf(name))]))
  // With a subgraph named, the base's SDL with that one subgraph's from the work tree: only its changes show.
  const checked: Sdls = subgraph && baseSdls ? new Map([...baseSdls].map(([name, sdl]) => [name, name === subgraph ? (workTree.get(name) ?? null) : sdl])) : workTree

  const result: SchemaCheckResult = { ok: true, base, subgraph, composition: [], baseComposition: [], changes: [] }
  const missing = [...workTree].filter(([name, sdl]) => sdl === null && (subgraph === null || name === subgraph)).map(([name]) => name)
  result.composition = missing.map((name) => ({ code: 'MISSING_SUBGRAPH_SCHEMA', message: `[${name}] ${schemaPathOf(name)} is missing.`, subgraphs: [name] }))
  const head = compose(checked)
  result.composition.push(...head.problems)
  if (head.schema === null || result.composition.length > 0 || baseSdls === null) return { ...result, ok: result.composition.length === 0 }

  const before = compose(baseSdls)
  if (before.schema === null) return { ...result, baseComposition: before.problems }

  const oldSchema = before.schema
  const newSchema = head.schema
  const raw = await diff(oldSchema, newSchema)
  const suppressed = await DiffRule.suppressRemovalOfDeprecatedField({ changes: raw, oldSchema, newSchema, config: {} })
  // simplifyChanges drops what an added type or field already says (its fields, its directives).
  const shown = new Set(await DiffRule.simplifyChanges({ changes: raw, oldSchema, newSchema, config: {} }))
  const usages = loadUsages(root, oldSchema)
  const owners = ownersOf(baseSdls, checked)

  result.changes = raw.flatMap((change, index) => {
    if (change.criticality.level === CriticalityLevel.NonBreaking && !shown.has(change)) return []
    const users = usersOf(change, usages, [oldSchema, newSchema])
    let { level, why } = classify(change, suppressed[index] ?? change, users)
    const coordinate = change.path?.split('.').filter((part) => !part.startsWith('@')).join('.') ?? null
    const subgraphs = owners(change.path)
    const [typeName = '', field] = coordinate?.split('.') ?? []
    if (typeOf(change) === ChangeType.FieldAdded && field !== undefined && isObjectType(newSchema.getType(typeName))) {
      const unnamed = subgraphs.filter((name) => codeNames(root, name, field) === false)
      if (unnamed.length > 0 && unnamed.length === subgraphs.length) {
        level = 'breaking'
        why = `Nothing in ${unnamed.map((name) => `subgraphs/${name}/`).join(', ')} names ${field} (no resolver, mapper or table property): it would always answer null. Add its resolver (subgraphs/${unnamed[0] ?? ''}/resolvers/${typeName}.ts).`
      }
    }
    return [{ level, type: typeOf(change), message: change.message, coordinate, subgraphs, why, usedBy: level === 'safe' && !DEPRECATIONS.has(typeOf(change)) ? [] : users }]
  })
  return { ...result, ok: !result.changes.some((change) => change.level === 'breaking') }
}
