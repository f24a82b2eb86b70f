/**
 * Loaded into each part by `npm run bench -- --profile` (NODE_OPTIONS=--import): the first
 * SIGUSR2 starts V8's sampling profiler, the second stops it and writes
 * `$DG_PROFILE_DIR/<part>.cpuprofile` (the format Chrome DevTools and speedscope open). It loads
 * into worker threads too (npm start's embedded database): told by the main thread over a
 * BroadcastChannel, each profiles itself into `<part>-<thread>.cpuprofile`, written before the
 * part's own. Plain JavaScript, so it loads before tsx.
 */
import fs from 'node:fs'
import inspector from 'node:inspector'
import path from 'node:path'
import { BroadcastChannel, isMainThread, threadId, workerData } from 'node:worker_threads'

const dir = process.env.DG_PROFILE_DIR
if (dir) {
  const session = new inspector.Session()
  session.connect()
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))))
  const start = () => post('Profiler.enable').then(() => post('Profiler.setSamplingInterval', { interval: 200 })).then(() => post('Profiler.start'))
  const stop = (name) =>
    post('Profiler.stop').then(({ profile }) => {
      fs.mkdirSync(dir, { recursive: true })
      fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile))
    })
  const channel = new BroadcastChannel('district-graph-profile')
  channel.unref()
  if (isMainThread) {
    const args = process.argv.slice(1).join(' ')
    const part = /start-subgraph\.ts (\w+)/.exec(args)?.[1] ?? /subgraphs\/(\w+)\/index\.ts/.exec(args)?.[1] ?? (args.includes('hive-gateway') ? 'hive' : args.includes('scripts/start.ts') ? 'npm-start' : 'gateway')
    // Threads that started profiling, and what each says when it has written its profile.
    const threads = new Set()
    const written = new Map()
    channel.onmessage = ({ data }) => {
      if (data.started !== undefined) threads.add(data.started)
      if (data.written !== undefined) written.get(data.written)?.()
    }
    let running = false
    process.on('SIGUSR2', () => {
      if (!running) {
        running = true
        threads.clear()
        channel.postMessage({ start: true })
        void start()
        return
      }
      running = false
      const waits = [...threads].map((id) => new Promise((resolve) => written.set(id, resolve)))
      channel.postMessage({ stop: part })
      // The threads' profiles first (5 s at most), so the part's own file means all are written.
      void Promise.race([Promise.all(waits), new Promise((resolve) => setTimeout(resolve, 5000))]).then(() => stop(part))
    })
  } else {
    const name = String(workerData?.entry ?? '').includes('pglite-worker') ? 'database' : `thread-${threadId}`
    channel.onmessage = ({ data }) => {
      if (data.start) void start().then(() => channel.postMessage({ started: threadId }))
      if (data.stop) void stop(`${data.stop}-${name}`).then(() => channel.postMessage({ written: threadId }))
    }
  }
}
