/**
 * Which language a viewer is answered in: the profile's when it is one of the district's, else the
 * best the browser asks for that the district has, else English; and the viewer token carries it
 * to every subgraph.
 */
import { generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { signCallerToken, verifyCallerToken, viewerLanguage, type Viewer } from '../lib/contract/index.ts'
import { KEY_ALG } from '../lib/keys.ts'

describe('the viewer language', () => {
  it.each([
    ['es', null, 'es'],
    ['so', 'ar;q=1, en;q=0.5', 'so'],
    // A record's language the district does not correspond in: the browser decides.
    ['zh', 'es-MX,es;q=0.9,en;q=0.8', 'es'],
    ['zh', 'fr-CA, vi;q=0.5, en;q=0.1', 'vi'],
    ['zh', 'de, fr', 'en'],
    [undefined, 'ar-EG', 'ar'],
    [undefined, null, 'en'],
    ['zh', '', 'en'],
  ] as const)('profile %s, Accept-Language %s → %s', (profile, header, expected) => {
    expect(viewerLanguage(profile, header)).toBe(expected)
  })

  it('travels in the viewer token to the subgraph; a viewer without one travels as English', async () => {
    const pair = await generateKeyPair(KEY_ALG, { crv: 'Ed25519' })
    const viewer: Viewer = { id: '7c125c36-a109-4baa-95c4-b53a29cb4e9b', requestId: 'r1', role: 'GUARDIAN', students: {}, allStudents: false, language: 'vi' }
    const token = await signCallerToken(viewer, { privateKey: pair.privateKey, kid: 'k' }, 'finance')
    expect((await verifyCallerToken(token, pair.publicKey, 'finance'))?.role === 'GUARDIAN' && (await verifyCallerToken(token, pair.publicKey, 'finance'))).toMatchObject({ language: 'vi' })
    const { language: _language, ...without } = viewer
    const old = await signCallerToken({ ...without }, { privateKey: pair.privateKey, kid: 'k' }, 'finance')
    expect(await verifyCallerToken(old, pair.publicKey, 'finance')).toMatchObject({ language: 'en' })
  })
})
