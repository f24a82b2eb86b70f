/**
 * finance's permission map: which rule guards each field. Fees and payments are the family's
 * business ('fees': guardians and admins); the meal account is also the student's own ('meals').
 * Teachers read neither. Money moves only at a guardian's hand (paying a linked child's fees and
 * meal account); voiding a fee and refunding a payment are the administrators'. A write's payload
 * is guarded like the records it shows.
 */
import { chain, or, rule } from 'graphql-shield'
import { badUserInput, rules, UUID, type PermissionMap } from '../kit/index.ts'

const ownFees = rules.canReadStudent('fees')
const ownMeals = rules.canReadStudent('meals')

/** The guardian's condition, in the report's own words: only a child whose records are open to them. */
const LINKED_CHILD = ownFees.roles.GUARDIAN ?? 'linked child'

/** A malformed student id is bad input, not someone else's student: checked before the scope. */
const studentIdIsAnId = rule('studentIdIsAnId', { cache: 'no_cache' })((_p: unknown, args: { input?: { studentId?: unknown } }) =>
  typeof args.input?.studentId === 'string' && UUID.test(args.input.studentId) ? true : badUserInput('studentId must be an id (a UUID).'),
)

/** A guardian moving money for a linked child, in `area` (their fees, their meal account). */
function guardianPaysFor(area: 'fees' | 'meals'): rules.Permission {
  const write = rules.canWriteStudent(area, { GUARDIAN: LINKED_CHILD })
  return { ...write, rule: chain(studentIdIsAnId, write.rule) }
}

/** The finance object opens on either area: a student reaches their meal account through it. */
const ownFeesOrMeals: rules.Permission = {
  name: `${ownFees.name} or ${ownMeals.name}`,
  roles: { ...ownFees.roles, ...ownMeals.roles },
  rule: or(ownFees.rule, ownMeals.rule),
}

export const permissions: PermissionMap = {
  'Mutation.payFees': guardianPaysFor('fees'),
  'Mutation.depositMealFunds': guardianPaysFor('meals'),
  'Mutation.voidFee': rules.isAdmin,
  'Mutation.refundPayment': rules.isAdmin,
  'PayFeesPayload.*': ownFees,
  'DepositMealFundsPayload.*': ownMeals,
  'VoidFeePayload.*': ownFees,
  'RefundPaymentPayload.*': ownFees,
  // The key is readable wherever any area is: other subgraphs' fields hang off it.
  'Student.id': rules.canReadStudentInAnyArea,
  'Student.finance': ownFeesOrMeals,
  'StudentFinance.balanceDueCents': ownFees,
  'StudentFinance.surplusCents': ownFees,
  // Says the balance and the credit in words: as private as they are.
  'StudentFinance.explanation': ownFees,
  'StudentFinance.openFees': ownFees,
  'StudentFinance.recentPayments': ownFees,
  'StudentFinance.mealAccount': ownMeals,
  'Fee.*': ownFees,
  // The words of a value the viewer already reads, in their language: guarded as the value is.
  'Fee.categoryLabel': ownFees,
  'Payment.*': ownFees,
  'Payment.kindLabel': ownFees,
  'Payment.methodLabel': ownFees,
  'PaymentAllocation.*': ownFees,
  'MealAccount.*': ownMeals,
  'MealAccount.explanation': ownMeals,
  'MealTransaction.*': ownMeals,
  'MealTransaction.kindLabel': ownMeals,
  // A school's id is directory data: academics answers for the school itself.
  'School.id': rules.isSignedIn,
}
