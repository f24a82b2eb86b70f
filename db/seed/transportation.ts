/** Seeds transportation. Placeholder until the transportation seeder lands: writes nothing. */
import type { Db } from '../client.ts'
import type { DistrictPlan } from './district.ts'
import type { SeedProgress } from './progress.ts'

export async function seedTransportation(_db: Db, _plan: DistrictPlan, _progress: SeedProgress): Promise<void> {}
