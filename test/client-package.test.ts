/**
 * What an app outside this repository does with `@district-graph/client`: packs it, installs the
 * tarball into a fresh project, compiles the README's own example client against its types (and
 * fails to compile the mistakes the types exist to catch), and runs it with plain `fetch` against
 * a gateway in production mode, which accepts trusted documents only.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { ErrorCode as PackageErrorCode, FamilyDashboardQuery } from '@district-graph/client'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import type { ErrorCode } from '../lib/contract/index.ts'
import { startIdentityProvider, type IdentityProvider } from './support/identity-provider.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

const run = promisify(execFile)
const TSC = path.resolve('node_modules/typescript/bin/tsc')

/** The README's example client: the first TypeScript block of "For app developers". */
function readmeExample(): string {
  const readme = fs.readFileSync('README.md', 'utf8')
  const section = readme.slice(readme.indexOf('\n## For app developers\n'))
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1]
  if (!block) throw new Error('README.md: "For app developers" has no ```ts block.')
  return block
}

// The mistakes the package's types exist to catch, one per line.
const MISTAKES = `import { ChildDashboardDocument, persistedRequest, type FamilyDashboardDocument, type ResultOf } from '@district-graph/client'
declare const family: ResultOf<typeof FamilyDashboardDocument>
export const grade: number = family.me.children[0]?.gradeLevelName ?? 0
export const nickname = family.me.children[0]?.nickname
export const noStudent = persistedRequest(ChildDashboardDocument)
export const misspelt = persistedRequest(ChildDashboardDocument, { studentID: 'x' })
`

const compilerOptions = { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, types: ['node'], skipLibCheck: false }

describe('@district-graph/client, installed by an app outside the repository', () => {
  let idp: IdentityProvider
  let t: TestSystem
  let work = ''
  let app = ''
  let packed: { filename: string; files: Array<{ path: string }> }

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'district-graph-client-'))
    app = path.join(work, 'family-app')
    fs.mkdirSync(app)
    const [system, pack] = await Promise.all([
      (async () => {
        idp = await startIdentityProvider()
        return startTestSystem({ network: true, env: idp.env })
      })(),
      run('npm', ['pack', '-w', '@district-graph/client', '--pack-destination', work, '--json']),
    ])
    t = system
    packed = (JSON.parse(pack.stdout) as Array<typeof packed>)[0] as typeof packed
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'family-app', private: true, type: 'module' }, null, 2))
    // From npm's cache where it can: the tarball, and what an app brings itself (graphql, Node's types).
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(work, packed.filename), 'graphql@16', '@types/node@20'], { cwd: app })
  }, 300_000)

  afterAll(async () => {
    await t.close()
    await idp.close()
    fs.rmSync(work, { recursive: true, force: true })
  })

  it('ships built code, declarations and the manifest, and nothing of this repository', async () => {
    expect(packed.filename).toBe('district-graph-client-0.1.0.tgz')
    expect(packed.files.map((f) => f.path).sort()).toStrictEqual([
      'dist/generated/gql.d.ts',
      'dist/generated/gql.js',
      'dist/generated/graphql.d.ts',
      'dist/generated/graphql.js',
      'dist/generated/index.d.ts',
      'dist/generated/index.js',
      'dist/index.d.ts',
      'dist/index.js',
      'dist/persisted-documents.json',
      'dist/persisted.d.ts',
      'dist/persisted.js',
      'package.json',
    ])
    const installed = JSON.parse(fs.readFileSync(path.join(app, 'node_modules/@district-graph/client/package.json'), 'utf8'))
    expect({ dependencies: installed.dependencies, peerDependencies: installed.peerDependencies }).toStrictEqual({
      dependencies: { '@graphql-typed-document-node/core': '^3.2.0' },
      peerDependencies: { graphql: '^16.0.0 || ^17.0.0' },
    })
    // The manifest an app registers is the one the gateway trusts.
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', "import m from '@district-graph/client/persisted-documents.json' with { type: 'json' }; console.log(JSON.stringify(m))"], { cwd: app })
    expect(JSON.parse(stdout)).toStrictEqual(JSON.parse(fs.readFileSync('schema/generated/persisted-documents.json', 'utf8')))
  })

  it("compiles the README's client, and refuses the mistakes its types catch", async () => {
    fs.writeFileSync(path.join(app, 'family.ts'), readmeExample())
    fs.writeFileSync(path.join(app, 'mistakes.ts'), MISTAKES)
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['family.ts', 'mistakes.ts'] }))

    const output = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: app }).then(
      () => 'tsc found no error',
      (error: unknown) => (error as { stdout: string }).stdout,
    )
    // Every error tsc reports (the package's declarations are checked too: no skipLibCheck), by
    // line: a string where a number is wanted, a field the operation does not select,
    // ChildDashboard's variables left out, and a variable it does not take.
    expect([...output.matchAll(/^(\S+)\((\d+),\d+\): error (TS\d+)/gm)].map((m) => `${m[1]}:${m[2]} ${m[3]}`)).toStrictEqual([
      'mistakes.ts:3 TS2322',
      'mistakes.ts:4 TS2339',
      'mistakes.ts:5 TS2554',
      'mistakes.ts:6 TS2561',
    ])
    // tsc still writes the example, which has no error.
    expect(fs.existsSync(path.join(app, 'family.js'))).toBe(true)
  })

  it("runs the README's client with plain fetch against production, which accepts its trusted document", async () => {
    const token = await idp.token(await t.personId('demo.guardian'))
    const { stdout, stderr } = await run(process.execPath, ['family.js'], { cwd: app, env: { ...process.env, GRAPHQL_URL: t.system.gatewayUrl, TOKEN: token } })
    expect(stderr).toBe('')
    const lines = stdout.trim().split('\n')
    expect(lines.map((line) => line.split(',')[0])).toStrictEqual(['Leo Rivera', 'Maya Rivera'])
    // Each line as the example prints it, from the gateway's answer to the same operation's text.
    const answer = await t.query<FamilyDashboardQuery>({ authorization: `Bearer ${token}` }, fs.readFileSync('schema/operations/FamilyDashboard.graphql', 'utf8'))
    expect(lines).toStrictEqual(
      answer.body.data?.me.children.map((c) => `${c.firstName} ${c.lastName}, ${c.gradeLevelName} at ${c.school.name}: ${c.missingWork.length} missing`),
    )

    // Without a token: the contract's code, printed by the same client.
    const anonymous = await run(process.execPath, ['family.js'], { cwd: app, env: { ...process.env, GRAPHQL_URL: t.system.gatewayUrl, TOKEN: '' } })
    expect(anonymous.stderr).toMatch(/^UNAUTHENTICATED: /)
  })

  it('names the same error codes as the contract', () => {
    expectTypeOf<PackageErrorCode>().toEqualTypeOf<ErrorCode>()
  })
})
