/**
 * Counters the tests and the benchmark read: gateway→subgraph fetches per subgraph, and the
 * record of disclosures' writes that failed (each retried on the next flush).
 */
const fetches = new Map<string, number>()

export function recordSubgraphFetch(subgraph: string): void {
  fetches.set(subgraph, (fetches.get(subgraph) ?? 0) + 1)
}

export function subgraphFetchTotals(): Record<string, number> {
  return Object.fromEntries(fetches)
}

let disclosureFailures = 0

export function recordDisclosureWriteFailure(): void {
  disclosureFailures++
}

/** Batches of the record of disclosures that academics did not take, since the process started. */
export function disclosureWriteFailures(): number {
  return disclosureFailures
}
