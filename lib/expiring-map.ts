/**
 * A map whose entries each expire at their own time and which holds at most `maxEntries`, the
 * oldest set going first: what the gateway remembers of scopes, of verified user tokens and of
 * signed viewer tokens, and what a subgraph remembers of verified viewer tokens.
 */
export class ExpiringMap<K, V> {
  readonly #entries = new Map<K, { value: V; expiresAt: number }>()

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value, while it has not expired (an expired entry is dropped). */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.expiresAt > this.now()) return entry.value
    this.#entries.delete(key)
    return undefined
  }

  /** Keeps `value` until `expiresAt` (ms since the epoch); one already expired is not kept. */
  set(key: K, value: V, expiresAt: number): void {
    this.#entries.delete(key)
    if (expiresAt <= this.now()) return
    // A Map iterates in insertion order: the first key is the oldest set.
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next()
      if (!oldest.done) this.#entries.delete(oldest.value)
    }
    this.#entries.set(key, { value, expiresAt })
  }

  delete(key: K): void {
    this.#entries.delete(key)
  }

  clear(): void {
    this.#entries.clear()
  }
}
