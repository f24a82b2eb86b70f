/** Counters the tests and the benchmark read: gateway→subgraph fetches per subgraph. */
const fetches = new Map<string, number>()

export function recordSubgraphFetch(subgraph: string): void {
  fetches.set(subgraph, (fetches.get(subgraph) ?? 0) + 1)
}

export function subgraphFetchTotals(): Record<string, number> {
  return Object.fromEntries(fetches)
}
