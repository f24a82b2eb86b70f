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

/** ISO date `days` after `isoDate`. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}
