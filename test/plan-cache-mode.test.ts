/**
 * How Postgres plans a subgraph's statements (issue 11: most of Postgres's CPU per dashboard was
 * planning a fresh plan at every execution). Each subgraph chooses its pool's planner settings
 * (`plan_cache_mode`, `random_page_cost`) in its definition, an operator may override the plan
 * cache mode (`<NAME>_DATABASE_PLAN_CACHE_MODE`), and the pool sets them on every connection, so
 * that a prepared statement is planned once per connection.
 * Finance's meal balances, rewritten so their generic plan reads by index, still answer what the
 * rows say (both databases).
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDatabase, rowsOf, type Database } from '../db/client.ts'
import { ConfigError, loadConfig, type PlannerSettings } from '../lib/config.ts'
import { SUBGRAPH_NAMES } from '../lib/subgraphs.ts'
import { academics } from '../subgraphs/academics/server.ts'
import { attendance } from '../subgraphs/attendance/server.ts'
import { behaviour } from '../subgraphs/behaviour/server.ts'
import { finance } from '../subgraphs/finance/server.ts'
import { mealAccountsOf } from '../subgraphs/finance/ledger.ts'
import { PLANNED_ONCE } from '../subgraphs/kit/index.ts'
import { subgraphDatabaseTarget } from '../subgraphs/kit/serve.ts'
import { messaging } from '../subgraphs/messaging/server.ts'
import { transportation } from '../subgraphs/transportation/server.ts'
import { openTestDatabase } from './support/system.ts'

const target = inject('testDatabase')
const DEFINITIONS = [academics, attendance, behaviour, finance, messaging, transportation]
const SERVER = 'postgres://district@db.example:5432/district'

describe('the plan cache mode of each subgraph', () => {
  const modes = (env: Record<string, string>) => {
    const config = loadConfig(env)
    return Object.fromEntries(
      DEFINITIONS.map((definition) => {
        const chosen = subgraphDatabaseTarget(definition, config)
        return [definition.name, chosen.kind === 'server' ? (chosen.planner ?? "the server's") : chosen.kind]
      }),
    )
  }

  it("is the subgraph's own choice on a server: generic plans costed for data in memory, for all six", () => {
    expect(DEFINITIONS.map((d) => d.name)).toStrictEqual([...SUBGRAPH_NAMES])
    const once = { planCacheMode: 'force_generic_plan', randomPageCost: 1.1 }
    expect(modes({ DATABASE_URL: SERVER })).toStrictEqual(Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, once])))
  })

  it('takes the plan cache mode from <NAME>_DATABASE_PLAN_CACHE_MODE, for that subgraph alone', () => {
    const once = { planCacheMode: 'force_generic_plan', randomPageCost: 1.1 }
    expect(modes({ DATABASE_URL: SERVER, FINANCE_DATABASE_PLAN_CACHE_MODE: 'auto', ACADEMICS_DATABASE_PLAN_CACHE_MODE: 'force_custom_plan' })).toStrictEqual({
      academics: { planCacheMode: 'force_custom_plan', randomPageCost: 1.1 },
      attendance: once,
      behaviour: once,
      finance: { planCacheMode: 'auto', randomPageCost: 1.1 },
      messaging: once,
      transportation: once,
    })
  })

  it('does not apply to the embedded database', () => {
    expect(new Set(Object.values(modes({ FINANCE_DATABASE_PLAN_CACHE_MODE: 'auto' })))).toStrictEqual(new Set(['embedded']))
  })

  it('stops start-up on a value Postgres does not know, with a sentence naming the setting', () => {
    expect(() => loadConfig({ MESSAGING_DATABASE_PLAN_CACHE_MODE: 'generic' })).toThrow(
      new ConfigError('MESSAGING_DATABASE_PLAN_CACHE_MODE must be one of auto, force_generic_plan, force_custom_plan, not "generic".'),
    )
  })
})

describe("finance's meal balances", () => {
  let database: Database
  beforeAll(async () => {
    database = await openTestDatabase()
  })
  afterAll(async () => {
    await database.close()
  })

  it('are the sums of each account’s transactions, in the order asked, null for a student without an account', async () => {
    const db = database.drizzle('finance')
    const accounts = rowsOf<{ studentId: string; threshold: number; balance: number }>(
      await db.execute(sql`
        select a.student_id as "studentId", a.low_balance_threshold_cents as threshold, coalesce(sum(t.amount_cents), 0)::int as balance
        from finance.meal_accounts a left join finance.meal_transactions t on t.student_id = a.student_id
        group by a.student_id, a.low_balance_threshold_cents order by a.student_id limit 3`),
    )
    expect(accounts).toHaveLength(3)
    expect(accounts.some((a) => a.balance !== 0)).toBe(true)
    const none = '00000000-0000-4000-8000-00000000000f'
    const asked = [accounts[2], accounts[0], undefined, accounts[1]].map((a) => a?.studentId ?? none)
    expect(await mealAccountsOf(db, asked)).toStrictEqual(
      [accounts[2], accounts[0], undefined, accounts[1]].map((a) => (a ? { studentId: a.studentId, lowBalanceThresholdCents: a.threshold, balanceCents: a.balance } : null)),
    )
  })
})

describe.skipIf(target.kind !== 'postgres')('a pool with planner settings', () => {
  /** finance's meal balances twice on one connection, then how that connection planned them. */
  async function plansOn(planner: PlannerSettings | undefined) {
    if (target.kind !== 'postgres') throw new Error('Postgres only')
    const database = await openDatabase({ kind: 'server', url: target.url, max: 1, ...(planner ? { planner } : {}) })
    try {
      const db = database.drizzle('finance')
      const ids = rowsOf<{ id: string }>(await db.execute(sql`select student_id as id from finance.meal_accounts order by student_id limit 2`)).map((r) => r.id)
      await mealAccountsOf(db, ids)
      await mealAccountsOf(db, ids.slice(0, 1))
      const [plans] = rowsOf<{ mode: string; pageCost: string; generic: number; custom: number }>(
        await db.execute(sql`
          select current_setting('plan_cache_mode') as mode, current_setting('random_page_cost') as "pageCost", generic_plans::int as generic, custom_plans::int as custom
          from pg_prepared_statements where statement like '%finance"."meal_transactions%'`),
      )
      return plans
    } finally {
      await database.close()
    }
  }

  it("plans a prepared statement once and reuses the plan (the kit's PLANNED_ONCE)", async () => {
    expect(await plansOn(PLANNED_ONCE)).toStrictEqual({ mode: 'force_generic_plan', pageCost: '1.1', generic: 2, custom: 0 })
  })

  it("plans it afresh at each execution under the server's own settings", async () => {
    expect(await plansOn(undefined)).toStrictEqual({ mode: 'auto', pageCost: '4', generic: 0, custom: 2 })
  })
})
