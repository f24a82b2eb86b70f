/**
 * Applies each subgraph's committed migrations (`subgraphs/<name>/db/migrations/`), each folder
 * with its own bookkeeping table (`drizzle.__migrations_<name>`) so that one folder never hides
 * another.
 */
import { fileURLToPath } from 'node:url'
import { openDatabase, type Database } from './client.ts'
import type { SubgraphName } from '../lib/subgraphs.ts'

export function migrationsFolder(name: SubgraphName): string {
  return fileURLToPath(new URL(`../subgraphs/${name}/db/migrations`, import.meta.url))
}

/** Migrates `names` on `database`; on a server, over a dedicated single connection. */
export async function migrateSubgraphs(database: Database, names: readonly SubgraphName[]): Promise<void> {
  const target = database.target
  if (target.kind === 'server') {
    const single = await openDatabase({ kind: 'server', url: target.url, max: 1 })
    try {
      // Replicas and the migration job may start at once: one migrates while the others wait (a
      // minute at most), then find nothing left to do. Without it they race on CREATE SCHEMA.
      await single.executeSql(`set lock_timeout = '60s'`)
      await single.executeSql(`select pg_advisory_lock(hashtext('district-graph migrations'))`)
      for (const name of names) {
        await single.migrate({
          migrationsFolder: migrationsFolder(name),
          migrationsTable: `__migrations_${name}`,
          migrationsSchema: 'drizzle',
        })
      }
    } finally {
      await single.close()
    }
    return
  }
  for (const name of names) {
    await database.migrate({
      migrationsFolder: migrationsFolder(name),
      migrationsTable: `__migrations_${name}`,
      migrationsSchema: 'drizzle',
    })
  }
}
