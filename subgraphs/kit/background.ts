/**
 * What a subgraph runs besides its server: the relay of its outbox to the job queue, and any
 * workers of its own (messaging's alerts). Started and stopped with the server, in the same process.
 */
import type { Db } from '../../db/client.ts'
import type { Config } from '../../lib/config.ts'
import type { SubgraphDefinition } from './create-subgraph.ts'
import { startOutboxRelay, type Queue, type Stoppable } from './queue.ts'

export interface BackgroundEnv {
  db: Db
  queue: Queue
  config: Config
  log?: (message: string) => void
}

export async function startBackground<Loaders>(definition: SubgraphDefinition<Loaders>, env: BackgroundEnv): Promise<Stoppable> {
  const parts: Stoppable[] = []
  if (definition.outbox) {
    parts.push(startOutboxRelay({ db: env.db, outbox: definition.outbox, source: definition.name, queue: env.queue, pollMs: env.config.alerts.outboxPollMs, log: env.log }))
  }
  if (definition.workers) parts.push(await definition.workers(env))
  return {
    stop: async () => {
      await Promise.all(parts.map((part) => part.stop()))
    },
  }
}
