/** Seeds finance. Placeholder until the finance seeder lands: writes nothing. */
import type { Db } from '../client.ts'
import type { DistrictPlan } from './district.ts'
import type { SeedProgress } from './progress.ts'

export async function seedFinance(_db: Db, _plan: DistrictPlan, _progress: SeedProgress): Promise<void> {}
