/**
 * The image (deploy/Dockerfile): its own ENV, which every part starts from, and what the manifests
 * assume of it: a non-root user, an entry point that runs the part's .ts file, every workspace's
 * package.json in place before each stage's `npm ci` (which refuses a workspace it cannot see),
 * and the family's page built in a stage (web/dist is not in the build context) and copied from
 * it into the image the gateway runs from.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface Image {
  env: Record<string, string | undefined>
  problems: string[]
}

/** The directories `workspaces` names in package.json (`packages/*`), each holding a package.json. */
function workspaces(root: string): string[] {
  const patterns = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces?: string[] }).workspaces ?? []
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern]
    const parent = pattern.slice(0, -2)
    return fs.existsSync(path.join(root, parent)) ? fs.readdirSync(path.join(root, parent)).map((name) => `${parent}/${name}`) : []
  }).filter((dir) => fs.existsSync(path.join(root, dir, 'package.json')))
}

export function readImage(dockerfile: string, root: string): Image {
  const label = path.join(path.basename(path.dirname(dockerfile)), path.basename(dockerfile))
  const text = fs.readFileSync(dockerfile, 'utf8')
  const stages = text.split(/^FROM\s/m)
  const last = (stages.at(-1) ?? '').split('\n').map((line) => line.trim())
  const problems: string[] = []
  const env: Image['env'] = {}
  for (const line of last) {
    for (const pair of /^ENV\s+(.*)$/.exec(line)?.[1]?.split(/\s+/) ?? []) {
      const [name, ...value] = pair.split('=')
      if (name) env[name] = value.join('=')
    }
  }
  const user = last.filter((line) => line.startsWith('USER ')).at(-1)?.slice(5).trim()
  if (!user || user === 'root' || user === '0') problems.push(`${label}: the parts run as root: end the last stage with USER node`)
  const entrypoint = last.filter((line) => line.startsWith('ENTRYPOINT ')).at(-1)
  if (entrypoint?.replace(/\s/g, '') !== 'ENTRYPOINT["node","--import","tsx"]') problems.push(`${label}: the entry point is not ["node", "--import", "tsx"], which the manifests' commands (a part's .ts file) assume`)
  const stageLines = stages.slice(1).map((stage) => stage.split('\n').map((line) => line.trim()))
  for (const stage of stageLines) {
    const install = stage.findIndex((line) => line.startsWith('RUN ') && /\bnpm ci\b/.test(line))
    if (install === -1) continue
    const name = /\bAS\s+(\S+)/i.exec(stage[0] ?? '')?.[1] ?? 'the last stage'
    for (const dir of workspaces(root)) {
      const copied = stage.findIndex((line) => line.startsWith('COPY ') && line.includes(`${dir}/package.json`))
      if (copied === -1 || copied > install) problems.push(`${label}: stage ${name}: ${dir}/package.json is not copied before npm ci, which needs every workspace`)
    }
  }
  // The family's page: a stage builds web/dist and the last stage takes it from that stage.
  const from = last.map((line) => /^COPY\s+--from=(\S+)\s+\S*web\/dist\/?\s/.exec(line)?.[1]).find(Boolean)
  const builder = stageLines.find((stage) => /\bAS\s+(\S+)/i.exec(stage[0] ?? '')?.[1] === from)
  if (!from || !builder?.some((line) => line.startsWith('RUN ') && /scripts\/web-build\.ts|build:web|build -w web|vite build/.test(line))) {
    problems.push(`${label}: the last stage does not copy web/dist from a stage that builds the page (npm run build:web), so the gateway would serve no family page at /`)
  }
  return { env, problems }
}
