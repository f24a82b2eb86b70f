/**
 * What a process has cost, read from Linux's /proc: CPU time (user + system, every thread) and
 * resident memory now and at its peak. The benchmark reads each part before and after a run and
 * divides the CPU by the requests answered.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'

let ticksPerSecond: number | undefined

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      ticksPerSecond = 100
    }
  }
  return ticksPerSecond
}

/** CPU milliseconds (utime + stime) the process has used since it started. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  return ((utime + stime) * 1000) / clockTicks()
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
  return match ? Number(match[1]) : 0
}

/** Peak resident memory (VmHWM) in MB. */
export const peakRssMb = (pid: number) => statusKb(pid, 'VmHWM') / 1024

/** Resident memory now (VmRSS) in MB. */
export const rssMb = (pid: number) => statusKb(pid, 'VmRSS') / 1024

/** The processes whose parent is `pid` (npm's child, the node process it runs). */
export function childrenOf(pid: number): number[] {
  const children: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === pid) children.push(Number(entry))
    } catch {
      // Gone between the listing and the read.
    }
  }
  return children
}

/** CPU ms of each of `pids` now, to subtract later. */
export function cpuSnapshot(pids: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]))
}

/** CPU ms each process used since `before`. */
export function cpuSince(pids: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid) - (before[name] ?? 0)]))
}

/** Whether `pid` is a PostgreSQL process on this machine (a backend serving one connection). */
const isPostgres = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres'
  } catch {
    return false
  }
}

/**
 * The server processes (backends) serving `pids`' connections, by pid, for a server on this
 * machine: the others' (another machine's, or a container's namespace) are not in /proc and are left out.
 */
export const localPostgresBackends = (pids: readonly number[]) => pids.filter(isPostgres)
