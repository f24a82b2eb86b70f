/** Seeds attendance. Placeholder until the attendance seeder lands: writes nothing. */
import type { Db } from '../client.ts'
import type { DistrictPlan } from './district.ts'
import type { SeedProgress } from './progress.ts'

export async function seedAttendance(_db: Db, _plan: DistrictPlan, _progress: SeedProgress): Promise<void> {}
