/**
 * What the project's code says the deployment must agree with (entry points, served paths, the
 * settings lib/config.ts reads and requires), and a role's settings put through lib/config.ts
 * itself, as the process would read them.
 */
import fs from 'node:fs'
import path from 'node:path'
import { ConfigError, loadConfig, requireViewerSigningKey, requireViewerVerifyKeys, type Config } from '../../lib/config.ts'
import { SUBGRAPH_NAMES, isSubgraphName, type SubgraphName } from '../../lib/subgraphs.ts'
import { READINESS_PATH } from '../../subgraphs/kit/readiness.ts'
import { readImage } from './image.ts'

export type Part = 'gateway' | SubgraphName
/** What runs from the image: the seven parts and the migration. */
export type Role = Part | 'migrate'
type Env = Record<string, string | undefined>

export const PARTS: readonly Part[] = ['gateway', ...SUBGRAPH_NAMES]

/** Settings a part's replicas must share, beyond what lib/config.ts refuses a production start without. */
const SHARED_SETTINGS: Partial<Record<Role, Record<string, string>>> = {
  gateway: { REDIS_URL: 'what gateway replicas share: rate limits and revoked sessions' },
  messaging: { ALERT_LINK_SECRET: 'the unsubscribe links must verify on every messaging replica' },
}

/** What the project's own files say the deployment must agree with. */
export interface Project {
  /** Where package.json and node_modules are. */
  root: string
  /** The entry point each role runs (`node --import tsx <entry> [name]`), from package.json's scripts. */
  entries: Record<'gateway' | 'subgraph' | 'migrate', string>
  /** Paths each kind of part answers besides /graphql. */
  served: Record<'gateway' | 'subgraph', string[]>
  /** Every environment variable lib/config.ts reads. */
  settings: Set<string>
  /** The settings lib/config.ts refuses a production start without (its `required(...)` and `… must be set in production`). */
  productionSecrets: Set<string>
  /** The image's own ENV (deploy/Dockerfile's last stage). */
  imageEnv: Env
}

function entryOf(script: string | undefined, name: string): string {
  const entry = script?.split(/\s+/).find((word) => word.endsWith('.ts'))
  if (!entry) throw new Error(`package.json's "${name}" script runs no .ts entry point.`)
  return entry
}

