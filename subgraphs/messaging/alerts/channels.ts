/**
 * How an alert leaves the district: one adapter per channel. Email goes through SMTP when
 * SMTP_URL is set (nodemailer); everything else, and email without SMTP, goes to the development
 * sink, which writes what would be sent as NDJSON (one file per channel) for people and tests to
 * read. In production there is no sink: a channel without an adapter gets no deliveries.
 */
import fs from 'node:fs'
import path from 'node:path'
import nodemailer from 'nodemailer'
import type { AlertsConfig } from '../../../lib/config.ts'
import type { Channel } from './preferences.ts'

export interface OutgoingMessage {
  alertId: string
  to: string
  subject: string
  body: string
  language: string
  /** For email: the one-click link that turns the channel off (RFC 8058). */
  unsubscribeUrl?: string
}

export interface ChannelAdapter {
  send(message: OutgoingMessage): Promise<void>
  close?(): void
}

/** Appends each message to `<dir>/<channel>.ndjson`, flushed before it counts as sent. */
export function developmentSink(dir: string, channel: Channel): ChannelAdapter {
  return {
    async send(message) {
      await fs.promises.mkdir(dir, { recursive: true })
      const line = JSON.stringify({ channel, ...message, sentAt: new Date().toISOString() }) + '\n'
      const handle = await fs.promises.open(path.join(dir, `${channel}.ndjson`), 'a')
      try {
        await handle.write(line)
        await handle.sync()
      } finally {
        await handle.close()
      }
    },
  }
}

export function smtpEmail(url: string, from: string): ChannelAdapter {
  const transport = nodemailer.createTransport(url)
  return {
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.unsubscribeUrl ? `${message.body}\n\n${message.unsubscribeUrl}` : message.body,
        headers: { 'Content-Language': message.language },
        ...(message.unsubscribeUrl ? { list: { unsubscribe: { url: message.unsubscribeUrl, comment: 'Unsubscribe' } } } : {}),
      })
    },
    close: () => {
      transport.close()
    },
  }
}

/** The adapters this process delivers through; a channel left out gets no deliveries. */
export function channelAdapters(config: AlertsConfig, production: boolean): Partial<Record<Channel, ChannelAdapter>> {
  const adapters: Partial<Record<Channel, ChannelAdapter>> = {}
  if (config.smtpUrl) adapters.email = smtpEmail(config.smtpUrl, config.mailFrom)
  if (!production) {
    adapters.email ??= developmentSink(config.deliverySinkDir, 'email')
    adapters.SMS = developmentSink(config.deliverySinkDir, 'SMS')
    adapters.push = developmentSink(config.deliverySinkDir, 'push')
  }
  return adapters
}
