/** Progress while a run goes: one line rewritten each second on a terminal, a line every five seconds in a log (CI). */
import type { LoadOptions } from './load.ts'

export function progressPrinter(label: string): NonNullable<LoadOptions['onProgress']> {
  const tty = process.stdout.isTTY
  let lastPrinted = 0
  return ({ elapsedMs, done, errors }) => {
    const line = `  ${label}: ${(elapsedMs / 1000).toFixed(0)} s, ${done} answered (${(done / (elapsedMs / 1000)).toFixed(1)}/s), ${errors} errors`
    if (tty) {
      process.stdout.write(`\r${line}\x1b[K`)
    } else if (elapsedMs - lastPrinted >= 5000) {
      lastPrinted = elapsedMs
      console.log(line)
    }
  }
}

/** Ends a rewritten progress line before the next message. */
export function endProgress(): void {
  if (process.stdout.isTTY) process.stdout.write('\r\x1b[K')
}
