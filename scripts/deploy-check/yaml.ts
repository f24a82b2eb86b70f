/** Reading the deployment's YAML, whose shape nothing vouches for until the schemas have spoken. */
import fs from 'node:fs'
import { parseAllDocuments } from 'yaml'

export type Doc = Record<string, unknown>

export function record(value: unknown): Doc | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : undefined
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined
}

export function at(value: unknown, ...keys: Array<string | number>): unknown {
  let current = value
  for (const key of keys) current = typeof key === 'number' ? list(current)[key] : record(current)?.[key]
  return current
}

export function dotted(pointer: string): string {
  return pointer.split('/').filter(Boolean).join('.')
}

/** Every document of a YAML file (merge keys resolved, as Compose does), each parse error a problem. */
export function loadYamlDocuments(file: string, problems: string[]): Doc[] {
  const docs: Doc[] = []
  for (const parsed of parseAllDocuments(fs.readFileSync(file, 'utf8'), { merge: true })) {
    for (const error of parsed.errors) problems.push(`${file}: YAML: ${error.message}`)
    const value: unknown = parsed.toJS()
    if (value === null || value === undefined) continue
    const doc = record(value)
    if (doc) docs.push(doc)
    else problems.push(`${file}: a document that is not an object`)
  }
  return docs
}
