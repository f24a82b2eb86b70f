/**
 * The bench's processes run in process groups of their own, so a Ctrl-C to the bench does not
 * reach them: on SIGINT or SIGTERM the bench stops what it started, then exits, rather than leave
 * subgraphs and gateways holding ports and database connections.
 */
const stops = new Set<() => Promise<void>>()
let installed = false

/** Runs `stop` if the bench is interrupted while it is registered; returns the function that unregisters it. */
export function stopOnInterrupt(stop: () => Promise<void>): () => void {
  if (!installed) {
    installed = true
    const interrupted = (signal: NodeJS.Signals) => {
      console.error(`\n${signal}: stopping the bench's processes…`)
      void Promise.allSettled([...stops].map((s) => s())).then(() => process.exit(130))
    }
    process.once('SIGINT', interrupted)
    process.once('SIGTERM', interrupted)
  }
  stops.add(stop)
  return () => stops.delete(stop)
}
