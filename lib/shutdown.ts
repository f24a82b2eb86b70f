/**
 * One way for every entry point to stop: on SIGINT or SIGTERM — to the process or to its whole
 * group, once or several times (npm and tsx pass a group's signal on, so it often arrives
 * twice) — run `stop` exactly once, then exit. A repeated signal never cuts the stop short; a
 * stop that hangs past `timeoutMs` ends the process with an error instead of waiting forever.
 *
 * Under `npm run`, npm forwards the signal and stops listening for it once its child has exited;
 * a second Ctrl-C landing in that moment ends npm itself by SIGINT although the process stopped
 * cleanly. The `stopped: exit 0` line is what says the process did.
 */
export interface ShutdownOptions {
  /** The process's name in the log. */
  name: string
  /** @default 30000 */
  timeoutMs?: number
  log?: (message: string) => void
}

export function onShutdown(stop: (signal: NodeJS.Signals) => Promise<void>, options: ShutdownOptions): void {
  const { name, timeoutMs = 30_000, log = (message: string) => { console.log(message) } } = options
  let stopping = false
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`[${name}] ${signal} again: still stopping`)
      return
    }
    stopping = true
    log(`[${name}] ${signal}: stopping`)
    const timer = setTimeout(() => {
      console.error(`[${name}] did not stop within ${timeoutMs} ms: exiting`)
      process.exit(1)
    }, timeoutMs)
    stop(signal).then(
      () => {
        clearTimeout(timer)
        // The process's own word on how it ended: a wrapper (npm) may report otherwise (see below).
        log(`[${name}] stopped: exit 0`)
        process.exit(0)
      },
      (error: unknown) => {
        console.error(`[${name}] stopping failed:`, error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', handle)
  process.on('SIGTERM', handle)
}
