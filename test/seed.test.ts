/**
 * The seed is deterministic: two fresh databases seeded with the same size hold the same rows
 * (digest of every table), and the contract's named people are in their described situations.
 */
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../db/client.ts'
import { migrateSubgraphs } from '../db/migrate.ts'
import { digestDatabase } from '../db/seed/digest.ts'
import { seedDistrict } from '../db/seed/index.ts'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'
import { openTestDatabase } from './support/system.ts'

async function seededDigest(students: number) {
  const database = await openDatabase({ kind: 'memory' })
  try {
    await migrateSubgraphs(database, SUBGRAPH_NAMES)
    await seedDistrict(database, { students })
    return await digestDatabase(database)
  } finally {
    await database.close()
  }
}

describe('the seed', () => {
  it('makes the same rows on every run', async () => {
    const first = await seededDigest(150)
    const second = await seededDigest(150)
    expect(second).toStrictEqual(first)
    // Every subgraph's tables hold rows: the digest covers a whole district, not an empty one.
    for (const name of SUBGRAPH_NAMES) {
      const rows = Object.entries(first.rows).filter(([table]) => table.startsWith(`${name}.`))
      expect(rows.length, name).toBeGreaterThan(0)
      expect(rows.reduce((n, [, count]) => n + count, 0), name).toBeGreaterThan(0)
    }
    // Two fresh embedded seeds: about 30 s alone, several times that on a busy 2-core machine.
  }, 240_000)

  it('makes the same rows on this project database as on a fresh embedded seed of the same size', async () => {
    const database = await openTestDatabase()
    try {
      const tested = await digestDatabase(database)
      expect(tested).toStrictEqual(await seededDigest(1000))
    } finally {
      await database.close()
    }
  }, 240_000)
})
