/**
 * Shutdown loses nothing (issue 8, part 5): the parts as separate processes in their own process
 * groups, academics and the gateway through npm, under load from several guardians; SIGTERM to
 * the gateway's group with academics up, then academics stopped first and SIGTERM (or SIGINT
 * twice) to the gateway's group; and `npm start` (all in one process) given SIGINT twice. Every
 * answer that came back whole has its records in the access log once academics and the gateway
 * start again (the gateway replays its spool), no request loses its connection (those in flight at
 * the signal are all answered), and the process exits cleanly. Separate processes cannot share the
 * embedded database: this runs on the Postgres project only (scripts/shutdown-check.ts runs the
 * same scenario by hand and prints the figures).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { describeCase, dropDatabase, prepareDatabase, startScenario, type Scenario, type ShutdownCase } from '../scripts/shutdown-check.ts'

const target = inject('testDatabase')

describe.skipIf(target.kind !== 'postgres')('shutdown under load loses no record of disclosures', () => {
  let scenario: Scenario | undefined
  let base = ''
  let name = ''

  beforeAll(async () => {
    if (target.kind !== 'postgres') return
    base = target.url
    name = `${new URL(base).pathname.slice(1)}_shutdown`
    const databaseUrl = await prepareDatabase(base, name)
    // No timed flush: every record of a case is still queued when the gateway gets its signal.
    scenario = await startScenario({ databaseUrl, env: { DISCLOSURE_FLUSH_SECONDS: '60' } })
  }, 240_000)

  afterAll(async () => {
    await scenario?.stop()
    if (name) await dropDatabase(base, name)
  }, 60_000)

  const cases: Array<[ShutdownCase, string]> = [
    ['gateway-sigterm', 'SIGTERM to the gateway group with academics up: requests in flight finish, records are written'],
    ['academics-first-sigterm', 'academics stopped first, then SIGTERM to the gateway group: what academics cannot take is spooled and replayed'],
    ['academics-first-sigint-twice', 'academics stopped first, then SIGINT twice to the gateway group: the same'],
    ['npm-start-sigint-twice', 'npm start (all in one process), SIGINT twice to its group: the gateway writes its queue before academics closes'],
  ]

  it.each(cases)('%s: %s', async (name) => {
    if (!scenario) throw new Error('The scenario did not start.')
    const report = await scenario.run(name)
    console.log(describeCase(report))
    expect(report.successes).toBeGreaterThan(0)
    expect(report.recordsExpected).toBeGreaterThan(0)
    expect({
      lost: report.recordsLost,
      unmatched: report.unmatched,
      resets: report.resetDetails,
      inFlightUnanswered: report.inFlightAtSignal - report.inFlightAnswered,
      gatewayExit: report.gatewayExit,
    }).toStrictEqual({ lost: 0, unmatched: 0, resets: [], inFlightUnanswered: 0, gatewayExit: 0 })
    // npm itself: clean after one signal; after two, the second may land once its child has gone
    // and npm has stopped forwarding (npm's behaviour, not the gateway's), ending npm by SIGINT.
    if (name.endsWith('sigint-twice')) expect([0, 'SIGINT']).toContain(report.wrapperExit)
    else expect(report.wrapperExit).toBe(0)
    if (name.startsWith('academics-first')) {
      expect(report.academicsExit).toBe(0)
      // academics was gone: the gateway's queue went to the spool, and came back from it.
      expect(report.spooled).toBeGreaterThan(0)
    }
  }, 240_000)
})
