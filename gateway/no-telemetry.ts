/**
 * Imported before @apollo/gateway: a district's student-data system calls no one. Without this,
 * the gateway reports usage to its vendor and probes cloud metadata addresses.
 */
process.env.APOLLO_TELEMETRY_DISABLED = 'true'
