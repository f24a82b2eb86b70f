/** What the tests of the family's words share: switching demo.guardian's language, and the strings of an answer by path. */
import fs from 'node:fs'
import type { DistrictLanguage } from '../../lib/contract/index.ts'
import type { TestSystem } from './system.ts'

const SET_LANGUAGE = fs.readFileSync('schema/operations/SetPreferredLanguage.graphql', 'utf8')

/** demo.guardian chooses `language` through the committed operation. */
export function setLanguage(t: TestSystem, language: DistrictLanguage) {
  return t.query<{ setPreferredLanguage: { viewer: { id: string; preferredLanguage: string } } | null }>({ login: 'demo.guardian' }, SET_LANGUAGE, { input: { language } })
}

/** Every string in `value` with its path ('.a.b[0].c'), or those whose path `keep` accepts. */
export function stringLeaves(value: unknown, keep: (path: string) => boolean = () => true, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return keep(path) ? [[path, value]] : []
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, keep, `${path}[${String(i)}]`))
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, keep, `${path}.${k}`))
  return []
}
