/** The Kubernetes manifests (deploy/kubernetes/): their schemas, then this project's rules. */
import fs from 'node:fs'
import path from 'node:path'
import type { ErrorObject } from 'ajv'
import type { Config } from '../../lib/config.ts'
import { SUBGRAPH_NAMES } from '../../lib/subgraphs.ts'
import { PARTS, checkSettings, entryArgs, listenPort, standIn, type Part, type Project, type Setting } from './project.ts'
import { KINDS, schemaMessages, unknownFields } from './schemas.ts'
import { at, list, loadYamlDocuments, record, text, type Doc } from './yaml.ts'

interface Manifest {
  file: string
  doc: Doc
  kind: string
  name: string
  /** `Kind name (file)`, for messages. */
  label: string
}

function containerOf(manifest: Manifest): Doc | undefined {
  return record(at(manifest.doc, 'spec', 'template', 'spec', 'containers', 0))
}

/** A container's settings: its ConfigMaps' and Secrets' keys (envFrom), then its own `env`. */
function containerSettings(container: Doc, where: string, configMaps: Map<string, Doc>, secrets: Map<string, Doc>, problems: string[]): Map<string, Setting> {
  const settings = new Map<string, Setting>()
  const secretKeys = (name: string) => ({ ...record(at(secrets.get(name), 'stringData')), ...record(at(secrets.get(name), 'data')) })
  for (const source of list(container.envFrom)) {
    const configMap = text(at(source, 'configMapRef', 'name'))
    const secret = text(at(source, 'secretRef', 'name'))
    if (configMap !== undefined) {
      const data = record(at(configMaps.get(configMap), 'data'))
      if (!data) problems.push(`${where}: envFrom names ConfigMap ${configMap}, which no manifest defines`)
      for (const [key, value] of Object.entries(data ?? {})) settings.set(key, { value: text(value), from: 'config', where: `ConfigMap ${configMap}` })
    }
    if (secret !== undefined) {
      if (!secrets.has(secret)) problems.push(`${where}: envFrom names Secret ${secret}, which secrets.example.yaml does not describe`)
      for (const key of Object.keys(secretKeys(secret))) settings.set(key, { value: standIn(key), from: 'secret', where: `Secret ${secret}` })
    }
  }
  for (const entry of list(container.env)) {
    const name = text(at(entry, 'name')) ?? ''
    const secretRef = record(at(entry, 'valueFrom', 'secretKeyRef'))
    const configRef = record(at(entry, 'valueFrom', 'configMapKeyRef'))
    if (secretRef) {
      const secret = text(secretRef.name) ?? ''
      const key = text(secretRef.key) ?? ''
      const described = key in secretKeys(secret)
      if (!secrets.has(secret)) problems.push(`${where}: ${name} comes from Secret ${secret}, which secrets.example.yaml does not describe`)
      else if (!described && secretRef.optional !== true) problems.push(`${where}: ${name} comes from key ${key} of Secret ${secret}, which secrets.example.yaml does not list`)
      // An optional key the template leaves out is unset, as in a cluster whose Secret lacks it.
      if (described || secretRef.optional !== true) settings.set(name, { value: standIn(name), from: 'secret', where: `Secret ${secret}` })
    } else if (configRef) {
      const configMap = text(configRef.name) ?? ''
      settings.set(name, { value: text(at(configMaps.get(configMap), 'data', text(configRef.key) ?? '')), from: 'config', where: `ConfigMap ${configMap}` })
    } else {
      settings.set(name, { value: text(at(entry, 'value')), from: 'config', where: 'a value in the manifest' })
    }
  }
  return settings
}

/** A probe's or Service's port, by number or by the container's port name. */
function portNumber(port: unknown, container: Doc): number | undefined {
  if (typeof port === 'number') return port
  const named = list(container.ports).find((p) => at(p, 'name') === port)
  const number = at(named, 'containerPort')
  return typeof number === 'number' ? number : undefined
}

