/**
 * The embedded database's own settings (db/client.ts, EMBEDDED_POSTGRES_SETTINGS) hold on a new
 * data directory and again on every later open of it: PGlite writes them to postgresql.conf each
 * time, so a directory made by an older version takes them too. shared_buffers at PGlite's 128 MB
 * default was WebAssembly memory `npm start` held for good. Its statements are planned once
 * (prepared by name, generic plans costed for data in memory), as the subgraphs' pools on a server.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EMBEDDED_POSTGRES_SETTINGS, openDatabase } from '../db/client.ts'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-embedded-settings-'))
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

async function settingsOnOpen(): Promise<Record<string, string>> {
  const database = await openDatabase({ kind: 'embedded', dataDir })
  try {
    const { rows } = await database.executeSql("select name, current_setting(name) as value from pg_settings where name in ('shared_buffers', 'work_mem', 'plan_cache_mode', 'random_page_cost') order by name")
    return Object.fromEntries((rows as Array<{ name: string; value: string }>).map((r) => [r.name, r.value]))
  } finally {
    await database.close()
  }
}

describe('the embedded database', () => {
  it('runs with its own settings on a new directory and on every open after', async () => {
    expect(EMBEDDED_POSTGRES_SETTINGS).toStrictEqual(['shared_buffers = 16MB', 'plan_cache_mode = force_generic_plan', 'random_page_cost = 1.1'])
    const expected = { plan_cache_mode: 'force_generic_plan', random_page_cost: '1.1', shared_buffers: '16MB', work_mem: '4MB' }
    expect(await settingsOnOpen()).toStrictEqual(expected)
    expect(await settingsOnOpen()).toStrictEqual(expected)
  }, 60_000)
})
