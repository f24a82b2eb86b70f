/**
 * One subgraph under test, without a port: its Yoga built as the launcher builds it, over the
 * test database, trusting a test key pair as it trusts the gateway's; requests go to
 * `yoga.fetch` with a viewer token signed by that key, by another key (forged), or none.
 */
import { generateKeyPair, type CryptoKey } from 'jose'
import type { Database } from '../../db/client.ts'
import { signCallerToken, type Caller } from '../../lib/contract/index.ts'
import { KEY_ALG } from '../../lib/keys.ts'
import type { SubgraphName } from '../../lib/subgraphs.ts'
import { SUBGRAPHS } from '../../subgraphs/index.ts'
import { createSubgraphServer } from '../../subgraphs/kit/index.ts'
import type { GraphQLResponse } from './system.ts'

export interface TestSubgraph {
  name: SubgraphName
  yoga: ReturnType<typeof createSubgraphServer>
  /** A token for `caller` as the gateway signs it. */
  sign(caller: Caller): Promise<string>
  /** The same token signed by a key the subgraph does not trust. */
  forge(caller: Caller): Promise<string>
  /** Operations as `caller`, with a token signed as the gateway signs it. */
  asViewer(caller: Caller): { query<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<Data>> }
  /** POSTs an operation with `token` as the bearer, or with no Authorization header at all. */
  query<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: { token?: string }): Promise<GraphQLResponse<Data>>
}

const newKeyPair = () => generateKeyPair(KEY_ALG, { crv: 'Ed25519' })
/** The gateway's key in these tests, and a stranger's; made once per test file. */
let keys: Promise<{ gateway: { privateKey: CryptoKey; publicKey: CryptoKey }; stranger: { privateKey: CryptoKey } }> | undefined

/** Builds `name`'s Yoga over `database` (the caller opens and closes it: `openTestDatabase()`). */
export async function createTestSubgraph(name: SubgraphName, database: Database): Promise<TestSubgraph> {
  keys ??= Promise.all([newKeyPair(), newKeyPair()]).then(([gateway, stranger]) => ({ gateway, stranger }))
  const { gateway, stranger } = await keys
  const yoga = createSubgraphServer({ definition: SUBGRAPHS[name], db: database.drizzle(name), viewerKey: gateway.publicKey, production: false })

  const query = async <Data,>(query: string, variables?: Record<string, unknown>, options: { token?: string } = {}): Promise<GraphQLResponse<Data>> => {
    const response = await yoga.fetch('http://subgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    })
    const text = await response.text()
    return { status: response.status, body: JSON.parse(text) as GraphQLResponse<Data>['body'], text }
  }
  const sign = (caller: Caller) => signCallerToken(caller, { privateKey: gateway.privateKey, kid: 'test-gateway' }, name)
  return {
    name,
    yoga,
    sign,
    forge: (caller) => signCallerToken(caller, { privateKey: stranger.privateKey, kid: 'test-gateway' }, name),
    asViewer: (caller) => ({ query: async (q, variables) => query(q, variables, { token: await sign(caller) }) }),
    query,
  }
}
