/**
 * Counts the SQL statements each subgraph sends, per request and in total. Tests assert exact
 * counts ("three children cost what one costs"); the drizzle logger feeds it, and an
 * AsyncLocalStorage keeps concurrent requests apart.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

export interface SqlTally {
  statements: number
}

const current = new AsyncLocalStorage<SqlTally>()
const totals = new Map<string, number>()

/** Runs `fn` with a fresh per-request tally, readable with `currentSqlTally()`. */
export function withSqlTally<T>(tally: SqlTally, fn: () => T): T {
  return current.run(tally, fn)
}

export function currentSqlTally(): SqlTally | undefined {
  return current.getStore()
}

export function recordSqlStatement(source: string): void {
  totals.set(source, (totals.get(source) ?? 0) + 1)
  const tally = current.getStore()
  if (tally) tally.statements++
}

/** Statements sent so far by one source, since the process started. */
export function sqlStatementsOf(source: string): number {
  return totals.get(source) ?? 0
}

/** Statements sent so far by each source (a subgraph's name), since the process started. */
export function sqlStatementTotals(): Record<string, number> {
  return Object.fromEntries(totals)
}
