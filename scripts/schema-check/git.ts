/**
 * The base a schema check compares the work tree with: the subgraphs' SDL at the merge-base of
 * HEAD and main, read from git (never the committed supergraph, which on a clean clone equals the
 * work tree and so proves nothing). When HEAD is main's tip (on main, or on a branch with no
 * commit of its own), the base is HEAD while the work tree changes the SDL — that change is what
 * is about to be committed — and HEAD's first parent when it does not, as in CI on a clean clone
 * of main, so the commit that lands is the one checked.
 */
import { execFileSync } from 'node:child_process'
import { SchemaCheckInputError } from './errors.ts'

export interface Base {
  /** The commit compared with, or null when there is none (composition only). */
  commit: string | null
  /** Why this commit, in a few words (or why there is none). */
  label: string
}

const MAIN_BRANCHES = ['main', 'origin/main']

/** `git -C root …`; null when git exits non-zero (an unknown revision, a missing path). */
function git(root: string, args: string[]): string | null {
  try {
    return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 })
  } catch {
    return null
  }
}

const commitOf = (root: string, rev: string) => git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])?.trim() ?? null
const short = (commit: string) => commit.slice(0, 12)

/** The base: `override` (`--base <rev>`), else the merge-base of HEAD and main, else HEAD or its first parent (`files`: the SDL). */
export function resolveBase(root: string, files: readonly string[], override?: string): Base {
  if (git(root, ['rev-parse', '--git-dir']) === null) {
    throw new SchemaCheckInputError('NOT_A_GIT_REPOSITORY', `${root} is not in a git repository: the check compares the work tree with a commit.`)
  }
  if (override !== undefined) {
    const commit = commitOf(root, override)
    if (!commit) throw new SchemaCheckInputError('UNKNOWN_REVISION', `--base ${override} names no commit in this repository.`)
    return { commit, label: `--base ${override} (${short(commit)})` }
  }
  const head = commitOf(root, 'HEAD')
  if (!head) return { commit: null, label: 'the repository has no commit yet' }
  const main = MAIN_BRANCHES.find((branch) => commitOf(root, branch) !== null)
  const mergeBase = main ? git(root, ['merge-base', 'HEAD', main])?.trim() : undefined
  if (main && !mergeBase) {
    throw new SchemaCheckInputError('NO_MERGE_BASE', `HEAD and ${main} share no commit (a shallow clone?): fetch more history or pass --base <rev>.`)
  }
  if (mergeBase && mergeBase !== head) return { commit: mergeBase, label: `the merge-base of HEAD and ${main ?? 'main'} (${short(mergeBase)})` }
  const why = main ? `HEAD is already in ${main}` : 'there is no branch main'
  const changed = git(root, ['status', '--porcelain', '--untracked-files=all', '--', ...files])
  if (changed) return { commit: head, label: `HEAD (${short(head)}), as ${why} and the work tree changes the subgraphs' SDL` }
  const parent = commitOf(root, 'HEAD^1')
  if (!parent) return { commit: null, label: `${why}, the work tree changes no SDL, and HEAD has no parent` }
  return { commit: parent, label: `HEAD's first parent (${short(parent)}), as ${why} and the work tree changes no SDL` }
}

/** A file's text at a commit, or null when the commit has no such file. */
export function readAt(root: string, commit: string, file: string): string | null {
  if (git(root, ['cat-file', '-e', `${commit}:${file}`]) === null) return null
  const text = git(root, ['show', `${commit}:${file}`])
  if (text === null) throw new Error(`git show ${commit}:${file} failed.`)
  return text
}
