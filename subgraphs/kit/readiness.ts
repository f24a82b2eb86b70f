/**
 * A subgraph's readiness (`/readyz`): ready while its database answers. `/health` says only that
 * the process serves HTTP (a liveness probe: restart it if not); a load balancer or Kubernetes
 * sends traffic only to a replica whose database answers, and a restart would not mend a database.
 */
import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'

export const READINESS_PATH = '/readyz'

export interface ReadinessOptions {
  /** How long the database may take to answer `select 1` (a busy pool makes it wait for a connection). @default 2000 */
  timeoutMs?: number
}

function answer(status: number, database: boolean): Response {
  return new Response(JSON.stringify({ database }), { status, headers: { 'content-type': 'application/json' } })
}

/** The `/readyz` route: 200 `{"database":true}` when the database answers in time, else 503 `{"database":false}`. */
export function readinessRoute(db: Db, { timeoutMs = 2000 }: ReadinessOptions = {}): () => Promise<Response> {
  return async () => {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)
    })
    try {
      await Promise.race([db.execute(sql`select 1`), late])
      return answer(200, true)
    } catch {
      return answer(503, false)
    } finally {
      clearTimeout(timer)
    }
  }
}
