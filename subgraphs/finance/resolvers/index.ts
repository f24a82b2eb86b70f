import type { Resolvers } from '../generated/resolvers.ts'
import { Fee, Payment } from './Fee.ts'
import { MealAccount, MealTransaction } from './MealAccount.ts'
import { Mutation } from './Mutation.ts'
import { Student } from './Student.ts'
import { StudentFinance } from './StudentFinance.ts'

export const resolvers: Resolvers = {
  Mutation,
  Student,
  StudentFinance,
  Fee,
  Payment,
  MealAccount,
  MealTransaction,
}
