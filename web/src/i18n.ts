/**
 * The page's own words, in each of the district's languages. Each part of the page keeps its
 * words beside it (`defineMessages`), and the type makes every language give every message the
 * English one gives, with the same arguments: a missing translation does not compile. Names and
 * free text (messages, notes, titles teachers typed) come as they are; labels and explanations
 * come from the graph, already in the viewer's language.
 */
import { createContext } from 'preact'
import { useContext } from 'preact/hooks'

/** The district's languages (the graph's `setPreferredLanguage` takes the same tags). */
export const LANGUAGES = ['en', 'es', 'vi', 'so', 'ar'] as const
export type Language = (typeof LANGUAGES)[number]

/** Each language's name in itself, for the switcher. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  es: 'Español',
  vi: 'Tiếng Việt',
  so: 'Soomaali',
  ar: 'العربية',
}

export const RIGHT_TO_LEFT: ReadonlySet<Language> = new Set(['ar'])

export function isLanguage(tag: string | null | undefined): tag is Language {
  return (LANGUAGES as readonly string[]).includes(tag ?? '')
}

/** The closest district language to a BCP 47 tag (`es-MX` → `es`), or English. */
export function closestLanguage(tags: readonly string[]): Language {
  for (const tag of tags) {
    const base = tag.toLowerCase().split('-')[0]
    if (isLanguage(base)) return base
  }
  return 'en'
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Message = string | ((...args: any[]) => string)

export type Catalog<T extends Record<string, Message>> = { [L in Language]: { [K in keyof T]: T[K] } }

/** One part's words: English first, and each other language with the same keys and arguments. */
export function defineMessages<T extends Record<string, Message>>(catalog: { en: T } & { [L in Exclude<Language, 'en'>]: { [K in keyof T]: T[K] } }): Catalog<T> {
  return catalog
}

export const LanguageContext = createContext<Language>('en')

/** The words of a catalogue in the page's current language. */
export function useMessages<T extends Record<string, Message>>(catalog: Catalog<T>): Catalog<T>['en'] {
  return catalog[useContext(LanguageContext)]
}

export function useLanguage(): Language {
  return useContext(LanguageContext)
}

/** The locale numbers and dates are written in: English and Spanish in their US forms ($140.00), as the graph's own words are. */
export function intlLocale(language: Language): string {
  return language === 'en' || language === 'es' ? `${language}-US` : language
}

/** Money as the family reads it: integer cents, in dollars, in the page's language. */
export function formatCents(cents: number, language: Language): string {
  return new Intl.NumberFormat(intlLocale(language), { style: 'currency', currency: 'USD' }).format(cents / 100)
}

/** A calendar date (`YYYY-MM-DD`, no time zone) in the page's language. */
export function formatDate(date: string, language: Language, options: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'short', day: 'numeric' }): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Intl.DateTimeFormat(intlLocale(language), { ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)))
}

/** An instant (ISO 8601) in the page's language and the browser's time zone. */
export function formatInstant(instant: string, language: Language): string {
  return new Intl.DateTimeFormat(intlLocale(language), { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(instant))
}

/** A share from 0 to 1 as a percentage (0.953 → 95.3%), in the page's language. */
export function formatPercent(share: number, language: Language): string {
  return new Intl.NumberFormat(intlLocale(language), { style: 'percent', maximumFractionDigits: 1 }).format(share)
}

/** A number as the page's language writes it (3.5 days). */
export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: 1 }).format(value)
}

/** A time of day (`HH:MM[:SS]`, the district's local time) in the page's language. */
export function formatTime(time: string, language: Language): string {
  const [h, m] = time.split(':').map(Number)
  return new Intl.DateTimeFormat(intlLocale(language), { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(1970, 0, 1, h ?? 0, m ?? 0)))
}
