/**
 * `npm run token -- <login>`: prints a one-hour bearer token for a seeded account.
 * While `npm start` runs, it asks that gateway (development only), found where `npm start`
 * records it in DATA_DIR, whatever its PORT, else at HOST:PORT; otherwise it reads the account
 * itself.
 */
import { eq } from 'drizzle-orm'
import { openDatabase, targetFor } from '../db/client.ts'
import * as t from '../subgraphs/academics/db/schema.ts'
import { issueDevelopmentToken } from '../gateway/auth.ts'
import { loadConfig } from '../lib/config.ts'
import { lockHolder } from '../db/lock.ts'
import { runningGatewayUrl } from '../lib/running-gateway.ts'

async function fromRunningGateway(gatewayUrl: string, login: string): Promise<string | undefined> {
  try {
    const response = await fetch(new URL(`/dev/token?login=${encodeURIComponent(login)}`, gatewayUrl), { signal: AbortSignal.timeout(3000) })
    const body = (await response.json()) as { token?: string; error?: string }
    if (body.token) return body.token
    throw new Error(body.error ?? `The gateway answered ${response.status}.`)
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('No seeded login')) throw error
    return undefined
  }
}

async function main() {
  const login = process.argv[2]
  if (!login) throw new Error('Usage: npm run token -- <login>   (demo.guardian, demo.student, demo.teacher, demo.admin, …)')
  const config = loadConfig()
  if (config.auth.jwksUrl) throw new Error('AUTH_JWKS_URL is set: tokens come from the district identity provider, not from here.')
  const candidates = [...new Set([runningGatewayUrl(config.dataDir), `http://${config.host}:${config.gatewayPort}/graphql`].filter((url) => url !== undefined))]
  for (const url of candidates) {
    const running = await fromRunningGateway(url, login)
    if (running) {
      console.log(running)
      return
    }
  }
  const databaseUrl = config.subgraphs.academics.databaseUrl
  if (!databaseUrl) {
    const holder = lockHolder(config.dataDir)
    if (holder !== undefined) {
      throw new Error(`The embedded database in ${config.dataDir} is owned by process ${holder}, and no gateway answered at ${candidates.join(' or ')} to issue the token: wait until that process (npm start while it seeds, npm run seed) is done, or stop it.`)
    }
  }
  const database = await openDatabase(targetFor(databaseUrl, config.dataDir, config.subgraphs.academics.databasePoolSize))
  try {
    const [account] = await database.drizzle('token').select().from(t.accounts).where(eq(t.accounts.login, login))
    if (!account) throw new Error(`No seeded login "${login}". The demo logins are listed in the README.`)
    console.log(await issueDevelopmentToken(account.personId, config.auth, config.dataDir, login))
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
