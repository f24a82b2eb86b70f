/** How a seeder reports what it has done so far (printed by `npm run seed`). */
export type SeedProgress = (message: string) => void
