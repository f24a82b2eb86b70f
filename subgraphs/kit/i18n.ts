/**
 * The district's words, kept as data: each subgraph's `messages/<language>.json` (flat keys to
 * ICU MessageFormat strings) in every district language, formatted with intl-messageformat —
 * plurals, dates and money in the family's locale, never concatenation. A key missing in a
 * language falls back to English (test/catalogues.test.ts keeps that from happening).
 */
import fs from 'node:fs'
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { IntlMessageFormat } from 'intl-messageformat'
import { DEFAULT_LANGUAGE, DISTRICT_LANGUAGES, type DistrictLanguage } from '../../lib/contract/index.ts'

export type Catalogue = Readonly<Record<string, string>>
export type MessageValues = Record<string, string | number | Date>

export interface Messages {
  /** Every catalogue, by language (the catalogue test reads them). */
  readonly catalogues: Readonly<Record<DistrictLanguage, Catalogue>>
  /** `key` in `language`, formatted with `values`; dates in `timeZone` (default the district's). */
  format(language: DistrictLanguage, key: string, values?: MessageValues, timeZone?: string): string
  has(key: string): boolean
}

/** Dates in words are in this time zone unless a call names the configured one (DISTRICT_TIME_ZONE). */
const DISTRICT_TIME_ZONE = 'America/Chicago'

/**
 * The locale numbers, money and dates are written in: a district in the United States writes
 * English and Spanish as families there read them on a bill ($1,030.50, not 1030,50 US$).
 */
const FORMAT_LOCALE: Readonly<Record<DistrictLanguage, string>> = { en: 'en-US', es: 'es-US', vi: 'vi', so: 'so', ar: 'ar' }

/** Loads `<dir>/<language>.json` for every district language (`dir` a folder URL ending in '/'). */
export function loadMessages(dir: URL): Messages {
  const catalogues = Object.fromEntries(
    DISTRICT_LANGUAGES.map(({ tag }) => [tag, JSON.parse(fs.readFileSync(new URL(`${tag}.json`, dir), 'utf8')) as Catalogue]),
  ) as Record<DistrictLanguage, Catalogue>
  const compiled = new Map<string, IntlMessageFormat>()
  /** A message without arguments (an enum's label, a fixed sentence) is the same words every time: formatted once. */
  const fixed = new Map<string, string>()
  const english = catalogues[DEFAULT_LANGUAGE]
  return {
    catalogues,
    has: (key) => key in english,
    format(language, key, values = {}, timeZone = DISTRICT_TIME_ZONE) {
      const own = catalogues[language][key]
      const pattern = own ?? english[key]
      if (pattern === undefined) throw new Error(`No message "${key}" in the catalogue.`)
      const locale = FORMAT_LOCALE[own === undefined ? DEFAULT_LANGUAGE : language]
      const cacheKey = `${locale}\u0000${timeZone}\u0000${key}`
      const withoutValues = Object.keys(values).length === 0
      if (withoutValues) {
        const text = fixed.get(cacheKey)
        if (text !== undefined) return text
      }
      let message = compiled.get(cacheKey)
      if (!message) {
        message = new IntlMessageFormat(pattern, locale, { date: { short: { timeZone }, medium: { timeZone }, long: { timeZone }, full: { timeZone } } })
        compiled.set(cacheKey, message)
      }
      const text = String(message.format(values))
      if (withoutValues) fixed.set(cacheKey, text)
      return text
    },
  }
}

/** The arguments a message uses, sorted ('{child}', '{n, plural, …}' → child, n). */
function argumentsOf(pattern: string): string[] {
  const names = new Set<string>()
  const walk = (elements: readonly MessageFormatElement[]) => {
    for (const element of elements) {
      if ('value' in element && typeof element.value === 'string' && element.type !== TYPE.literal) names.add(element.value)
      if ('options' in element) for (const option of Object.values(element.options)) walk(option.value)
      if (element.type === TYPE.tag) walk(element.children)
    }
  }
  walk(parse(pattern))
  return [...names].sort()
}

/**
 * What is wrong with a subgraph's catalogues, in sentences: a key missing or extra in a language,
 * a message that does not parse, arguments that differ from English's, and a value left in
 * English (unless `sameAsEnglish` lists it as `<language>:<key>`: a name, a number).
 */
export function catalogueProblems(catalogues: Readonly<Record<DistrictLanguage, Catalogue>>, sameAsEnglish: readonly string[] = []): string[] {
  const problems: string[] = []
  const english = catalogues[DEFAULT_LANGUAGE]
  for (const { tag } of DISTRICT_LANGUAGES) {
    const catalogue = catalogues[tag]
    for (const key of Object.keys(english)) if (!(key in catalogue)) problems.push(`${tag}: "${key}" is missing.`)
    for (const [key, pattern] of Object.entries(catalogue)) {
      const original = english[key]
      if (original === undefined) {
        problems.push(`${tag}: "${key}" is not in the English catalogue.`)
        continue
      }
      let args: string[]
      try {
        args = argumentsOf(pattern)
      } catch (error) {
        problems.push(`${tag}: "${key}" does not parse as ICU MessageFormat (${error instanceof Error ? error.message : String(error)}).`)
        continue
      }
      if (tag === DEFAULT_LANGUAGE) continue
      if (args.join(',') !== argumentsOf(original).join(',')) problems.push(`${tag}: "${key}" uses {${args.join(', ')}}, English {${argumentsOf(original).join(', ')}}.`)
      if (pattern === original && !sameAsEnglish.includes(`${tag}:${key}`)) problems.push(`${tag}: "${key}" is the English text (translate it, or list "${tag}:${key}" as the same in every language).`)
    }
  }
  return problems
}

/**
 * A resolver for an enum value's words in the viewer's language: `categoryLabel` beside
 * `category`, from the message `enum.<EnumName>.<VALUE>`. `value` picks the GraphQL enum value
 * from the parent (what the enum field itself answers).
 */
export function enumLabel<Parent>(messages: Messages, enumName: string, value: (parent: Parent) => string) {
  return (parent: Parent, _args: unknown, ctx: { language: DistrictLanguage }): string => messages.format(ctx.language, `enum.${enumName}.${value(parent)}`)
}
