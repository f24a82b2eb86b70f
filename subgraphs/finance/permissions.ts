/**
 * finance's permission map: which rule guards each field. Fees and payments are the family's
 * business ('fees': guardians and admins); the meal account is also the student's own ('meals').
 * Teachers read neither.
 */
import { or } from 'graphql-shield'
import { rules, type PermissionMap } from '../kit/index.ts'

const ownFees = rules.canReadStudent('fees')
const ownMeals = rules.canReadStudent('meals')

/** The finance object opens on either area: a student reaches their meal account through it. */
const ownFeesOrMeals: rules.Permission = {
  name: `${ownFees.name} or ${ownMeals.name}`,
  roles: { ...ownFees.roles, ...ownMeals.roles },
  rule: or(ownFees.rule, ownMeals.rule),
}

export const permissions: PermissionMap = {
  // The key is readable wherever any area is: other subgraphs' fields hang off it.
  'Student.id': rules.canReadStudentInAnyArea,
  'Student.finance': ownFeesOrMeals,
  'StudentFinance.balanceDueCents': ownFees,
  'StudentFinance.surplusCents': ownFees,
  'StudentFinance.openFees': ownFees,
  'StudentFinance.recentPayments': ownFees,
  'StudentFinance.mealAccount': ownMeals,
  'Fee.*': ownFees,
  'Payment.*': ownFees,
  'MealAccount.*': ownMeals,
  'MealTransaction.*': ownMeals,
  // A school's id is directory data: academics answers for the school itself.
  'School.id': rules.isSignedIn,
}
