// The embedded database's worker thread starts here: Node 20 does not carry the `--import tsx`
// of its parent into a worker, so this loads the TypeScript entry through tsx's API.
import { workerData } from 'node:worker_threads'
import { tsImport } from 'tsx/esm/api'

await tsImport(workerData.entry, import.meta.url)
