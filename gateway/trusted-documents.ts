/**
 * Trusted documents: the operations this district has reviewed — the committed ones
 * (`schema/operations/`, whose manifest codegen writes) and those app teams register
 * (`schema/trusted-documents/<app>.json`, the same format). Each is known by the sha256 of its
 * text, the hash codegen's client preset computes; a client sends the hash (in
 * `extensions.persistedQuery.sha256Hash`, as Apollo Client does) or the text itself. In production nothing
 * else runs: an unknown hash or text is PERSISTED_QUERY_NOT_FOUND.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations'
import { parse, print, visit, type ASTNode, type DocumentNode } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { parseFailed, persistedQueryNotFound } from '../lib/contract/index.ts'
import { COMMITTED_MANIFEST_PATH, REGISTERED_MANIFESTS_DIR } from '../lib/paths.ts'

export interface TrustedDocuments {
  /** The document with this hash (`sha256:<hex>` or `<hex>`), if trusted. */
  byHash(hash: string): string | undefined
  /** Whether this text is a trusted document, up to formatting (compared as printed by graphql-js). */
  isTrusted(text: string): boolean
  readonly size: number
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** The most tokens a document compared with the trusted ones may have: far more than any of them. */
const MAX_TOKENS_TO_COMPARE = 20_000

/** Nodes in the order of their printed text (each printed once). */
function sortedByPrint<T extends ASTNode>(nodes: readonly T[]): T[] {
  return nodes
    .map((node) => ({ node, key: print(node) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ node }) => node)
}
const byName = <T extends { name: { value: string } }>(a: T, b: T) => (a.name.value < b.name.value ? -1 : a.name.value > b.name.value ? 1 : 0)

/**
 * A document in a form that ignores what does not change its meaning: formatting, comments, and
 * the order of definitions, selections, arguments and variables. Codegen's manifest prints the
 * committed operations with sorted selections and fragments first, so the text an app copies from
 * `schema/operations/` matches its manifest entry only up to that order.
 */
function normalised(text: string): string | undefined {
  let document: DocumentNode
  try {
    document = parse(text, { noLocation: true, maxLexicalTokens: MAX_TOKENS_TO_COMPARE })
  } catch {
    return undefined
  }
  const sorted = visit(document, {
    SelectionSet: { leave: (node) => ({ ...node, selections: sortedByPrint(node.selections) }) },
    Field: { leave: (node) => ({ ...node, arguments: [...(node.arguments ?? [])].sort(byName) }) },
    Directive: { leave: (node) => ({ ...node, arguments: [...(node.arguments ?? [])].sort(byName) }) },
    OperationDefinition: { leave: (node) => ({ ...node, variableDefinitions: [...(node.variableDefinitions ?? [])].sort((a, b) => byName(a.variable, b.variable)) }) },
    Document: { leave: (node) => ({ ...node, definitions: sortedByPrint(node.definitions) }) },
  })
  return print(sorted)
}

/** Reads every manifest; a manifest whose key is not the sha256 of its document stops the gateway. */
export function loadTrustedDocuments(files: readonly string[] = manifestFiles()): TrustedDocuments {
  const byHash = new Map<string, string>()
  const texts = new Set<string>()
  for (const file of files) {
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>
    for (const [key, document] of Object.entries(manifest)) {
      const hash = key.replace(/^sha256:/, '')
      if (typeof document !== 'string' || sha256(document) !== hash) {
        throw new Error(`${file}: the entry ${key} is not a document whose sha256 is its key.`)
      }
      byHash.set(hash, document)
      const printed = normalised(document)
      if (printed === undefined) throw new Error(`${file}: the entry ${key} does not parse.`)
      texts.add(printed)
    }
  }
  return {
    byHash: (hash) => byHash.get(hash.replace(/^sha256:/, '')),
    isTrusted: (text) => {
      if (byHash.has(sha256(text))) return true
      const printed = normalised(text)
      return printed !== undefined && texts.has(printed)
    },
    size: byHash.size,
  }
}

/** The committed manifest and every `<app>.json` registered in `registeredDir` (TRUSTED_DOCUMENTS_DIR). */
export function manifestFiles(registeredDir: string = REGISTERED_MANIFESTS_DIR): string[] {
  const registered = fs.existsSync(registeredDir)
    ? fs
        .readdirSync(registeredDir)
        .filter((file) => file.endsWith('.json'))
        .sort()
        .map((file) => path.join(registeredDir, file))
    : []
  return [COMMITTED_MANIFEST_PATH, ...registered]
}

/** Apollo's automatic persisted queries' field, which Apollo Client and codegen's clients send. */
function documentHashOf(params: { extensions?: Record<string, unknown> }): string | null {
  const persisted = params.extensions?.persistedQuery
  return persisted && typeof persisted === 'object' && 'sha256Hash' in persisted && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : null
}

/**
 * Resolves a document's hash to its text everywhere (development too, so app developers try the
 * production path locally); in production also refuses any text that is not a trusted document.
 */
export function useTrustedDocuments(documents: TrustedDocuments, production: boolean): Plugin[] {
  const refuse = () => persistedQueryNotFound('This operation is not one of the trusted documents: send the hash or the text of a registered operation.')
  return [
    usePersistedOperations({
      allowArbitraryOperations: true,
      extractPersistedOperationId: documentHashOf,
      getPersistedOperation: (hash) => documents.byHash(hash) ?? null,
      customErrors: {
        notFound: () => refuse(),
        keyNotFound: () => parseFailed('Send an operation: its text in `query`, or a trusted document\'s hash.'),
      },
    }),
    {
      onParams({ params }) {
        if (!production) return
        // Not a document at all (an object, an array): Yoga refuses it with 400 as in development.
        if (params.query !== undefined && typeof params.query !== 'string') return
        if (!params.query || !documents.isTrusted(params.query)) throw refuse()
      },
    },
  ]
}
