/**
 * `npm run check:generated`: fails when a committed generated file is stale — migrations
 * (drizzle-kit would write a new one), the supergraph and API schema, codegen output and the
 * app developers' package built from it (`packages/client/`). It regenerates into the work tree
 * and asks git whether anything changed.
 */
import { execFileSync } from 'node:child_process'

const GENERATED = ['subgraphs/*/db/migrations/*', 'schema/supergraph.graphql', 'schema/api-schema.graphql', 'schema/permission-report.json', 'schema/generated', 'packages/client/src/generated', 'packages/client/dist', 'subgraphs/*/generated/*']

function run(command: string, args: string[]) {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] })
}

/** Generated files that differ from git (modified, added or deleted), one `- path` a line. */
function changed(): string {
  return execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', ...GENERATED], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `- ${line.slice(3)}`)
    .join('\n')
}

const before = changed()
if (before) {
  console.error(`Generated files differ from git before checking; commit or discard them first:\n${before}`)
  process.exit(1)
}
run('npm', ['run', '-s', 'db:generate'])
run('npm', ['run', '-s', 'compose'])
run('npm', ['run', '-s', 'codegen'])
const after = changed()
if (after) {
  console.error(`Generated files are stale; run npm run generate and commit:\n${after}`)
  process.exit(1)
}
console.log('generated files are up to date')
