/**
 * `npm run bench` ends with issue 11's targets against its own figures: each checked at its limit
 * (at most or at least), only those whose phase ran, and the SQL per dashboard compared across
 * family sizes by each family's least count (a batch split by timing adds one now and then).
 */
import { describe, expect, it } from 'vitest'
import { checkTargets, type BenchResult } from '../scripts/bench/report.ts'

const means = (systemCpuMsPerRequest: number, gatewayCpuMsPerRequest: number, requestsPerSecond: number, p99: number) => ({ systemCpuMsPerRequest, gatewayCpuMsPerRequest, requestsPerSecond, p99 })

function resultWith(parts: Partial<BenchResult>): BenchResult {
  return { options: { connections: 16 }, failures: [], notes: [], ...parts } as unknown as BenchResult
}

describe("the bench's targets", () => {
  it('checks each measured figure against its limit, at most or at least', () => {
    const result = resultWith({
      gateways: {
        summary: {
          FamilyDashboard: { ours: means(15, 6, 66, 300), hive: means(30, 10, 40, 400), oursOverHive: { gatewayCpuMsPerRequest: 0.6 } },
          ChildDashboard: { ours: means(20, 9, 50, 350), hive: means(40, 14, 30, 500), oursOverHive: { gatewayCpuMsPerRequest: 0.61 } },
        },
      } as unknown as BenchResult['gateways'],
      embedded: { runs: [{ connections: 4, load: { requestsPerSecond: 60 }, peakRssMb: 480 }, { connections: 16, load: { requestsPerSecond: 49.9 }, peakRssMb: 501 }] } as unknown as BenchResult['embedded'],
      seeds: { 1000: { seconds: 4, peakRssMb: 300 }, 53000: { seconds: 181, peakRssMb: 1024 } },
      sizes: { p50Ratio: 1.2, base: { students: 1000 }, large: { students: 53000 } } as unknown as BenchResult['sizes'],
    })
    expect(checkTargets(result).map((c) => [c.target, c.figure, c.limit, c.met])).toStrictEqual([
      ['whole-system CPU per FamilyDashboard, ours', '15.0 ms', '≤ 15.0 ms', true],
      ['gateway CPU per FamilyDashboard, ours / Hive', '0.60×', '≤ 0.60×', true],
      ['gateway CPU per ChildDashboard, ours / Hive', '0.61×', '≤ 0.60×', false],
      ["FamilyDashboard req/s through ours (3× the issue's 22)", '66.0', '≥ 66.0', true],
      ['FamilyDashboard p99 through ours at 16 connections', '300 ms', '≤ 300 ms', true],
      ['embedded npm start, req/s at 16 connections', '49.9', '≥ 50.0', false],
      ['embedded npm start, peak RSS', '501 MB', '≤ 500 MB', false],
      ['npm run seed of 53000 students on the server', '181 s', '≤ 180 s', false],
      ['npm run seed of 53000 students, peak RSS', '1024 MB', '≤ 1024 MB', true],
      ['p50 at 53000 / at 1000 students', '1.20×', '≤ 1.20×', true],
    ])
  })

  it('leaves out what the run did not measure, and compares SQL per dashboard by each family’s least count', () => {
    const family = (children: number, sqlTotals: number[]) => ({ children, actualChildren: children, guardian: { login: `g${children}` }, dashboards: { FamilyDashboard: { sqlTotals } } })
    const flat = checkTargets(resultWith({ counts: [family(1, [23, 24, 23]), family(3, [23, 23, 23])] as unknown as BenchResult['counts'] }))
    expect(flat).toStrictEqual([{ target: 'SQL per FamilyDashboard flat for 1, 3 children', figure: '23, 23', limit: 'equal', met: true }])
    const growing = checkTargets(resultWith({ counts: [family(1, [23]), family(3, [25])] as unknown as BenchResult['counts'] }))
    expect(growing.map((c) => c.met)).toStrictEqual([false])
  })
})
