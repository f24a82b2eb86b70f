/**
 * The graph as production runs it: each subgraph and the gateway its own process on free ports,
 * over a Postgres database, for tests whose subject is the processes themselves (a subgraph
 * killed or stopped, signals, shutdown). Each process runs as its own process group, so a test
 * can signal the group as an operator's Ctrl-C or a container runtime would.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.ts'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))))
    })
  })
}

export interface Proc {
  name: string
  child: ChildProcess
  output(): string
  /** Resolves when the process prints `readyText`. */
  ready: Promise<void>
  /** The exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>
  /** Signals the process alone, or its whole group (as npm, a shell or a container runtime would). */
  signal(signal: NodeJS.Signals, group?: boolean): void
}

/** Spawns `command args` in its own process group, with `env`, waiting for `readyText` in its output. */
export function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, readyText: string): Proc {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)))
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes(readyText)) resolve()
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    void exited.then((code) => reject(new Error(`${name} exited with ${String(code)} before it was ready:\n${output}`)))
  })
  ready.catch(() => {})
  return {
    name,
    child,
    output: () => output,
    ready,
    exited,
    signal(signal, group = false) {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
      try {
        process.kill(group ? -child.pid : child.pid, signal)
      } catch {
        // Already gone.
      }
    },
  }
}

export interface Deployment {
  env: NodeJS.ProcessEnv
  gatewayUrl: string
  gateway: Proc
  subgraphs: Record<SubgraphName, Proc>
  /** Stops every process still running (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>
}

const tsx = (entry: string, ...args: string[]) => [process.execPath, ['--import', 'tsx', entry, ...args]] as const

/** Starts the six subgraphs and the gateway as separate processes over `databaseUrl`. */
export async function startDeployment(databaseUrl: string, dataDir: string, extraEnv: Record<string, string> = {}): Promise<Deployment> {
  const ports = await Promise.all(Array.from({ length: SUBGRAPH_NAMES.length + 1 }, freePort))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    PORT: String(ports[0]),
    DATABASE_POOL_SIZE: '2',
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [`${name.toUpperCase()}_PORT`, String(ports[i + 1])])),
    ...extraEnv,
  }
  const subgraphs = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => {
      const [command, args] = tsx('scripts/start-subgraph.ts', name)
      return [name, startProcess(name, command, [...args], env, `${name} subgraph at`)]
    }),
  ) as Record<SubgraphName, Proc>
  const all: Proc[] = Object.values(subgraphs)
  const stop = async (graceMs = 10_000) => {
    for (const proc of all) proc.signal('SIGTERM')
    await Promise.all(
      all.map(async (proc) => {
        const timer = setTimeout(() => proc.signal('SIGKILL', true), graceMs)
        await proc.exited
        clearTimeout(timer)
      }),
    )
  }
  try {
    await Promise.all(Object.values(subgraphs).map((proc) => proc.ready))
    const [command, args] = tsx('gateway/index.ts')
    const gateway = startProcess('gateway', command, [...args], env, 'gateway at')
    all.push(gateway)
    await gateway.ready
    return { env, gatewayUrl: `http://127.0.0.1:${ports[0]}/graphql`, gateway, subgraphs, stop }
  } catch (error) {
    await stop(0)
    throw error
  }
}
