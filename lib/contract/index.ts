/**
 * The request contract between the gateway and the subgraphs: roles and areas, the viewer's
 * scope and the token that carries it, the error codes users may see, the record of
 * disclosures, dates, and permissions as data. Both sides import this module, and nothing of
 * each other.
 */
export * from './dates.ts'
export * from './disclosures.ts'
export * from './errors.ts'
export * from './events.ts'
export * from './languages.ts'
export * from './permissions.ts'
export * from './roles.ts'
export * from './scope.ts'
export * from './viewer-token.ts'
