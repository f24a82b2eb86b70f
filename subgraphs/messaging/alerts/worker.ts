/**
 * Messaging's workers: the district's events from the queue into alerts, and each alert's
 * deliveries out through the channel adapters, retried with growing waits when a channel fails.
 * A sweep hands the queue any delivery a stop left between its commit and its job.
 */
import { and, eq, isNull, lt, sql } from 'drizzle-orm'
import * as t from '../db/schema.ts'
import { EVENTS_QUEUE, isEventKind, type DistrictEvent } from '../../../lib/contract/index.ts'
import type { BackgroundEnv } from '../../kit/background.ts'
import { createQueueOnce, type Stoppable } from '../../kit/queue.ts'
import { DELIVERIES_QUEUE, handleEvent, markQueued, type NewDelivery } from './alerting.ts'
import { channelAdapters } from './channels.ts'
import { linkSecret, unsubscribeToken } from './links.ts'
import type { Channel } from './preferences.ts'

function isDistrictEvent(value: unknown): value is DistrictEvent {
  if (!value || typeof value !== 'object') return false
  const e = value as Record<string, unknown>
  return typeof e.source === 'string' && typeof e.outboxId === 'number' && typeof e.studentId === 'string' && isEventKind(e.kind) && typeof e.payload === 'object' && e.payload !== null
}

export async function startAlertWorkers(env: BackgroundEnv): Promise<Stoppable> {
  const { db, queue, config } = env
  const log = env.log ?? ((message: string) => { console.error(message) })
  const alerts = config.alerts
  const adapters = channelAdapters(alerts, config.production)
  const channels = new Set(Object.keys(adapters) as Channel[])
  const secret = linkSecret(alerts.linkSecret, config.dataDir)
  const retry = { retryLimit: alerts.deliveryRetryLimit, retryDelay: alerts.deliveryRetryDelaySeconds, retryBackoff: true }
  await createQueueOnce(queue, DELIVERIES_QUEUE, { name: DELIVERIES_QUEUE, ...retry })

  const enqueue = async (deliveries: readonly NewDelivery[]) => {
    if (deliveries.length === 0) return
    await queue.insert(deliveries.map((d) => ({ name: DELIVERIES_QUEUE, data: { alertId: d.alertId, channel: d.channel }, startAfter: d.notBefore, ...retry })))
    await markQueued(db, deliveries)
  }

  await queue.work<unknown>(EVENTS_QUEUE, { batchSize: 25, pollingIntervalSeconds: alerts.queuePollSeconds }, async (jobs) => {
    let failed: unknown
    for (const job of jobs) {
      if (!isDistrictEvent(job.data)) {
        log(`[messaging alerts] dropped a malformed event (job ${job.id})`)
        continue
      }
      try {
        await enqueue(await handleEvent(db, job.data, { channels, timeZone: alerts.timeZone }))
      } catch (error) {
        // The others go on; the batch is retried, and what was done is not done twice.
        failed ??= error
        log(`[messaging alerts] event ${job.data.source}#${String(job.data.outboxId)}: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
    if (failed !== undefined) throw failed instanceof Error ? failed : new Error('An event could not be acted on.')
  })

  await queue.work<{ alertId: string; channel: Channel }>(
    DELIVERIES_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: alerts.queuePollSeconds, includeMetadata: true },
    async ([job]) => {
      if (!job) return
      const { alertId, channel } = job.data
      const d = t.alertDeliveries
      const [row] = await db
        .select({ delivery: d, alert: t.alerts })
        .from(d)
        .innerJoin(t.alerts, eq(t.alerts.id, d.alertId))
        .where(and(eq(d.alertId, alertId), eq(d.channel, channel)))
      if (!row || row.delivery.status === 'sent') return
      const where = and(eq(d.alertId, alertId), eq(d.channel, channel))
      const adapter = adapters[channel]
      if (!adapter) {
        await db.update(d).set({ status: 'failed', lastError: `No ${channel} adapter is configured.`, updatedAt: new Date() }).where(where)
        return
      }
      try {
        const unsubscribeUrl = channel === 'email' ? `${alerts.publicUrl}/notifications/unsubscribe?token=${await unsubscribeToken(secret, row.alert.contactId, channel)}` : undefined
        await adapter.send({
          alertId,
          to: row.delivery.address,
          subject: row.alert.title,
          body: channel === 'SMS' ? `${row.alert.title}. Reply STOP to stop texts.` : row.alert.body,
          language: row.alert.language,
          ...(unsubscribeUrl ? { unsubscribeUrl } : {}),
        })
        await db.update(d).set({ status: 'sent', attempts: sql`${d.attempts} + 1`, sentAt: new Date(), lastError: null, updatedAt: new Date() }).where(where)
      } catch (error) {
        const final = job.retryCount >= job.retryLimit
        const message = error instanceof Error ? error.message : String(error)
        await db.update(d).set({ status: final ? 'failed' : 'pending', attempts: sql`${d.attempts} + 1`, lastError: message.slice(0, 500), updatedAt: new Date() }).where(where)
        throw error
      }
    },
  )

  const sweep = async () => {
    const d = t.alertDeliveries
    const left = await db
      .select({ alertId: d.alertId, channel: d.channel, notBefore: d.notBefore })
      .from(d)
      .where(and(isNull(d.queuedAt), eq(d.status, 'pending'), lt(d.createdAt, new Date(Date.now() - 30_000))))
      .limit(500)
    await enqueue(left)
  }
  const sweeping = setInterval(() => {
    sweep().catch((error: unknown) => {
      log(`[messaging alerts] sweep: ${error instanceof Error ? error.message : String(error)}`)
    })
  }, 60_000)

  return {
    async stop() {
      clearInterval(sweeping)
      await queue.offWork(EVENTS_QUEUE)
      await queue.offWork(DELIVERIES_QUEUE)
      for (const adapter of Object.values(adapters)) adapter.close?.()
    },
  }
}
