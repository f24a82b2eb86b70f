/**
 * What `--profile` found: each part's V8 CPU profile (taken over one measured run) summarised as
 * self time by place (a package, a Node internal, a file of ours, the garbage collector) and by
 * function, so a reader sees where the CPU per dashboard goes without opening DevTools.
 */
import fs from 'node:fs'
import path from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

export interface ProfileShare {
  name: string
  /** Share of the profile's sampled time, 0–100. */
  percent: number
}

export interface PartProfile {
  part: string
  file: string
  sampledMs: number
  byPlace: ProfileShare[]
  byFunction: ProfileShare[]
}

/** Where a frame's code lives: `pkg` for node_modules/pkg, `node:x` for Node internals, a path of ours, or V8's own bucket. */
export function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)'
  const modules = url.lastIndexOf('node_modules/')
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/')
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url)
  }
  if (url.startsWith('node:')) return url
  const ours = url.replace(/^file:\/\//, '')
  return path.relative(process.cwd(), ours) || ours
}

function top(totals: Map<string, number>, all: number, count: number): ProfileShare[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, percent: (100 * us) / all }))
}

export function summarizeProfile(part: string, file: string, count = 12): PartProfile {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  // The profiler's own start and stop (the preload's calls into node:inspector) are not the part's work.
  const excluded = new Set<number>()
  const exclude = (node: ProfileNode) => {
    excluded.add(node.id)
    for (const child of node.children ?? []) {
      const next = byId.get(child)
      if (next) exclude(next)
    }
  }
  for (const node of profile.nodes) if (node.callFrame.url.endsWith('profile-preload.mjs')) exclude(node)
  const self = new Map<number, number>()
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
  const places = new Map<string, number>()
  const functions = new Map<string, number>()
  let all = 0
  for (const [id, us] of self) {
    const frame = byId.get(id)?.callFrame
    if (!frame || frame.functionName === '(idle)' || excluded.has(id)) continue
    all += us
    const place = placeOf(frame.url, frame.functionName)
    places.set(place, (places.get(place) ?? 0) + us)
    const fn = `${frame.functionName || '(anonymous)'} ${place}${frame.url ? `:${frame.lineNumber + 1}` : ''}`
    functions.set(fn, (functions.get(fn) ?? 0) + us)
  }
  return { part, file, sampledMs: all / 1000, byPlace: top(places, all, count), byFunction: top(functions, all, count) }
}

/** Every `<part>.cpuprofile` in `dir`, summarised. */
export function summarizeProfiles(dir: string): PartProfile[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort()
    .map((name) => summarizeProfile(name.replace(/\.cpuprofile$/, ''), path.join(dir, name)))
}

export function formatProfiles(profiles: PartProfile[]): string {
  const lines: string[] = []
  for (const p of profiles) {
    lines.push(`${p.part} (${p.sampledMs.toFixed(0)} ms sampled, not idle; ${p.file})`)
    lines.push(`  by place:    ${p.byPlace.map((s) => `${s.name} ${s.percent.toFixed(1)}%`).join(', ')}`)
    lines.push('  by function (self):')
    for (const s of p.byFunction) lines.push(`    ${s.percent.toFixed(1).padStart(5)}%  ${s.name}`)
  }
  return lines.join('\n')
}
