/**
 * A durable spool for records that cannot be delivered now (the gateway's record of disclosures
 * when academics is gone at shutdown, or has not taken writes for so long that the queue in
 * memory is full): append-only NDJSON files in one directory, one file per process run (and a
 * new one after each `seal()`), every append fsync'd before it resolves.
 *
 * Nothing is ever written over: a crash in the middle of an append loses at most the line being
 * written (its records were not yet acknowledged as spooled), and earlier lines stay whole. A file
 * is replayed by whoever starts next and deleted only once every record in it was delivered;
 * delivering one twice is possible (a crash between the delivery and the delete), so the receiver
 * should take a record twice as once.
 *
 * A file being written is named `….ndjson.open` (with its writer's pid) and renamed to `….ndjson`
 * once closed: a process replays closed files, and open ones only when their writer is dead (a
 * crash), so two gateways sharing a directory (a restart that overlaps) never take each other's
 * file from under the writer.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { processAlive } from '../lib/process-alive.ts'

const SUFFIX = '.ndjson'
/** A file still being written; the name carries the writer's pid. */
const OPEN = '.open'

/** Whether a process with this pid runs (EPERM: it does, as another user). */
export interface Spool<T> {
  readonly dir: string
  /** Appends records to this run's current file and fsyncs it: once this resolves, they survive a crash. */
  append(records: readonly T[]): Promise<void>
  /** Closes the current file, so that replay may take it; the next append starts a new one. */
  seal(): Promise<void>
  /** Whether the current file has records in it (not yet sealed). */
  hasOpenFile(): boolean
  /** Spool files ready to replay, oldest first: every closed one, and open ones whose writer is gone. */
  files(): Promise<string[]>
  /** A file's records; a line that does not hold one (a last line cut short by a crash) is counted in `skipped`. */
  read(file: string): Promise<{ records: T[]; skipped: number }>
  /** Deletes a file whose records were all delivered. */
  remove(file: string): Promise<void>
  /** Waits for the appends under way and closes the current file. */
  close(): Promise<void>
}

export interface SpoolOptions<T> {
  dir: string
  /** The start of each file's name. @default 'spool' */
  prefix?: string
  /** Tells a record from anything else a line may hold. */
  isRecord: (value: unknown) => value is T
}

/** Makes the directory entry of a new or deleted file durable too (not possible on every platform). */
async function syncDir(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined
  try {
    handle = await fs.promises.open(dir, 'r')
    await handle.sync()
  } catch {
    // Windows cannot open a directory: the file's own fsync is what it gets.
  } finally {
    await handle?.close()
  }
}

