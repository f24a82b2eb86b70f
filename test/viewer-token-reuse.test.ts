/**
 * Viewer tokens are signed once per scope and subgraph and reused (issue 11: EdDSA on every
 * request was 6–10% of each process): a subgraph verifies a token once and remembers the answer
 * until the token expires, never past it; a reused token carries no request, so each request's id
 * comes in its own header and still reaches the record of disclosures.
 */
import { generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCallerVerifier, signCallerToken, VIEWER_TOKEN_SECONDS, viewerTokenWork, type Viewer } from '../lib/contract/index.ts'
import { KEY_ALG } from '../lib/keys.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

const viewer: Viewer = { id: '7c125c36-a109-4baa-95c4-b53a29cb4e9b', requestId: 'r1', role: 'GUARDIAN', students: {}, allStudents: false, language: 'es' }

describe("a subgraph's verifier", () => {
  it('verifies a token once, answers the same from memory, and refuses it once expired', async () => {
    const pair = await generateKeyPair(KEY_ALG, { crv: 'Ed25519' })
    let clock = Date.now()
    const verify = createCallerVerifier(pair.publicKey, 'finance', { now: () => clock })
    const token = await signCallerToken(viewer, { privateKey: pair.privateKey, kid: 'k' }, 'finance')
    const before = viewerTokenWork().verifications
    const first = await verify(token)
    expect(first).toMatchObject({ id: viewer.id, role: 'GUARDIAN', language: 'es', requestId: '' })
    expect(await verify(token)).toBe(first)
    expect(viewerTokenWork().verifications - before).toBe(1)
    clock += VIEWER_TOKEN_SECONDS * 1000 + 1
    expect(await verify(token)).toBeUndefined()
  })

  it('refuses a token for another subgraph or signed with another key, remembering nothing of it', async () => {
    const pair = await generateKeyPair(KEY_ALG, { crv: 'Ed25519' })
    const other = await generateKeyPair(KEY_ALG, { crv: 'Ed25519' })
    const verify = createCallerVerifier(pair.publicKey, 'finance')
    const forAcademics = await signCallerToken(viewer, { privateKey: pair.privateKey, kid: 'k' }, 'academics')
    const forged = await signCallerToken(viewer, { privateKey: other.privateKey, kid: 'k' }, 'finance')
    const before = viewerTokenWork().verifications
    for (let i = 0; i < 2; i++) {
      expect(await verify(forAcademics)).toBeUndefined()
      expect(await verify(forged)).toBeUndefined()
    }
    // Refusals are not remembered: each try is verified (and refused) again.
    expect(viewerTokenWork().verifications - before).toBe(4)
  })

  it('forgets the oldest token beyond its bound', async () => {
    const pair = await generateKeyPair(KEY_ALG, { crv: 'Ed25519' })
    const verify = createCallerVerifier(pair.publicKey, 'finance', { maxEntries: 2 })
    const signer = { privateKey: pair.privateKey, kid: 'k' }
    const tokens = await Promise.all(['a', 'b', 'c'].map((id) => signCallerToken({ ...viewer, id: `${viewer.id.slice(0, -1)}${id}` }, signer, 'finance')))
    for (const token of tokens) await verify(token)
    const before = viewerTokenWork().verifications
    await verify(tokens[2] ?? '')
    await verify(tokens[0] ?? '')
    expect(viewerTokenWork().verifications - before).toBe(1)
  })
})

describe('the gateway', () => {
  let t: TestSystem
  beforeAll(async () => {
    t = await startTestSystem()
  })
  afterAll(async () => {
    await t.close()
  })

  const DASHBOARD = 'query { me { children { id firstName attendance { rate } finance { balanceDueCents } transportation { transportationType } } } }'

  it("signs a viewer's tokens on their first request and reuses them on the next; another viewer gets their own", async () => {
    const first = viewerTokenWork()
    expect((await t.query({ login: 'demo.guardian' }, DASHBOARD)).body.errors).toBeUndefined()
    const second = viewerTokenWork()
    expect((await t.query({ login: 'demo.guardian' }, DASHBOARD)).body.errors).toBeUndefined()
    const third = viewerTokenWork()
    expect((await t.query({ login: 'adult.guardian' }, DASHBOARD)).body.errors).toBeUndefined()
    const fourth = viewerTokenWork()
    // academics, attendance, finance, transportation: one token each, signed and verified once.
    expect(second.signatures - first.signatures).toBeGreaterThanOrEqual(4)
    expect(second.verifications - first.verifications).toBe(second.signatures - first.signatures)
    expect({ signed: third.signatures - second.signatures, verified: third.verifications - second.verifications }).toStrictEqual({ signed: 0, verified: 0 })
    expect(fourth.signatures - third.signatures).toBeGreaterThan(0)
  })
})
