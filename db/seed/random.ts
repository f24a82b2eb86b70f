/**
 * Deterministic randomness for the seed: faker seeded from a name, so every area draws from
 * its own stream and the same rows come out on every run, whatever order the areas run in.
 */
import { createHash } from 'node:crypto'
import { Faker, base, en, es, vi } from '@faker-js/faker'

export type Random = Faker

function seedOf(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0)
}

export type NameLocale = 'en' | 'es' | 'vi'

const definitions = { en: [en, base], es: [es, en, base], vi: [vi, en, base] } as const

/** A seeded faker; `locale` picks which names it makes. */
export function createRandom(name: string, locale: NameLocale = 'en'): Random {
  const faker = new Faker({ locale: [...definitions[locale]] })
  faker.seed(seedOf(name))
  return faker
}

/** Picks by weight: `weighted(r, [['a', 3], ['b', 1]])` returns 'a' three times in four. */
export function weighted<T>(random: Random, choices: ReadonlyArray<readonly [T, number]>): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0)
  let roll = random.number.float({ min: 0, max: total })
  for (const [value, weight] of choices) {
    roll -= weight
    if (roll <= 0) return value
  }
  const last = choices.at(-1)
  if (!last) throw new Error('weighted() needs at least one choice')
  return last[0]
}

/** The earlier of two ISO dates. */
export function minDay(a: string, b: string): string {
  return a < b ? a : b
}

/** ISO date `days` after `isoDate`. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const hex32 = (n: number) => `${BYTE_HEX[n >>> 24]}${BYTE_HEX[(n >>> 16) & 0xff]}${BYTE_HEX[(n >>> 8) & 0xff]}${BYTE_HEX[n & 0xff]}`

/**
 * A version 4 uuid from four 32-bit draws of the seeded stream. faker's own draws 31 numbers
 * per id; with millions of ids at 53,000 students, that alone cost seconds.
 */
export function seededUuid(random: Random): string {
  const a = hex32(random.number.int(0xffffffff))
  const b = hex32(random.number.int(0xffffffff))
  const c = hex32(random.number.int(0xffffffff))
  const d = hex32(random.number.int(0xffffffff))
  // Version nibble 4, variant bits 10: the layout of a random (v4) uuid.
  const variant = '89ab'[parseInt(c.charAt(0), 16) & 3]
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`
}

/** An element the plan itself put there (an index into a list it built): its absence is a bug in the plan. */
export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The district plan lost ${what}.`)
  return value
}