export function createSpool<T>(options: SpoolOptions<T>): Spool<T> {
  const { dir, prefix = 'spool', isRecord } = options
  // Sorted by name is sorted by time: a run's files follow its start, in the order written.
  const run = `${prefix}-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${randomBytes(4).toString('hex')}`
  let sequence = 0
  let current: { file: string; handle: fs.promises.FileHandle; written: number } | undefined
  /** Files this run is writing (named before they exist, so that replay never takes one). */
  const live = new Set<string>()
  /** Appends, seals and the close, one at a time and in order. */
  let chain: Promise<unknown> = Promise.resolve()
  const serially = <R>(task: () => Promise<R>): Promise<R> => {
    const next = chain.then(task)
    chain = next.catch(() => {})
    return next
  }

  async function open(): Promise<NonNullable<typeof current>> {
    if (current) return current
    await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 })
    sequence += 1
    const file = path.join(dir, `${run}-${String(sequence).padStart(4, '0')}${SUFFIX}${OPEN}`)
    live.add(file)
    try {
      current = { file, handle: await fs.promises.open(file, 'a', 0o600), written: 0 }
    } catch (error) {
      live.delete(file)
      throw error
    }
    await syncDir(dir)
    return current
  }

  async function closeCurrent(): Promise<void> {
    const closing = current
    current = undefined
    if (!closing) return
    try {
      await closing.handle.close()
      await fs.promises.rename(closing.file, closing.file.slice(0, -OPEN.length))
      await syncDir(dir)
    } catch (error) {
      // Replayed and deleted meanwhile by a process that took this one for dead.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    } finally {
      live.delete(closing.file)
    }
  }

  return {
    dir,
    append: (records) =>
      serially(async () => {
        if (records.length === 0) return
        const target = await open()
        const text = records.map((r) => `${JSON.stringify(r)}\n`).join('')
        try {
          await target.handle.appendFile(text, 'utf8')
          await target.handle.sync()
          target.written += records.length
        } catch (error) {
          // The file may now end in a partial line: never append after it, start another.
          await closeCurrent().catch(() => {})
          throw error
        }
      }),
    seal: () => serially(closeCurrent),
    hasOpenFile: () => current !== undefined && current.written > 0,
    files: async () => {
      let names: string[]
      try {
        names = await fs.promises.readdir(dir)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
        throw error
      }
      const writer = new RegExp(`^${prefix}-.+?-(\\d+)-[0-9a-f]{8}-\\d{4}\\${SUFFIX}\\${OPEN}$`)
      return names
        .filter((name) => {
          if (!name.startsWith(`${prefix}-`)) return false
          if (name.endsWith(SUFFIX)) return true
          if (!name.endsWith(`${SUFFIX}${OPEN}`) || live.has(path.join(dir, name))) return false
          // Open, and not by this spool: a crashed writer's (this pid included: a restart may reuse it), or a live one's.
          const pid = Number(writer.exec(name)?.[1])
          return !Number.isInteger(pid) || pid === process.pid || !processAlive(pid)
        })
        .sort()
        .map((name) => path.join(dir, name))
    },
    read: async (file) => {
      const text = await fs.promises.readFile(file, 'utf8')
      const records: T[] = []
      let skipped = 0
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue
        let value: unknown
        try {
          value = JSON.parse(line)
        } catch {
          skipped += 1
          continue
        }
        if (isRecord(value)) records.push(value)
        else skipped += 1
      }
      return { records, skipped }
    },
    remove: async (file) => {
      await fs.promises.rm(file, { force: true })
      await syncDir(path.dirname(file))
    },
    close: () => serially(closeCurrent),
  }
}

export interface ReplayResult {
  /** Records delivered now. */
  delivered: number
  /** Files delivered in full and deleted. */
  files: number
  /** Lines that held no record (a crash's partial last line). */
  skipped: number
  /** False when a delivery failed (or `shouldStop` said so): the rest waits for the next try. */
  complete: boolean
}

/**
 * Delivers every ready file through `deliver`, in batches, deleting each file only once all its
 * records were delivered; stops at the first failure. `progress` remembers how many records of
 * each file are already delivered, so a retry in the same process resumes instead of repeating.
 */
export async function replaySpool<T>(
  spool: Spool<T>,
  deliver: (batch: T[]) => Promise<void>,
  options: { batchSize: number; progress?: Map<string, number>; shouldStop?: () => boolean },
): Promise<ReplayResult> {
  const { batchSize, progress = new Map<string, number>(), shouldStop = () => false } = options
  const result: ReplayResult = { delivered: 0, files: 0, skipped: 0, complete: true }
  for (const file of await spool.files()) {
    let content: { records: T[]; skipped: number }
    try {
      content = await spool.read(file)
    } catch (error) {
      // Another process took it meanwhile.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw error
    }
    if (content.skipped > 0) console.warn(`[spool] ${path.basename(file)}: ${content.skipped} lines held no record (a write cut short by a crash), skipped`)
    result.skipped += content.skipped
    let done = progress.get(file) ?? 0
    while (done < content.records.length) {
      if (shouldStop()) return { ...result, complete: false }
      const batch = content.records.slice(done, done + batchSize)
      try {
        await deliver(batch)
      } catch (error) {
        console.warn(`[spool] ${path.basename(file)}: delivery failed after ${done} of ${content.records.length} records (tried again later): ${error instanceof Error ? error.message : String(error)}`)
        return { ...result, complete: false }
      }
      done += batch.length
      result.delivered += batch.length
      progress.set(file, done)
    }
    await spool.remove(file)
    progress.delete(file)
    result.files += 1
  }
  return result
}