/** Every object of every manifest in `dir`, and kustomization.yaml's own. */
function loadManifests(dir: string, files: readonly string[], problems: string[]): { manifests: Manifest[]; kustomization: Doc | undefined } {
  const manifests: Manifest[] = []
  let kustomization: Doc | undefined
  for (const file of files) {
    const relative = path.join(path.basename(path.dirname(dir)), path.basename(dir), file)
    for (const doc of loadYamlDocuments(path.join(dir, file), problems)) {
      if (file === 'kustomization.yaml') {
        kustomization = doc
        continue
      }
      const kind = `${text(doc.apiVersion) ?? '?'}/${text(doc.kind) ?? '?'}`
      const name = text(at(doc, 'metadata', 'name')) ?? '?'
      manifests.push({ file, doc, kind, name, label: `${relative}: ${text(doc.kind) ?? '?'} ${name}` })
    }
  }
  return { manifests, kustomization }
}

/** The Kubernetes API's schemas: each object's values, then any field the API does not know. */
function checkSchemas(manifests: readonly Manifest[], root: string, problems: string[]): void {
  const typed: Array<{ doc: Doc; types: [string, string]; manifest: Manifest }> = []
  for (const manifest of manifests) {
    const kind = KINDS[manifest.kind]
    if (!kind) {
      problems.push(`${manifest.label}: ${manifest.kind} is not a kind these manifests use (${Object.keys(KINDS).join(', ')})`)
      continue
    }
    try {
      kind.validate(manifest.doc)
    } catch (error) {
      const errors = (error as { errors?: ErrorObject[] }).errors
      for (const message of errors ? schemaMessages(errors) : [String(error)]) problems.push(`${manifest.label}: ${message}`)
    }
    typed.push({ doc: manifest.doc, types: kind.types, manifest })
  }
  for (const { index, message } of unknownFields(typed, root)) problems.push(`${typed[index]?.manifest.label ?? 'kubernetes'}: ${message}`)
}

/** Secrets are templates only: nothing applied carries one, and none holds a real value. */
function checkSecretTemplates(manifests: readonly Manifest[], problems: string[]): void {
  for (const manifest of manifests) {
    if (manifest.kind !== 'v1/Secret') continue
    if (!manifest.file.endsWith('.example.yaml')) problems.push(`${manifest.label}: a Secret belongs in secrets.example.yaml as a template, never with its values in an applied manifest`)
    if (manifest.doc.data !== undefined) problems.push(`${manifest.label}: a template gives placeholders in stringData, not data`)
    for (const [key, value] of Object.entries(record(manifest.doc.stringData) ?? {})) {
      if (!String(value).startsWith('REPLACE-')) problems.push(`${manifest.label}: ${key} holds a value, not a REPLACE-… placeholder: a real secret must never be committed`)
    }
  }
}

/** kustomization.yaml applies every manifest but the templates. */
function checkKustomization(kustomization: Doc | undefined, files: readonly string[], problems: string[]): void {
  const resources = list(kustomization?.resources).map((r) => text(r) ?? '')
  for (const file of files) {
    if (file === 'kustomization.yaml') continue
    if (file.endsWith('.example.yaml') && resources.includes(file)) problems.push(`kustomization.yaml: applies ${file}, a template whose placeholders would replace the cluster's real Secrets`)
    if (!file.endsWith('.example.yaml') && !resources.includes(file)) problems.push(`kustomization.yaml: does not apply ${file}`)
  }
  for (const resource of resources) if (!files.includes(resource)) problems.push(`kustomization.yaml: applies ${resource}, which does not exist`)
}

interface Objects {
  manifests: readonly Manifest[]
  configMaps: Map<string, Doc>
  secrets: Map<string, Doc>
}

