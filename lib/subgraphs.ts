/**
 * The six subgraphs of the district graph, in the contract's port order (4001–4006).
 * This list is the one place that names them: config, compose, codegen and start read it.
 */
export const SUBGRAPH_NAMES = [
  'academics',
  'attendance',
  'behaviour',
  'finance',
  'messaging',
  'transportation',
] as const

export type SubgraphName = (typeof SUBGRAPH_NAMES)[number]

export const DEFAULT_SUBGRAPH_PORTS: Record<SubgraphName, number> = {
  academics: 4001,
  attendance: 4002,
  behaviour: 4003,
  finance: 4004,
  messaging: 4005,
  transportation: 4006,
}

export function isSubgraphName(name: string): name is SubgraphName {
  return (SUBGRAPH_NAMES as readonly string[]).includes(name)
}
