/**
 * academics' words for families, kept as data: `messages/<language>.json` (ICU MessageFormat)
 * in every district language. A `…Label` field answers the message `enum.<EnumName>.<VALUE>` in
 * the viewer's language; what a score, a flag or a grade means is in meaning.ts.
 */
import type { DistrictLanguage } from '../../lib/contract/index.ts'
import { enumLabel, loadMessages } from '../kit/index.ts'

export const MESSAGES = loadMessages(new URL('messages/', import.meta.url))

/** The resolver of the `…Label` beside a non-null enum field: the value's words in the viewer's language. */
export function label<Parent>(enumName: string, value: (parent: Parent) => string) {
  return enumLabel<Parent>(MESSAGES, enumName, value)
}

/**
 * The Ed-Fi GradingPeriodDescriptor names the catalogue has words for (`gradingPeriod.<KEY>`): a
 * grading period's name is the district's data, but these are the names districts use.
 */
const GRADING_PERIOD_KEYS: Readonly<Record<string, string>> = {
  'First Quarter': 'FIRST_QUARTER',
  'Second Quarter': 'SECOND_QUARTER',
  'Third Quarter': 'THIRD_QUARTER',
  'Fourth Quarter': 'FOURTH_QUARTER',
  'First Semester': 'FIRST_SEMESTER',
  'Second Semester': 'SECOND_SEMESTER',
  'First Trimester': 'FIRST_TRIMESTER',
  'Second Trimester': 'SECOND_TRIMESTER',
  'Third Trimester': 'THIRD_TRIMESTER',
}

/** A grading period's name in `language`; a name of the district's own making, which no catalogue knows, as the district wrote it. */
export function gradingPeriodLabel(language: DistrictLanguage, name: string): string {
  const key = GRADING_PERIOD_KEYS[name]
  return key === undefined ? name : MESSAGES.format(language, `gradingPeriod.${key}`)
}
