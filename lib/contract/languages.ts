/**
 * The languages the district corresponds in: what a person may choose as their preferred
 * language, as BCP 47 tags with each language's own name (for a picker). One list for the
 * subgraph that stores the choice, the gateway and the family's page.
 */

import Negotiator from 'negotiator'

export const DISTRICT_LANGUAGES = [
  { tag: 'en', name: 'English' },
  { tag: 'es', name: 'Español' },
  { tag: 'vi', name: 'Tiếng Việt' },
  { tag: 'so', name: 'Soomaali' },
  { tag: 'ar', name: 'العربية' },
] as const

export type DistrictLanguage = (typeof DISTRICT_LANGUAGES)[number]['tag']

/** The language of a person who has not chosen one. */
export const DEFAULT_LANGUAGE: DistrictLanguage = 'en'

const TAGS: ReadonlySet<string> = new Set(DISTRICT_LANGUAGES.map((l) => l.tag))

export function isDistrictLanguage(value: unknown): value is DistrictLanguage {
  return typeof value === 'string' && TAGS.has(value)
}

/**
 * The language a viewer is answered in: their profile's when it is one of the district's, else
 * the best of the browser's `Accept-Language` the district has (negotiator: q-values, 'es-MX'
 * choosing 'es'), else English.
 */
export function viewerLanguage(profile: string | undefined, acceptLanguage: string | null | undefined): DistrictLanguage {
  const chosen = profile === undefined ? undefined : districtLanguageOf(profile)
  if (chosen) return chosen
  if (!acceptLanguage) return DEFAULT_LANGUAGE
  const [best] = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).languages(DISTRICT_LANGUAGES.map((l) => l.tag))
  return (best !== undefined && districtLanguageOf(best)) || DEFAULT_LANGUAGE
}

/**
 * The district language a client's tag names, or undefined. Tags are case-insensitive
 * (BCP 47), so 'ES' is 'es'; a regional or script variant ('es-MX') is not one of the list.
 */
export function districtLanguageOf(value: string): DistrictLanguage | undefined {
  const tag = value.trim().toLowerCase()
  return isDistrictLanguage(tag) ? tag : undefined
}
