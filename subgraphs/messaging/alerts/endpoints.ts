/**
 * Ways out of alerts that need no sign-in: the unsubscribe link in every email (GET shows what it
 * will do; POST — the button, or a mail client's one-click per RFC 8058 — turns email off), and
 * the SMS provider's inbound webhook, where a STOP reply turns texts off and clears the opt-in.
 * The gateway forwards /notifications/* here.
 */
import { sql } from 'drizzle-orm'
import * as t from '../db/schema.ts'
import type { RouteEnv } from '../../kit/create-subgraph.ts'
import { turnChannelOff } from './feed.ts'
import { linkSecret, verifyUnsubscribeToken } from './links.ts'

/** What carriers and providers treat as an opt-out reply. */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'ALTO', 'PARAR'])

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } })
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`)

export function notificationRoutes(env: RouteEnv): Record<string, (request: Request) => Promise<Response>> {
  const secret = linkSecret(env.config.alerts.linkSecret, env.config.dataDir)
  const webhookSecret = env.config.alerts.smsWebhookSecret
  return {
    '/notifications/unsubscribe': async (request) => {
      const url = new URL(request.url)
      const token = url.searchParams.get('token') ?? ''
      const target = await verifyUnsubscribeToken(secret, token)
      if (!target) return page(400, 'This link is not valid', '<p>Open your notification settings in the family portal to change what you receive.</p>')
      if (request.method === 'GET') {
        // A GET changes nothing: mail scanners open links.
        return page(200, `Stop ${target.channel} alerts?`, `<form method="post" action="?token=${escape(token)}"><button type="submit">Stop ${target.channel} alerts</button></form>`)
      }
      if (request.method !== 'POST') return new Response(null, { status: 405, headers: { allow: 'GET, POST' } })
      await turnChannelOff(env.db, [target.contactId], target.channel)
      return page(200, `${target.channel === 'email' ? 'Email' : target.channel} alerts are off`, '<p>You can turn them back on in the family portal, under notification settings.</p>')
    },
    '/notifications/sms': async (request) => {
      if (!webhookSecret) return new Response(null, { status: 404 })
      if (request.method !== 'POST') return new Response(null, { status: 405, headers: { allow: 'POST' } })
      if (request.headers.get('authorization') !== `Bearer ${webhookSecret}`) return new Response(null, { status: 401 })
      const form = new URLSearchParams(await request.text())
      const from = (form.get('From') ?? '').replace(/\D/g, '').slice(-10)
      const word = (form.get('Body') ?? '').trim().toUpperCase()
      if (from.length < 10) return new Response('From must be a phone number.', { status: 400 })
      if (!STOP_WORDS.has(word)) return new Response(null, { status: 204 })
      const r = t.alertRecipients
      const contacts = await env.db
        .selectDistinct({ contactId: r.contactId })
        .from(r)
        .where(sql`right(regexp_replace(${r.phone}, '\\D', '', 'g'), 10) = ${from}`)
      await turnChannelOff(env.db, contacts.map((c) => c.contactId), 'SMS')
      return new Response(null, { status: 204 })
    },
  }
}
