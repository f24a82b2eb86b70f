/** What the schema check refuses to run on: bad arguments or files, each with a stable code. */
export type SchemaCheckErrorCode =
  | 'BAD_ARGUMENT'
  | 'UNKNOWN_SUBGRAPH'
  | 'NOT_A_GIT_REPOSITORY'
  | 'UNKNOWN_REVISION'
  | 'NO_MERGE_BASE'
  | 'BAD_MANIFEST'
  | 'BAD_DOCUMENT'

export class SchemaCheckInputError extends Error {
  override name = 'SchemaCheckInputError'
  constructor(
    readonly code: SchemaCheckErrorCode,
    message: string,
  ) {
    super(message)
  }
}
