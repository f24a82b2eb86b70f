/** The production-style process harness lives with the scripts (the figures scripts use it too). */
export * from '../../scripts/processes.ts'
