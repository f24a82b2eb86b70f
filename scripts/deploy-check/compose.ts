/** The Compose file (deploy/compose.yaml, with deploy/.env.example): its schema, then this project's rules. */
import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../../lib/config.ts'
import { SUBGRAPH_NAMES, isSubgraphName } from '../../lib/subgraphs.ts'
import { PARTS, checkSettings, entryArgs, listenPort, standIn, type Project, type Role, type Setting } from './project.ts'
import { composeSchema, schemaMessages } from './schemas.ts'
import { at, list, loadYamlDocuments, record, text, type Doc } from './yaml.ts'

/** Compose's `${NAME}`, `${NAME:-default}`, `${NAME:?message}`… */
const INTERPOLATION = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}/g

function composeSettings(service: Doc, where: string, problems: string[]): Map<string, Setting> {
  const settings = new Map<string, Setting>()
  const environment = service.environment
  const entries: Array<[string, unknown]> = Array.isArray(environment)
    ? environment.map((item) => {
        const [name = '', ...value] = String(item).split('=')
        return [name, value.length > 0 ? value.join('=') : undefined]
      })
    : Object.entries(record(environment) ?? {})
  for (const [name, raw] of entries) {
    const value = text(raw)
    if (value === undefined) {
      problems.push(`${where}: ${name} has no value`)
      continue
    }
    const interpolated = [...value.matchAll(INTERPOLATION)]
    if (interpolated.length === 0) {
      settings.set(name, { value, from: 'config', where: 'a value in compose.yaml' })
      continue
    }
    // From deploy/.env: a stand-in of the right shape, or the default, or nothing.
    const whole = interpolated.length === 1 && interpolated[0]?.[0] === value
    const operator = interpolated[0]?.[2]
    const fallback = whole && operator?.endsWith('-') ? (interpolated[0]?.[3] ?? '') : undefined
    const resolved = fallback !== undefined ? fallback : whole ? standIn(name) : value.replace(INTERPOLATION, 'stand-in')
    settings.set(name, { value: resolved, from: 'secret', where: `deploy/.env (${interpolated.map((m) => m[1]).join(', ')})` })
  }
  return settings
}

export function checkCompose(file: string, envExample: string, project: Project, problems: string[]): number {
  const label = path.join(path.basename(path.dirname(file)), path.basename(file))
  const docs = loadYamlDocuments(file, problems)
  const compose = docs[0]
  if (!compose) {
    problems.push(`${label}: empty`)
    return 0
  }
  const validate = composeSchema()
  if (!validate(compose)) for (const message of schemaMessages(validate.errors ?? [])) problems.push(`${label}: ${message}`)

  const services = record(compose.services) ?? {}
  const exampleNames = new Set(
    fs.existsSync(envExample) ? [...fs.readFileSync(envExample, 'utf8').matchAll(/^([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1] ?? '') : [],
  )
  // Each variable `up` refuses to start without is in deploy/.env.example.
  const strings = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : Object.values(record(value) ?? {}).flatMap(strings))
  for (const match of strings(compose).flatMap((value) => [...value.matchAll(INTERPOLATION)])) {
    const name = match[1] ?? ''
    if (match[2] === ':?' && !exampleNames.has(name)) problems.push(`${label}: requires ${name} from deploy/.env, which deploy/.env.example does not list`)
  }
  for (const name of ['postgres', 'redis', 'migrate']) if (!record(services[name])) problems.push(`${label}: no ${name} service`)

  const roles: Role[] = [...PARTS, 'migrate']
  const configs = new Map<Role, Config>()
  for (const role of roles) {
    const service = record(services[role])
    if (!service) {
      if (role !== 'migrate') problems.push(`${label}: no ${role} service`)
      continue
    }
    const where = `${label}: service ${role}`
    const command = list(service.command).map((c) => text(c) ?? '')
    const expected = entryArgs(role, project)
    if (command.join(' ') !== expected.join(' ')) problems.push(`${where}: command is [${command.join(', ')}], not the ${role} entry point [${expected.join(', ')}]`)
    const config = checkSettings(role, where, composeSettings(service, where, problems), project, problems)
    if (config) configs.set(role, config)
    const dependsOn = record(service.depends_on) ?? {}
    if (isSubgraphName(role) && at(dependsOn, 'migrate', 'condition') !== 'service_completed_successfully') {
      problems.push(`${where}: does not wait for the migrations (depends_on migrate: service_completed_successfully)`)
    }
    if (role === 'gateway') {
      for (const name of SUBGRAPH_NAMES) {
        if (at(dependsOn, name, 'condition') !== 'service_healthy') problems.push(`${where}: does not wait for ${name} to be healthy`)
      }
    }
    if (role === 'migrate') continue
    const test = list(at(service, 'healthcheck', 'test')).map((t) => text(t) ?? '').join(' ')
    const url = /https?:\/\/[^\s'"`)]+/.exec(test)?.[0]
    const served = project.served[role === 'gateway' ? 'gateway' : 'subgraph']
    if (!url) problems.push(`${where}: no healthcheck asking one of ${served.join(', ')}`)
    else {
      const asked = new URL(url)
      if (!served.includes(asked.pathname)) problems.push(`${where}: the healthcheck asks ${asked.pathname}, which the ${role} does not serve (it serves ${served.join(', ')})`)
      if (config && Number(asked.port || 80) !== listenPort(role, config)) problems.push(`${where}: the healthcheck asks port ${asked.port}, but the ${role} listens on ${listenPort(role, config)}`)
    }
  }
  const gateway = configs.get('gateway')
  if (gateway) {
    for (const name of SUBGRAPH_NAMES) {
      const url = new URL(gateway.subgraphs[name].url)
      const subgraph = configs.get(name)
      if (url.hostname !== name) problems.push(`${label}: service gateway: finds ${name} at ${url.href}, not at the ${name} service`)
      else if (subgraph && Number(url.port || 80) !== listenPort(name, subgraph)) problems.push(`${label}: service gateway: finds ${name} at port ${url.port}, but ${name} listens on ${listenPort(name, subgraph)}`)
    }
  }
  return Object.keys(services).length
}
