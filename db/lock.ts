/**
 * One process owns an embedded (PGlite) data directory at a time: two processes can open the
 * same directory without an error and silently lose rows. The owner holds `<dataDir>/LOCK`.
 */
import fs from 'node:fs'
import path from 'node:path'
import { processAlive } from '../lib/process-alive.ts'

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError'
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid} (a running "npm start"?). ` +
        'Only one process may open it: stop that process first, or set DATABASE_URL to use a Postgres server.',
    )
  }
}

/** Who holds the lock on `dataDir`, if a live process does. */
export function lockHolder(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'LOCK')
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim())
    return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : undefined
  } catch {
    return undefined
  }
}

/** Takes the lock or throws `DataDirInUseError`; returns the function that releases it. */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, 'LOCK')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' })
      let released = false
      const release = () => {
        if (released) return
        released = true
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file)
        } catch {
          // Already gone: nothing to release.
        }
      }
      process.once('exit', release)
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = lockHolder(dataDir)
      if (holder !== undefined && holder !== process.pid) throw new DataDirInUseError(dataDir, holder)
      // A lock left by a process that died: take it over.
      fs.rmSync(file, { force: true })
    }
  }
  throw new Error(`Could not take the lock on ${dataDir}.`)
}
