/**
 * The deployment files (deploy/) as `npm run deploy:check` judges them: the committed ones pass,
 * and a copy broken the way people break them fails with a sentence naming the file, the object
 * and the problem. Also the probes they rely on: a subgraph is ready (/readyz) only while its
 * database answers, and alive (/health) regardless.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Database } from '../db/client.ts'
import { checkDeploy } from '../scripts/deploy-check.ts'
import { createTestSubgraph } from './support/subgraph.ts'
import { openTestDatabase } from './support/system.ts'

const copies: string[] = []

afterAll(() => {
  for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true })
})

/** A copy of deploy/ with `edits` made (file → [text, replacement]), checked as the script checks deploy/. */
function checkBrokenCopy(edits: Record<string, Array<[string, string]>>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-check-'))
  copies.push(dir)
  const deployDir = path.join(dir, 'deploy')
  fs.cpSync('deploy', deployDir, { recursive: true })
  for (const [file, replacements] of Object.entries(edits)) {
    let content = fs.readFileSync(path.join(deployDir, file), 'utf8')
    for (const [from, to] of replacements) {
      if (!content.includes(from)) throw new Error(`${file} has no "${from}" to break`)
      content = content.replace(from, to)
    }
    fs.writeFileSync(path.join(deployDir, file), content)
  }
  return checkDeploy({ deployDir }).problems
}

const readinessProbe = `          readinessProbe:
            httpGet:
              path: /readyz
              port: http
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
`

const viewerSigningKey = `            - name: VIEWER_SIGNING_JWK
              valueFrom:
                secretKeyRef:
                  name: district-graph-viewer-key
                  key: VIEWER_SIGNING_JWK
`

