/** Every subgraph's permission map, read from its own `permissions.ts` (data only: no servers built). */
import type { PermissionEntries } from '../lib/contract/index.ts'
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.ts'

export async function loadPermissionMaps(): Promise<Record<SubgraphName, PermissionEntries>> {
  const maps = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => {
      const module = (await import(`../subgraphs/${name}/permissions.ts`)) as { permissions: PermissionEntries }
      return [name, module.permissions] as const
    }),
  )
  return Object.fromEntries(maps) as Record<SubgraphName, PermissionEntries>
}
