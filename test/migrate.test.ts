/**
 * Replicas and the migration job start at once on a new database: every one of them must come up
 * (one migrates, the others wait for it and find nothing to do), not fail on CREATE SCHEMA.
 * Postgres only: the embedded database is opened by one process at a time.
 */
import fs from 'node:fs'
import postgres from 'postgres'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../db/client.ts'
import { migrateSubgraphs } from '../db/migrate.ts'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'

const serverUrl = process.env.DATABASE_URL
const onServer = process.env.DG_TEST_DATABASE === 'postgres' && serverUrl !== undefined
const name = `dg_migrate_race_${String(process.pid)}`

describe.skipIf(!onServer)('migrations started at once', () => {
  const admin = postgres(serverUrl ?? '', { max: 1, onnotice: () => {} })
  afterAll(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`)
    await admin.end()
  })

  it('all succeed on a new database, each subgraph migrated once', async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`)
    await admin.unsafe(`create database ${name}`)
    const url = new URL(serverUrl ?? '')
    url.pathname = `/${name}`
    const databases = await Promise.all(Array.from({ length: 4 }, () => openDatabase({ kind: 'server', url: url.href, max: 1 })))
    try {
      const outcomes = await Promise.allSettled(databases.map((database) => migrateSubgraphs(database, SUBGRAPH_NAMES)))
      expect(outcomes.map((o) => (o.status === 'fulfilled' ? 'ok' : String(o.reason)))).toStrictEqual(['ok', 'ok', 'ok', 'ok'])
      const check = postgres(url.href, { max: 1, onnotice: () => {} })
      try {
        const counts = await Promise.all(
          SUBGRAPH_NAMES.map(async (subgraph) => {
            const rows = await check.unsafe<Array<{ n: number }>>(`select count(*)::int as n from drizzle.__migrations_${subgraph}`)
            return rows[0]?.n ?? 0
          }),
        )
        // Each migration recorded once: as many rows as one migrator alone writes.
        const alone = SUBGRAPH_NAMES.map((subgraph) => fs.readdirSync(new URL(`../subgraphs/${subgraph}/db/migrations`, import.meta.url)).filter((f) => f.endsWith('.sql')).length)
        expect(counts).toStrictEqual(alone)
      } finally {
        await check.end()
      }
    } finally {
      await Promise.all(databases.map((database) => database.close()))
    }
  })
})