describe('npm run deploy:check', () => {
  it('passes the committed Dockerfile, compose file and Kubernetes manifests', () => {
    const { problems, summary } = checkDeploy()
    expect(problems).toStrictEqual([])
    expect(summary).toBe('21 Kubernetes objects and 10 Compose services checked for 7 parts')
  })

  it('fails an image whose parts run as root', () => {
    expect(checkBrokenCopy({ Dockerfile: [['USER node\n', '']] })).toStrictEqual(['deploy/Dockerfile: the parts run as root: end the last stage with USER node'])
  })

  it('fails an image whose stage installs before it has every workspace, or that carries no family page', () => {
    expect(
      checkBrokenCopy({
        Dockerfile: [
          ['COPY web/package.json web/\n# Development', '# Development'],
          ['COPY --from=web /app/web/dist ./web/dist\n', ''],
        ],
      }),
    ).toStrictEqual([
      'deploy/Dockerfile: stage web: web/package.json is not copied before npm ci, which needs every workspace',
      'deploy/Dockerfile: the last stage does not copy web/dist from a stage that builds the page (npm run build:web), so the gateway would serve no family page at /',
    ])
  })

  it('fails a Deployment without a readiness probe', () => {
    expect(checkBrokenCopy({ 'kubernetes/academics.yaml': [[readinessProbe, '']] })).toStrictEqual([
      'deploy/kubernetes/academics.yaml: Deployment academics: no readinessProbe',
    ])
  })

  it('fails a field the Kubernetes API does not know, and a value of the wrong type', () => {
    expect(
      checkBrokenCopy({
        'kubernetes/finance.yaml': [
          ['            periodSeconds: 20\n', '            periodSecond: 20\n'],
          ['  replicas: 2\n', '  replicas: two\n'],
        ],
      }),
    ).toStrictEqual([
      'deploy/kubernetes/finance.yaml: Deployment finance: spec.replicas: must be integer',
      'deploy/kubernetes/finance.yaml: Deployment finance: spec.template.spec.containers.0.livenessProbe: unknown field "periodSecond" (not in Probe)',
    ])
  })

  it('fails a field the Compose specification does not know', () => {
    expect(checkBrokenCopy({ 'compose.yaml': [['      start_period: 120s\n', '      start_periode: 120s\n']] })).toStrictEqual([
      'deploy/compose.yaml: services.academics.healthcheck: unknown field "start_periode"',
    ])
  })

  it('fails a gateway without the viewer signing key a production start requires', () => {
    expect(checkBrokenCopy({ 'kubernetes/gateway.yaml': [[viewerSigningKey, '']] })).toStrictEqual([
      "deploy/kubernetes/gateway.yaml: Deployment gateway: a production start refuses: VIEWER_SIGNING_JWK must be set in production: the gateway's private key (an Ed25519 JWK with a kid) for its tokens to the subgraphs, the same on every replica.",
    ])
  })

  it('fails a production secret written into a manifest rather than taken from a Secret', () => {
    const literal = `            - name: VIEWER_SIGNING_JWK\n              value: '{"kty":"OKP","crv":"Ed25519","kid":"k"}'\n`
    expect(checkBrokenCopy({ 'kubernetes/gateway.yaml': [[viewerSigningKey, literal]] })).toStrictEqual([
      'deploy/kubernetes/gateway.yaml: Deployment gateway: VIEWER_SIGNING_JWK comes from a value in the manifest; a secret a production start requires comes from a Secret (deploy/.env for Compose)',
    ])
  })

  it('fails a probe on a path the part does not serve', () => {
    expect(checkBrokenCopy({ 'kubernetes/attendance.yaml': [['              path: /readyz\n', '              path: /ready\n']] })).toStrictEqual([
      'deploy/kubernetes/attendance.yaml: Deployment attendance: the readinessProbe asks /ready, which the attendance does not serve (it serves /health, /readyz)',
    ])
  })

  it('fails a gateway that looks for a subgraph on a port its Service does not listen on', () => {
    expect(checkBrokenCopy({ 'kubernetes/config.yaml': [['http://academics:4001/graphql', 'http://academics:4011/graphql']] })).toStrictEqual([
      'deploy/kubernetes/gateway.yaml: Deployment gateway: finds academics at port 4011, but its Service listens on 4001',
    ])
  })

  it('fails a setting lib/config.ts does not read', () => {
    const problems = checkBrokenCopy({ 'kubernetes/config.yaml': [['  DATABASE_POOL_SIZE: "4"', '  DATABASE_POOL: "4"']] })
    expect(problems).toContain('deploy/kubernetes/academics.yaml: Deployment academics: sets DATABASE_POOL (ConfigMap district-graph-config), which lib/config.ts does not read')
    expect(problems).toHaveLength(8) // the seven parts and the migration
  })

  it('fails a Secret template that holds a value, and a subgraph that does not wait for the migrations', () => {
    expect(
      checkBrokenCopy({
        'kubernetes/secrets.example.yaml': [['REPLACE-WITH-32-random-chars', 'c2VjcmV0LXRoYXQtbG9va3MtcmVhbC0xMjM0NTY3OA']],
        'compose.yaml': [['    command: ["scripts/start-subgraph.ts", "finance"]\n', '    command: ["scripts/start-subgraph.ts", "finance"]\n    depends_on: {}\n']],
      }),
    ).toStrictEqual([
      'deploy/kubernetes/secrets.example.yaml: Secret district-graph-alerts: ALERT_LINK_SECRET holds a value, not a REPLACE-… placeholder: a real secret must never be committed',
      'deploy/compose.yaml: service finance: does not wait for the migrations (depends_on migrate: service_completed_successfully)',
    ])
  })
})

describe("a subgraph's probes", () => {
  let database: Database | undefined

  afterAll(async () => {
    await database?.close().catch(() => undefined)
  })

  it('is ready while its database answers, and alive either way', async () => {
    database = await openTestDatabase()
    const { yoga } = await createTestSubgraph('transportation', database)
    const probe = async (p: string) => {
      const response = await yoga.fetch(`http://subgraph${p}`)
      return { status: response.status, body: await response.text() }
    }
    expect(await probe('/readyz')).toStrictEqual({ status: 200, body: '{"database":true}' })
    expect((await probe('/health')).status).toBe(200)

    await database.close()
    expect(await probe('/readyz')).toStrictEqual({ status: 503, body: '{"database":false}' })
    expect((await probe('/health')).status).toBe(200)
    database = undefined
  })
})
