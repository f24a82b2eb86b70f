/**
 * What a family's balances mean, in words: the balance due and credit, and the meal account
 * against its reminder threshold, from finance's catalogues (ICU MessageFormat: plural rules,
 * money and dates in the family's locale). Amounts reach the messages as dollars, never as
 * pasted-together strings.
 */
import type { DistrictLanguage } from '../../lib/contract/index.ts'
import { MESSAGES } from './catalogue.ts'
import { dueOf } from './ledger.ts'
import type { FeeMapper, MealAccountMapper } from './mappers.ts'

const dollars = (cents: number) => cents / 100

/** A due date (a calendar day) as the instant it begins in UTC: formatted in UTC, it stays that day everywhere. */
const calendarDay = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`)

/**
 * The balance due and credit in `language`: how much is owed on how many fees, the earliest due
 * date among them, any credit on account, and that the family can pay in the portal.
 */
export function balanceExplanation(language: DistrictLanguage, openFees: readonly FeeMapper[], surplusCents: number): string {
  const owing = openFees.filter((fee) => dueOf(fee) > 0)
  const amountCents = owing.reduce((sum, fee) => sum + dueOf(fee), 0)
  const credit = dollars(surplusCents)
  const earliest = owing.reduce<string | undefined>((min, fee) => (min === undefined || fee.dueDate < min ? fee.dueDate : min), undefined)
  if (earliest === undefined) return surplusCents > 0 ? MESSAGES.format(language, 'balance.credit', { credit }) : MESSAGES.format(language, 'balance.nothing')
  const owed = { amount: dollars(amountCents), fees: owing.length, due: calendarDay(earliest) }
  return surplusCents > 0
    ? MESSAGES.format(language, 'balance.owesWithCredit', { ...owed, credit }, 'UTC')
    : MESSAGES.format(language, 'balance.owes', owed, 'UTC')
}

/** The meal balance in `language`: enough, under the reminder threshold, or below zero, and what to do. */
export function mealExplanation(language: DistrictLanguage, account: Pick<MealAccountMapper, 'balanceCents' | 'lowBalanceThresholdCents'>): string {
  const { balanceCents, lowBalanceThresholdCents } = account
  if (balanceCents < 0) return MESSAGES.format(language, 'meals.overdrawn', { owed: dollars(-balanceCents) })
  const values = { balance: dollars(balanceCents), threshold: dollars(lowBalanceThresholdCents) }
  return MESSAGES.format(language, balanceCents < lowBalanceThresholdCents ? 'meals.low' : 'meals.enough', values)
}
