/** The header that carries a viewer's token for one subgraph from the bench driver to Hive Gateway (its own module, so Hive's process loads nothing else of the bench). */
export const benchTokenHeader = (subgraph: string) => `x-bench-token-${subgraph}`
