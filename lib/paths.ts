/**
 * Where the whole graph's committed artefacts live, relative to the project root (the working
 * directory of every entry point): composition writes them, the gateway and academics read them.
 */
export const SUPERGRAPH_PATH = 'schema/supergraph.graphql'
export const API_SCHEMA_PATH = 'schema/api-schema.graphql'
/** Who may read each field, composed from the subgraphs' SDL and permission maps. */
export const PERMISSION_REPORT_PATH = 'schema/permission-report.json'
/** The client operations: the dashboards and what tests and the benchmark send. */
export const OPERATIONS_DIR = 'schema/operations'
/** The committed operations' manifest (sha256 → document), written by codegen. */
export const COMMITTED_MANIFEST_PATH = 'schema/generated/persisted-documents.json'
/** Manifests app teams register, one `<app>.json` each, in the same format. */
export const REGISTERED_MANIFESTS_DIR = 'schema/trusted-documents'
