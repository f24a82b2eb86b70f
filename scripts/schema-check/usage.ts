/**
 * Who uses a schema coordinate: the committed operations (`schema/operations/`), the committed
 * manifest codegen writes from them, and the apps' registered trusted documents
 * (`schema/trusted-documents/<app>.json`). In production nothing else runs, so these are every
 * client there is. Each operation is read against the base's API schema (the one it was written
 * for) and reduced to the coordinates it touches: `Type`, `Type.field`, `Type.field.argument`,
 * `Enum.VALUE`, `Input.field`.
 */
import fs from 'node:fs'
import path from 'node:path'
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  Kind,
  parse,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutableDefinitionNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql'
import { COMMITTED_MANIFEST_PATH, OPERATIONS_DIR, REGISTERED_MANIFESTS_DIR } from '../../lib/paths.ts'
import { SchemaCheckInputError } from './errors.ts'

/** One operation a client sends, and what of the schema it touches. */
export interface Usage {
  /** `committed operations`, `committed manifest`, or `app '<name>'`. */
  source: string
  /** The operation's name (an anonymous one: its document's hash). */
  operation: string
  /** The document it came from: the operations file, or the manifest entry's hash. */
  document: string
  coordinates: ReadonlySet<string>
}

/** An input type or enum named by a variable is used whole: every field or value of it may be sent. */
function addWholeInputType(type: GraphQLNamedType, into: Set<string>): void {
  if (into.has(type.name)) return
  into.add(type.name)
  if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) addWholeInputType(getNamedType(field.type), into)
}

function coordinatesOf(schema: GraphQLSchema, definition: ExecutableDefinitionNode, into: Set<string>): void {
  const typeInfo = new TypeInfo(schema)
  visit(
    definition,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType()
        const field = typeInfo.getFieldDef()
        if (!parent || !field) return
        into.add(`${parent.name}.${field.name}`)
        into.add(getNamedType(field.type).name)
      },
      Argument() {
        const parent = typeInfo.getParentType()
        const field = typeInfo.getFieldDef()
        const argument = typeInfo.getArgument()
        if (typeInfo.getDirective() || !parent || !field || !argument) return
        into.add(`${parent.name}.${field.name}.${argument.name}`)
      },
      ObjectField(node) {
        const input = typeInfo.getParentInputType()
        const type = input && getNamedType(input)
        if (type && isInputObjectType(type)) into.add(`${type.name}.${node.name.value}`)
      },
      EnumValue(node) {
        const input = typeInfo.getInputType()
        const type = input && getNamedType(input)
        if (type && isEnumType(type)) into.add(`${type.name}.${node.value}`)
      },
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type)
        if (type) addWholeInputType(getNamedType(type), into)
      },
      InlineFragment(node) {
        if (node.typeCondition) into.add(node.typeCondition.name.value)
      },
      FragmentDefinition(node) {
        into.add(node.typeCondition.name.value)
      },
    }),
  )
}

/** The fragments an operation spreads, directly or through other fragments. */
function fragmentsOf(operation: ExecutableDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>()
  const walk = (node: ExecutableDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value)
        if (!fragment || found.has(fragment.name.value)) return
        found.set(fragment.name.value, fragment)
        walk(fragment)
      },
    })
  walk(operation)
  return [...found.values()]
}

function parseDocument(text: string, where: string): DocumentNode {
  try {
    return parse(text, { noLocation: true })
  } catch (error) {
    throw new SchemaCheckInputError('BAD_DOCUMENT', `${where} does not parse: ${error instanceof Error ? error.message : String(error)}`)
  }
}

interface Source {
  source: string
  document: string
  /** Definitions of one scope see each other's fragments: all the operations files, or one manifest entry. */
  scope: string
  definitions: readonly ExecutableDefinitionNode[]
}

/** One Usage per operation, with the fragments it spreads. */
function usagesOf(schema: GraphQLSchema, sources: readonly Source[]): Usage[] {
  const fragmentsByScope = new Map<string, Map<string, FragmentDefinitionNode>>()
  for (const { scope, definitions } of sources) {
    const fragments = fragmentsByScope.get(scope) ?? new Map<string, FragmentDefinitionNode>()
    for (const definition of definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition)
    fragmentsByScope.set(scope, fragments)
  }
  return sources.flatMap(({ source, document, scope, definitions }) =>
    definitions
      .filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => {
        const coordinates = new Set<string>()
        for (const definition of [operation, ...fragmentsOf(operation, fragmentsByScope.get(scope) ?? new Map())]) coordinatesOf(schema, definition, coordinates)
        return { source, operation: operation.name?.value ?? `anonymous ${document}`, document, coordinates }
      }),
  )
}

function executable(document: DocumentNode): ExecutableDefinitionNode[] {
  return document.definitions.filter((d): d is ExecutableDefinitionNode => d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION)
}

/** A manifest's entries (sha256 → document), each a source of its own. */
function manifestSources(file: string, source: string): Source[] {
  let manifest: unknown
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (error) {
    throw new SchemaCheckInputError('BAD_MANIFEST', `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new SchemaCheckInputError('BAD_MANIFEST', `${file} must be an object of sha256 → document.`)
  }
  return Object.entries(manifest).map(([hash, text]) => {
    if (typeof text !== 'string') throw new SchemaCheckInputError('BAD_MANIFEST', `${file}: the entry ${hash} is not a document.`)
    const short = `sha256:${hash.replace(/^sha256:/, '').slice(0, 12)}`
    return { source, document: short, scope: `${file} ${hash}`, definitions: executable(parseDocument(text, `${file} (${hash})`)) }
  })
}

/** Every operation of the committed and registered documents under `root`, read against `schema`. */
export function loadUsages(root: string, schema: GraphQLSchema): Usage[] {
  const operationsDir = path.join(root, OPERATIONS_DIR)
  const committed: Source[] = fs.existsSync(operationsDir)
    ? fs
        .readdirSync(operationsDir)
        .filter((file) => file.endsWith('.graphql'))
        .sort()
        .map((file) => ({
          source: 'committed operations',
          document: `${OPERATIONS_DIR}/${file}`,
          // Like codegen, the operations files see each other's fragments.
          scope: OPERATIONS_DIR,
          definitions: executable(parseDocument(fs.readFileSync(path.join(operationsDir, file), 'utf8'), `${OPERATIONS_DIR}/${file}`)),
        }))
    : []
  const usages = usagesOf(schema, committed)
  const committedNames = new Set(usages.map((usage) => usage.operation))

  // The committed manifest repeats the committed operations; what it holds beyond them (it is stale) counts too.
  const manifest = path.join(root, COMMITTED_MANIFEST_PATH)
  if (fs.existsSync(manifest)) {
    for (const usage of usagesOf(schema, manifestSources(manifest, 'committed manifest'))) {
      if (!committedNames.has(usage.operation)) usages.push(usage)
    }
  }

  const registeredDir = path.join(root, REGISTERED_MANIFESTS_DIR)
  if (fs.existsSync(registeredDir)) {
    for (const file of fs.readdirSync(registeredDir).filter((f) => f.endsWith('.json')).sort()) {
      const app = `app '${path.basename(file, '.json')}'`
      usages.push(...usagesOf(schema, manifestSources(path.join(registeredDir, file), app)))
    }
  }
  return usages
}
