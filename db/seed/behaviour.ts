/** Seeds behaviour. Placeholder until the behaviour seeder lands: writes nothing. */
import type { Db } from '../client.ts'
import type { DistrictPlan } from './district.ts'
import type { SeedProgress } from './progress.ts'

export async function seedBehaviour(_db: Db, _plan: DistrictPlan, _progress: SeedProgress): Promise<void> {}
