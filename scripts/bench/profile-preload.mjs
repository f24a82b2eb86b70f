/**
 * Loaded into each part by `npm run bench -- --profile` (NODE_OPTIONS=--import): the first
 * SIGUSR2 starts V8's sampling profiler, the second stops it and writes
 * `$DG_PROFILE_DIR/<part>.cpuprofile` (the format Chrome DevTools and speedscope open). Plain
 * JavaScript, so it loads before tsx.
 */
import fs from 'node:fs'
import inspector from 'node:inspector'
import path from 'node:path'

const dir = process.env.DG_PROFILE_DIR
if (dir) {
  const args = process.argv.slice(1).join(' ')
  const part = /start-subgraph\.ts (\w+)/.exec(args)?.[1] ?? /subgraphs\/(\w+)\/index\.ts/.exec(args)?.[1] ?? (args.includes('hive-gateway') ? 'hive' : args.includes('scripts/start.ts') ? 'npm-start' : 'gateway')
  const session = new inspector.Session()
  session.connect()
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))))
  let running = false
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true
      void post('Profiler.enable').then(() => post('Profiler.setSamplingInterval', { interval: 200 })).then(() => post('Profiler.start'))
      return
    }
    running = false
    void post('Profiler.stop').then(({ profile }) => {
      fs.mkdirSync(dir, { recursive: true })
      fs.writeFileSync(path.join(dir, `${part}.cpuprofile`), JSON.stringify(profile))
    })
  })
}
