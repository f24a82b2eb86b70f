/**
 * Identity at the edges: the gateway refuses requests without a valid user token, with
 * UNAUTHENTICATED and no data; a subgraph refuses any request that does not carry the gateway's
 * signed viewer token (none, forged, expired, or signed by another key), even for `_entities`.
 */
import { SignJWT, generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadKeyPair, loadViewerSigner } from '../lib/keys.ts'
import { VIEWER_TOKEN_ISSUER, signCallerToken, viewerTokenAudience } from '../lib/contract/index.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

let t: TestSystem
beforeAll(async () => {
  t = await startTestSystem({ network: true })
})
afterAll(() => t.close())

const ME = '{ me { id displayName role } }'
const unauthenticatedBody = (message: string) => ({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] })

describe('the gateway', () => {
  it('answers a signed-in person', async () => {
    const response = await t.query({ login: 'demo.teacher' }, ME)
    expect(response.body).toStrictEqual({ data: { me: { id: await t.personId('demo.teacher'), displayName: 'Morgan Lee', role: 'TEACHER' } } })
  })

  it.each([
    ['no token', undefined],
    ['a malformed token', 'Bearer not-a-jwt'],
    ['a token signed by another key', 'forged'],
    ['an expired token', 'expired'],
  ])('refuses %s with UNAUTHENTICATED and no data', async (_name, kind) => {
    let authorization = kind
    if (kind === 'forged' || kind === 'expired') {
      const key = kind === 'forged' ? (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey : (await loadKeyPair(t.config.dataDir, 'user')).privateKey
      const jwt = new SignJWT({})
        .setProtectedHeader({ alg: 'EdDSA' })
        .setSubject(await t.personId('demo.admin'))
        .setIssuer(t.config.auth.issuer)
        .setAudience(t.config.auth.audience)
      if (kind === 'expired') jwt.setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      else jwt.setExpirationTime('1h')
      authorization = `Bearer ${await jwt.sign(key)}`
    }
    const response = await t.query({ authorization }, ME)
    expect(response.status).toBe(401)
    expect(response.body).toStrictEqual(unauthenticatedBody('Sign in: the request has no valid bearer token.'))
  })

  it('answers a token it verified before from memory, and refuses it once it has expired', async () => {
    const { privateKey } = await loadKeyPair(t.config.dataDir, 'user')
    const now = Math.floor(Date.now() / 1000)
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(await t.personId('demo.teacher'))
      .setIssuer(t.config.auth.issuer)
      .setAudience(t.config.auth.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 2)
      .sign(privateKey)
    const authorization = `Bearer ${token}`
    for (let i = 0; i < 2; i++) expect((await t.query({ authorization }, ME)).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, (now + 2) * 1000 - Date.now() + 50))
    const late = await t.query({ authorization }, ME)
    expect(late.status).toBe(401)
    expect(late.body).toStrictEqual(unauthenticatedBody('Sign in: the request has no valid bearer token.'))
  })
})

describe('a subgraph called directly', () => {
  let leoId = ''
  beforeAll(async () => {
    leoId = await t.personId('demo.student')
  })

  const post = (url: string, authorization?: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({
        query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Student { id } } }',
        variables: { r: [{ __typename: 'Student', id: leoId }] },
      }),
    }).then(async (r) => ({ status: r.status, body: await r.json() }))

  it('refuses a request without the gateway token, on every subgraph', async () => {
    for (const url of Object.values(t.system.subgraphUrls)) {
      expect(await post(url)).toStrictEqual({
        status: 401,
        body: unauthenticatedBody('This subgraph serves only the gateway: the request carries no valid gateway token.'),
      })
    }
  })

  it('refuses a viewer token signed by anyone but the gateway, expired, or addressed to another subgraph', async () => {
    const admin = { id: 'x', requestId: 'r', role: 'ADMIN', allStudents: true, students: {} } as const
    const forgedKey = { privateKey: (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey, kid: 'forged' }
    const gateway = await loadViewerSigner(t.config.viewerKeys, t.config.dataDir)
    const userToken = await t.token('demo.admin')
    for (const [subgraph, url] of Object.entries(t.system.subgraphUrls)) {
      const forged = await signCallerToken(admin, forgedKey, subgraph)
      const expired = await new SignJWT({ role: 'ADMIN', all: true, grants: [] })
        .setProtectedHeader({ alg: 'EdDSA', kid: gateway.kid })
        .setSubject('x')
        .setIssuer(VIEWER_TOKEN_ISSUER)
        .setAudience(viewerTokenAudience(subgraph))
        .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
        .sign(gateway.privateKey)
      // A genuine token captured on its way to another subgraph.
      const captured = await signCallerToken(admin, gateway, subgraph === 'academics' ? 'finance' : 'academics')
      // The same kind of token, addressed to this subgraph, is let in: the refusals below are about the token.
      expect(await post(url, `Bearer ${await signCallerToken(admin, gateway, subgraph)}`)).toStrictEqual({ status: 200, body: { data: { _entities: [{ id: leoId }] } } })
      for (const token of [forged, expired, captured, userToken]) {
        const response = await post(url, `Bearer ${token}`)
        expect(response.status).toBe(401)
        expect(response.body.data).toBeUndefined()
      }
    }
  })
})