export function readProject(root: string, deployDir: string): Project {
  const scripts = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {}
  const gatewaySource = fs.readFileSync(path.join(root, 'gateway/server.ts'), 'utf8')
  const kitSource = fs.readFileSync(path.join(root, 'subgraphs/kit/create-subgraph.ts'), 'utf8')
  const configSource = fs.readFileSync(path.join(root, 'lib/config.ts'), 'utf8')
  const quoted = (source: string, pattern: RegExp) => [...source.matchAll(pattern)].map((m) => m[1] ?? '')
  const productionSecrets = new Set([
    ...quoted(configSource, /required\(env, '([A-Z0-9_]+)'/g),
    ...quoted(configSource, /([A-Z][A-Z0-9_]+) must be set in production/g),
  ])
  return {
    root,
    entries: {
      gateway: entryOf(scripts['start:gateway'], 'start:gateway'),
      subgraph: entryOf(scripts['start:subgraph'], 'start:subgraph'),
      migrate: entryOf(scripts.migrate, 'migrate'),
    },
    served: {
      gateway: [...quoted(gatewaySource, /healthCheckEndpoint: '([^']+)'/g), ...quoted(gatewaySource, /path === '(\/[^']+)'/g).filter((p) => !p.startsWith('/dev/'))],
      subgraph: [...quoted(kitSource, /healthCheckEndpoint: '([^']+)'/g), ...(kitSource.includes('READINESS_PATH') ? [READINESS_PATH] : [])],
    },
    settings: settingsRead(),
    productionSecrets,
    imageEnv: readImage(path.join(deployDir, 'Dockerfile'), root).env,
  }
}

/** Every variable lib/config.ts reads, found by letting it read an environment that records what it is asked. */
function settingsRead(): Set<string> {
  const names = new Set<string>()
  const recording = (values: Env): Env =>
    new Proxy(values, {
      get(target, key) {
        if (typeof key === 'string') names.add(key)
        return target[key as string]
      },
    })
  const production: Env = { NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.invalid/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a', SMTP_URL: 'smtp://mail.invalid', ALERT_LINK_SECRET: 'x'.repeat(32) }
  for (const env of [{}, production, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector.invalid' }]) loadConfig(recording(env))
  return names
}

/** A setting's value and where it comes from. */
export interface Setting {
  value: string | undefined
  /** 'secret' when it comes from a Secret (Kubernetes) or from deploy/.env (Compose). */
  from: 'secret' | 'config' | 'image'
  where: string
}

/** A value of the right shape for a secret the check cannot see. */
export function standIn(name: string): string {
  if (name.endsWith('DATABASE_URL')) return 'postgres://stand-in@database.invalid:5432/stand-in'
  if (name === 'REDIS_URL') return 'redis://redis.invalid:6379'
  if (name === 'SMTP_URL') return 'smtp://mail.invalid'
  if (name.startsWith('OTEL_EXPORTER_OTLP')) return 'http://collector.invalid:4318'
  return `stand-in-${'x'.repeat(32)}`
}

interface Simulated {
  config?: Config
  /** The sentence lib/config.ts (or the part's own check) stops a start with. */
  refusal?: string
}

function simulate(role: Role, settings: Map<string, Setting>, imageDefaults: Env): Simulated {
  const env: Env = { ...imageDefaults }
  for (const [name, setting] of settings) env[name] = setting.value
  try {
    const config = loadConfig(env)
    if (role === 'gateway') requireViewerSigningKey(config)
    else if (role !== 'migrate') requireViewerVerifyKeys(config)
    return { config }
  } catch (error) {
    if (error instanceof ConfigError) return { refusal: error.message }
    throw error
  }
}

export function listenPort(role: Part, config: Config): number {
  return role === 'gateway' ? config.gatewayPort : config.subgraphs[role].port
}

/** What every role's settings must satisfy, whichever way it is deployed. */
export function checkSettings(role: Role, where: string, settings: Map<string, Setting>, project: Project, problems: string[]): Config | undefined {
  for (const [name, setting] of settings) {
    if (!project.settings.has(name) && !(name.startsWith('OTEL_') && [...project.settings].some((s) => s.startsWith('OTEL_')))) {
      problems.push(`${where}: sets ${name} (${setting.where}), which lib/config.ts does not read`)
    }
    if (project.productionSecrets.has(name) && setting.from !== 'secret') {
      problems.push(`${where}: ${name} comes from ${setting.where}; a secret a production start requires comes from a Secret (deploy/.env for Compose)`)
    }
  }
  for (const [name, why] of Object.entries(SHARED_SETTINGS[role] ?? {})) {
    if (!settings.has(name)) problems.push(`${where}: ${name} is not set: ${why}`)
  }
  const { config, refusal } = simulate(role, settings, project.imageEnv)
  if (!config) {
    problems.push(`${where}: a production start refuses: ${refusal ?? ''}`)
    return undefined
  }
  if (!config.production) problems.push(`${where}: NODE_ENV is not production`)
  if (config.host !== '0.0.0.0' && config.host !== '::') problems.push(`${where}: HOST is ${config.host}, so nothing outside the container reaches it: set HOST=0.0.0.0`)
  const databases = role === 'migrate' ? SUBGRAPH_NAMES : isSubgraphName(role) ? [role] : []
  for (const name of databases) {
    if (!config.subgraphs[name].databaseUrl) problems.push(`${where}: no DATABASE_URL (nor ${name.toUpperCase()}_DATABASE_URL): ${name} would use an embedded database inside the container`)
  }
  return config
}

export function entryArgs(role: Role, project: Project): string[] {
  if (role === 'gateway') return [project.entries.gateway]
  if (role === 'migrate') return [project.entries.migrate]
  return [project.entries.subgraph, role]
}
