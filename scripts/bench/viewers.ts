/**
 * Who the benchmark signs in as: a rotation of guardians (a different one on every request, so no
 * cache holds one family's answer), each with a development sign-in token for our gateway and,
 * for Hive Gateway, what our gateway would have sent each subgraph: the viewer's scope, resolved
 * the gateway's own way (its scope resolver, asking academics, kept as long as the gateway keeps
 * it), signed for each subgraph by the driver.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { rowsOf, type Database } from '../../db/client.ts'
import { issueDevelopmentToken } from '../../gateway/auth.ts'
import { createScopeResolver, type ScopeResolver } from '../../gateway/scope.ts'
import type { Config } from '../../lib/config.ts'
import { signCallerToken, viewerLanguage, viewerTokenReuseUntil, type Scope, type Viewer } from '../../lib/contract/index.ts'
import { loadViewerSigner } from '../../lib/keys.ts'
import { SUBGRAPH_NAMES } from '../../lib/subgraphs.ts'
import { benchTokenHeader } from './headers.ts'

export interface Guardian {
  login: string
  personId: string
}

export interface BenchViewer extends Guardian {
  /** The development sign-in token our gateway verifies. */
  token: string
  /** A child this guardian may read, for the ChildDashboard. */
  studentId: string
}

/**
 * Guardians with at least one link no court order restricts, in a fixed order that mixes
 * families and schools. Whether they may read a child today is the scope's to say.
 */
export async function candidateGuardians(database: Database, limit: number): Promise<Guardian[]> {
  return rowsOf<Guardian>(
    await database.drizzle('bench').execute(sql`
      select a.login, a.person_id as "personId" from academics.accounts a
      where a.role = 'GUARDIAN' and exists (
        select 1 from academics.student_contact_associations l where l.contact_id = a.person_id and l.restriction_document is null)
      order by md5(a.login) limit ${limit}`),
  )
}

/**
 * Guardians whose every link is to a minor they may read, by the number of those children, with
 * the same shape of data for each child (a thread with this guardian: an empty list costs less),
 * as the dashboard test picks them.
 */
export async function guardiansByChildren(database: Database): Promise<Map<number, Guardian>> {
  const rows = rowsOf<Guardian & { children: number }>(
    await database.drizzle('bench').execute(sql`
      select a.login, a.person_id as "personId", count(*)::int as children from academics.accounts a
      join academics.student_contact_associations l on l.contact_id = a.person_id
      join academics.students s on s.id = l.student_id
      where a.role = 'GUARDIAN'
      group by a.login, a.person_id
      having bool_and(l.restriction_document is null and l.data_access_begin_date <= current_date
        and (l.data_access_end_date is null or l.data_access_end_date >= current_date)
        and s.birth_date > current_date - interval '18 years'
        and exists (select 1 from messaging.threads t join messaging.thread_participants p on p.thread_id = t.id
                    where t.student_id = s.id and p.person_id = a.person_id))
      order by children, md5(a.login)`),
  )
  const byChildren = new Map<number, Guardian>()
  for (const { children, ...guardian } of rows) if (!byChildren.has(children)) byChildren.set(children, guardian)
  return byChildren
}

export interface ViewerSigning {
  /** The headers Hive Gateway passes on: one token per subgraph for this viewer, and a request id. */
  headersFor(viewer: Guardian): Promise<Record<string, string>>
  scopes: ScopeResolver
}

/**
 * Signs viewers as our gateway does, with the key in `config.dataDir`, their scope asked of
 * academics at `academicsUrl` and kept as long as the gateway keeps it. A viewer's tokens are
 * reused while they have half their life left, as the gateway reuses its own, so the subgraphs
 * verify the same number of signatures behind either gateway.
 */
export async function createViewerSigning(config: Config, academicsUrl: string): Promise<ViewerSigning> {
  const signer = await loadViewerSigner(config.viewerKeys, config.dataDir)
  const scopes = createScopeResolver({ academicsUrl, signer, ttlSeconds: config.scopeCacheSeconds, timeoutMs: config.timeouts.subgraphMs })
  const signed = new WeakMap<Scope, { tokens: Promise<string[]>; reuseUntil: number }>()
  return {
    scopes,
    async headersFor(guardian) {
      const requestId = randomUUID()
      const scope = await scopes.get(guardian.personId, requestId)
      if (!scope) throw new Error(`academics knows no ${guardian.login}.`)
      const now = Date.now()
      let known = signed.get(scope)
      if (!known || known.reuseUntil <= now) {
        const viewer: Viewer = { id: guardian.personId, requestId, ...scope, language: viewerLanguage(scope.profileLanguage, null) }
        known = { tokens: Promise.all(SUBGRAPH_NAMES.map((name) => signCallerToken(viewer, signer, name))), reuseUntil: viewerTokenReuseUntil(now) }
        signed.set(scope, known)
      }
      const tokens = await known.tokens
      return { 'x-request-id': requestId, ...Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [benchTokenHeader(name), tokens[i] ?? ''])) }
    },
  }
}

/**
 * Up to `count` guardians who may read at least one child today (their scope says so), each
 * with a sign-in token and a child to show.
 */
export async function benchViewers(database: Database, config: Config, signing: ViewerSigning, count: number): Promise<BenchViewer[]> {
  const candidates = await candidateGuardians(database, Math.ceil(count * 1.5))
  const viewers: BenchViewer[] = []
  // A few at a time: academics works each scope out with a handful of statements.
  for (let i = 0; i < candidates.length && viewers.length < count; i += 8) {
    const batch = await Promise.all(
      candidates.slice(i, i + 8).map(async (guardian) => {
        const scope = await signing.scopes.get(guardian.personId, randomUUID())
        const [studentId] = Object.keys(scope?.students ?? {}).sort()
        return studentId === undefined ? undefined : { ...guardian, studentId, token: await issueDevelopmentToken(guardian.personId, config.auth, config.dataDir, guardian.login) }
      }),
    )
    for (const viewer of batch) if (viewer && viewers.length < count) viewers.push(viewer)
  }
  if (viewers.length === 0) throw new Error('The bench database has no guardian who may read a child: is it seeded?')
  return viewers
}
