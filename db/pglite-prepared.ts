/**
 * Named prepared statements for the embedded database. PGlite's `query()` parses, plans and
 * describes every statement afresh in six protocol calls; a statement the graph runs again (every
 * loader's) is prepared here once, by name, and then run with one call (bind, describe, execute,
 * sync) on its plan: with `plan_cache_mode = force_generic_plan` set on the instance, Postgres
 * plans it once. Results are built by PGlite's own parser, parameters written by its own
 * serializers, and each call holds PGlite's own locks, so the answers are what `query()` gives.
 */
import { parse, protocol, type PGlite, type QueryOptions, type Results } from '@electric-sql/pglite'

/** At most this many statements are kept prepared; past it, new texts go through `query()`. */
const MAX_STATEMENTS = 1000

interface Statement {
  name: string
  paramTypes: number[]
}

export type PgliteQuery = <T>(text: string, params?: unknown[], options?: QueryOptions) => Promise<Results<T>>

/** A `query()` for `pglite` that runs statements with parameters as named prepared statements. */
export function preparedQuery(pglite: PGlite): PgliteQuery {
  const statements = new Map<string, Statement>()
  const { serialize } = protocol

  async function prepare(text: string, options: QueryOptions | undefined): Promise<Statement> {
    const name = `dg_${statements.size + 1}`
    const messages = await pglite.execProtocolStream(
      Buffer.concat([serialize.parse({ name, text, types: options?.paramTypes ?? [] }), serialize.describe({ type: 'S', name }), serialize.sync()]),
    )
    const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) }
    statements.set(text, statement)
    return statement
  }

  return async function query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    if (params.length === 0 || options?.blob || (!statements.has(text) && statements.size >= MAX_STATEMENTS)) return pglite.query<T>(text, params, options)
    return pglite._runExclusiveTransaction(() =>
      pglite._runExclusiveQuery(async () => {
        const statement = statements.get(text) ?? (await prepare(text, options))
        const values = params.map((value, i) => {
          if (value === null || value === undefined) return null
          const type = statement.paramTypes[i] ?? 0
          const serializer = options?.serializers?.[type] ?? pglite.serializers[type]
          if (serializer) return serializer(value)
          // A type without a serializer goes as its text (objects, which always have one, as JSON).
          if (typeof value === 'string') return value
          return typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' ? value.toString() : JSON.stringify(value)
        })
        const messages = await pglite.execProtocolStream(
          Buffer.concat([serialize.bind({ statement: statement.name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
        )
        const [results] = parse.parseResults(messages, pglite.parsers, options) as Array<Results<T>>
        return results as Results<T>
      }),
    )
  }
}
