/**
 * The schema check's report as a reviewer reads it: what composes, what breaks and for whom,
 * what to watch, what was added.
 */
import type { CheckedChange, CompositionProblem, SchemaCheckResult } from './check.ts'
import type { Usage } from './usage.ts'

/** `ChildDashboard, FamilyDashboard (committed operations), app 'x' (2 documents: A, B)`. */
export function describeUsers(usages: readonly Usage[]): string {
  const bySource = new Map<string, Usage[]>()
  for (const usage of usages) bySource.set(usage.source, [...(bySource.get(usage.source) ?? []), usage])
  return [...bySource]
    .map(([source, list]) => {
      const operations = [...new Set(list.map((usage) => usage.operation))].join(', ')
      if (source === 'committed operations') return `${operations} (committed operations)`
      const documents = new Set(list.map((usage) => usage.document)).size
      return `${source} (${documents} document${documents === 1 ? '' : 's'}: ${operations})`
    })
    .join(', ')
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

function compositionLines(problems: readonly CompositionProblem[]): string[] {
  return problems.map((problem) => `  x ${problem.subgraphs.length > 0 ? problem.subgraphs.join(', ') : 'the graph'}: ${problem.message} (${problem.code})`)
}

function changeLines(change: CheckedChange): string[] {
  const where = [change.coordinate, change.subgraphs.length > 0 ? `subgraph ${change.subgraphs.join(', ')}` : null].filter(Boolean).join(', ')
  const marker = { breaking: 'x', dangerous: '!', safe: '+' }[change.level]
  const lines = [`  ${marker} ${change.message}${where ? ` [${where}]` : ''}`]
  if (change.why) lines.push(`      ${change.why}`)
  if (change.level === 'safe') {
    if (change.usedBy.length > 0) lines.push(`      Still used by ${describeUsers(change.usedBy)}: move them off it before it is removed.`)
  } else {
    lines.push(change.usedBy.length > 0 ? `      Used by ${describeUsers(change.usedBy)}.` : '      No committed or registered document uses it.')
  }
  return lines
}

export function renderReport(result: SchemaCheckResult): string {
  const scope = result.subgraph ? `${result.subgraph}'s SDL in the work tree` : "the work tree's subgraphs"
  const lines = [result.base.commit ? `schema:check: ${scope} against ${result.base.label}` : `schema:check: ${scope}; no base (${result.base.label}): composition only`]
  if (result.composition.length > 0) {
    lines.push(`Composition fails (${plural(result.composition.length, 'error')}):`, ...compositionLines(result.composition))
  } else {
    lines.push(result.subgraph && result.base.commit ? `Composition: the base's subgraphs with ${result.subgraph}'s from the work tree compose.` : 'Composition: the subgraphs compose.')
  }
  if (result.baseComposition.length > 0) {
    lines.push(`Warning: the base does not compose, so there is nothing to compare with:`, ...compositionLines(result.baseComposition))
  }
  const at = (level: CheckedChange['level']) => result.changes.filter((change) => change.level === level)
  const breaking = at('breaking')
  const dangerous = at('dangerous')
  const safe = at('safe')
  if (breaking.length > 0) lines.push(`${plural(breaking.length, 'breaking change')} (these fail the check):`, ...breaking.flatMap(changeLines))
  if (dangerous.length > 0) lines.push(`${plural(dangerous.length, 'dangerous change')} (warnings):`, ...dangerous.flatMap(changeLines))
  if (safe.length > 0) {
    // Descriptions run to paragraphs: one line names where they changed.
    const descriptions = safe.filter((change) => change.type.includes('DESCRIPTION'))
    const rest = safe.filter((change) => !descriptions.includes(change))
    lines.push(`${plural(safe.length, 'safe change')}:`, ...rest.flatMap(changeLines))
    if (descriptions.length > 0) lines.push(`  + ${plural(descriptions.length, 'description')} changed: ${descriptions.map((change) => change.coordinate ?? change.message).join(', ')}`)
  }
  if (result.base.commit && result.composition.length === 0 && result.baseComposition.length === 0 && result.changes.length === 0) {
    lines.push('No change to the API schema.')
  }
  const failures = [
    result.composition.length > 0 ? plural(result.composition.length, 'composition error') : null,
    breaking.length > 0 ? plural(breaking.length, 'breaking change') : null,
  ].filter(Boolean)
  lines.push(result.ok ? 'schema:check passed.' : `schema:check failed: ${failures.join(' and ')}.`)
  return `${lines.join('\n')}\n`
}
