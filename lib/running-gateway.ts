/**
 * Where `npm start` serves, recorded in its data directory beside the database's LOCK: the
 * commands that must ask the running system (`npm run token` while `npm start` owns the embedded
 * database) find it by DATA_DIR, as they find the database, whatever PORT or HOST it was given.
 */
import fs from 'node:fs'
import path from 'node:path'
import { processAlive } from './process-alive.ts'

const FILE = 'gateway.json'

interface RunningGateway {
  pid: number
  /** The gateway's GraphQL URL. */
  url: string
}

/** Writes this process's gateway URL into `dataDir`; returns the function that removes it (also run at exit). */
export function recordRunningGateway(dataDir: string, url: string): () => void {
  const file = path.join(dataDir, FILE)
  fs.mkdirSync(dataDir, { recursive: true })
  fs.writeFileSync(file, `${JSON.stringify({ pid: process.pid, url } satisfies RunningGateway)}\n`)
  let removed = false
  const remove = () => {
    if (removed) return
    removed = true
    try {
      if (runningGatewayRecord(dataDir)?.pid === process.pid) fs.unlinkSync(file)
    } catch {
      // Already gone: nothing to remove.
    }
  }
  process.once('exit', remove)
  return remove
}

function runningGatewayRecord(dataDir: string): RunningGateway | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8')) as Partial<RunningGateway>
    return typeof record.pid === 'number' && typeof record.url === 'string' ? { pid: record.pid, url: record.url } : undefined
  } catch {
    return undefined
  }
}

/** The URL of the gateway `npm start` serves from `dataDir`, while that process lives. */
export function runningGatewayUrl(dataDir: string): string | undefined {
  const record = runningGatewayRecord(dataDir)
  return record && processAlive(record.pid) ? record.url : undefined
}
