/**
 * The unsubscribe link in every alert email: a signed, long-lived token naming the guardian and
 * the channel, so one click turns that channel off without signing in (RFC 8058). The secret is
 * ALERT_LINK_SECRET (required in production when email goes out); in development, one kept in
 * the data directory.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { jwtVerify, SignJWT } from 'jose'
import type { Channel } from './preferences.ts'

const AUDIENCE = 'district-graph-unsubscribe'

export function linkSecret(configured: string | undefined, dataDir: string): Uint8Array {
  if (configured) return new TextEncoder().encode(configured)
  const file = path.join(dataDir, 'keys', 'alert-links.secret')
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  return new TextEncoder().encode(fs.readFileSync(file, 'utf8').trim())
}

export function unsubscribeToken(secret: Uint8Array, contactId: string, channel: Channel): Promise<string> {
  return new SignJWT({ channel }).setProtectedHeader({ alg: 'HS256' }).setSubject(contactId).setAudience(AUDIENCE).setIssuedAt().sign(secret)
}

/** The guardian and channel a token names; undefined when it is not one of ours. */
export async function verifyUnsubscribeToken(secret: Uint8Array, token: string): Promise<{ contactId: string; channel: Channel } | undefined> {
  try {
    const { payload } = await jwtVerify(token, secret, { audience: AUDIENCE, algorithms: ['HS256'] })
    const channel = payload.channel
    if (typeof payload.sub !== 'string' || (channel !== 'email' && channel !== 'SMS' && channel !== 'push')) return undefined
    return { contactId: payload.sub, channel }
  } catch {
    return undefined
  }
}