/** One part's Deployment and Service; its settings as the part reads them, and the port its Service listens on. */
function checkPart(part: Part, dir: string, objects: Objects, project: Project, problems: string[]): { config?: Config; label: string; servicePort?: number } | undefined {
  const find = (kind: string) => objects.manifests.filter((m) => m.kind === kind && m.name === part)
  const deployments = find('apps/v1/Deployment')
  const services = find('v1/Service')
  if (deployments.length !== 1) problems.push(`${dir}: ${deployments.length === 0 ? 'no' : deployments.length} Deployment named ${part}: each part has exactly one`)
  if (services.length !== 1) problems.push(`${dir}: ${services.length === 0 ? 'no' : services.length} Service named ${part}: each part has exactly one`)
  const deployment = deployments[0]
  const service = services[0]
  const container = deployment && containerOf(deployment)
  if (!deployment || !container) return undefined
  const where = deployment.label
  const args = list(container.args).map((a) => text(a) ?? '')
  const expected = entryArgs(part, project)
  if (args.join(' ') !== expected.join(' ')) problems.push(`${where}: args are [${args.join(', ')}], not the ${part} entry point [${expected.join(', ')}]`)
  const config = checkSettings(part, where, containerSettings(container, where, objects.configMaps, objects.secrets, problems), project, problems)
  const port = config && listenPort(part, config)
  const served = project.served[part === 'gateway' ? 'gateway' : 'subgraph']
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    const spec = record(container[probe])
    if (!spec) {
      if (probe !== 'startupProbe') problems.push(`${where}: no ${probe}`)
      continue
    }
    const probePath = text(at(spec, 'httpGet', 'path'))
    if (probePath === undefined) problems.push(`${where}: the ${probe} is not an httpGet on one of ${served.join(', ')}`)
    else if (!served.includes(probePath)) problems.push(`${where}: the ${probe} asks ${probePath}, which the ${part} does not serve (it serves ${served.join(', ')})`)
    const probePort = portNumber(at(spec, 'httpGet', 'port'), container)
    if (port !== undefined && probePort !== port) problems.push(`${where}: the ${probe} asks port ${String(probePort)}, but the ${part} listens on ${port}`)
  }
  for (const [key, resource] of [['requests', 'cpu'], ['requests', 'memory'], ['limits', 'memory']] as const) {
    if (at(container, 'resources', key, resource) === undefined) problems.push(`${where}: no resources.${key}.${resource}`)
  }
  if (port !== undefined && !list(container.ports).some((p) => at(p, 'containerPort') === port)) problems.push(`${where}: no containerPort ${port}, where the ${part} listens`)
  if (!service) return { config, label: where }
  const servicePort = at(service.doc, 'spec', 'ports', 0)
  const target = portNumber(at(servicePort, 'targetPort') ?? at(servicePort, 'port'), container)
  if (port !== undefined && target !== port) problems.push(`${service.label}: sends to port ${String(target)}, but the ${part} listens on ${port}`)
  const podLabels = record(at(deployment.doc, 'spec', 'template', 'metadata', 'labels')) ?? {}
  const selector = Object.entries(record(at(service.doc, 'spec', 'selector')) ?? {})
  if (selector.length === 0 || !selector.every(([k, v]) => podLabels[k] === v)) problems.push(`${service.label}: its selector does not pick the ${part} Deployment's pods`)
  const number = at(servicePort, 'port')
  return { config, label: where, servicePort: typeof number === 'number' ? number : undefined }
}

export function checkKubernetes(dir: string, project: Project, problems: string[]): number {
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()
  const { manifests, kustomization } = loadManifests(dir, files, problems)
  checkSchemas(manifests, project.root, problems)
  checkSecretTemplates(manifests, problems)
  checkKustomization(kustomization, files, problems)
  const byName = (kind: string) => new Map(manifests.filter((m) => m.kind === kind).map((m) => [m.name, m.doc]))
  const objects: Objects = { manifests, configMaps: byName('v1/ConfigMap'), secrets: byName('v1/Secret') }

  const parts = new Map(PARTS.map((part) => [part, checkPart(part, dir, objects, project, problems)]))
  // The gateway finds each subgraph at its Service.
  const gateway = parts.get('gateway')
  if (gateway?.config) {
    for (const name of SUBGRAPH_NAMES) {
      const url = new URL(gateway.config.subgraphs[name].url)
      const servicePort = parts.get(name)?.servicePort
      if (url.hostname.split('.')[0] !== name) problems.push(`${gateway.label}: finds ${name} at ${url.href}, not at its Service ${name}`)
      else if (servicePort !== undefined && Number(url.port || 80) !== servicePort) problems.push(`${gateway.label}: finds ${name} at port ${url.port || '80'}, but its Service listens on ${servicePort}`)
    }
  }

  // The migration Job, with the settings a production start of the migrations needs.
  const migrate = entryArgs('migrate', project).join(' ')
  const migration = manifests.find((m) => m.kind === 'batch/v1/Job' && list(containerOf(m)?.args).map((a) => text(a) ?? '').join(' ') === migrate)
  const container = migration && containerOf(migration)
  if (!migration || !container) problems.push(`${dir}: no Job runs the migrations (${migrate})`)
  else checkSettings('migrate', migration.label, containerSettings(container, migration.label, objects.configMaps, objects.secrets, problems), project, problems)
  return manifests.length
}
