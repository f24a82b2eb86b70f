/**
 * Configuration, read from the environment once at start-up into a typed object.
 * Nothing else in the project reads `process.env`; entry points call `loadConfig()` and pass
 * the result down. A bad setting stops the process with a sentence that names it.
 */
import path from 'node:path'
import { DEFAULT_SUBGRAPH_PORTS, SUBGRAPH_NAMES, type SubgraphName } from './subgraphs.ts'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export interface AuthConfig {
  /** JWKS URL of the district's identity provider; unset in development (local key pair). */
  jwksUrl: string | undefined
  /** @default 'district-graph-dev' */
  issuer: string
  /** @default 'district-graph' */
  audience: string
}

export interface Config {
  /** 'production' masks errors and turns off GraphiQL and development endpoints. */
  production: boolean
  host: string
  gatewayPort: number
  /** Where each subgraph listens (its port) and where the gateway finds it (its URL). */
  subgraphs: Record<SubgraphName, { port: number; url: string; databaseUrl: string | undefined }>
  /** Unset: the embedded PGlite database under `dataDir`. */
  databaseUrl: string | undefined
  /** @default '.data' */
  dataDir: string
  auth: AuthConfig
  /** How long the gateway keeps a viewer's scope before asking academics again. @default 30 */
  scopeCacheSeconds: number
  /** How often the gateway writes its queued record of disclosures to academics. @default 1 */
  disclosureFlushSeconds: number
}

type Env = Record<string, string | undefined>

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new ConfigError(`${name} must be a port number between 0 and 65535, not "${raw}".`)
  }
  return value
}

function positiveNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigError(`${name} must be a non-negative number, not "${raw}".`)
  }
  return value
}

function databaseUrl(env: Env, name: string): string | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError(`${name} must be a postgres:// URL, not "${raw}".`)
  }
  return raw
}

export function loadConfig(env: Env = process.env): Config {
  const host = env.HOST || '127.0.0.1'
  const url = databaseUrl(env, 'DATABASE_URL')
  const subgraphs = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => {
      const upper = name.toUpperCase()
      const p = port(env, `${upper}_PORT`, DEFAULT_SUBGRAPH_PORTS[name])
      return [
        name,
        {
          port: p,
          url: env[`${upper}_URL`] || `http://${host}:${p}/graphql`,
          databaseUrl: databaseUrl(env, `${upper}_DATABASE_URL`) ?? url,
        },
      ]
    }),
  ) as Config['subgraphs']
  return {
    production: env.NODE_ENV === 'production',
    host,
    gatewayPort: port(env, 'PORT', 4000),
    subgraphs,
    databaseUrl: url,
    dataDir: path.resolve(env.DATA_DIR || '.data'),
    auth: {
      jwksUrl: env.AUTH_JWKS_URL || undefined,
      issuer: env.AUTH_ISSUER || 'district-graph-dev',
      audience: env.AUTH_AUDIENCE || 'district-graph',
    },
    scopeCacheSeconds: positiveNumber(env, 'SCOPE_CACHE_SECONDS', 30),
    disclosureFlushSeconds: positiveNumber(env, 'DISCLOSURE_FLUSH_SECONDS', 1),
  }
}
