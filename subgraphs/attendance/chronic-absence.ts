/**
 * What days absent mean: the share of days enrolled a student has missed, against the district's
 * chronic-absence line, in words from attendance's catalogues (plurals and percents in the
 * family's locale). Worked out from the summary the loader already counted, so the share agrees
 * with `daysAbsent` and `rate` and costs no SQL.
 */
import type { DistrictLanguage } from '../../lib/contract/index.ts'
import { MESSAGES } from './catalogue.ts'
import type { ChronicAbsenceMapper } from './mappers.ts'

/** Where absence becomes chronic, and where a family should start to hear about it. */
export interface ChronicAbsencePolicy {
  /** Missing this share of days enrolled or more, excused or not, is chronic absence. */
  readonly line: number
  /** From this share on, the family is told what it can do before the line is reached. */
  readonly nearLine: number
}

/**
 * The district's policy: 10% is the line federal and state reporting use (ESSA); 5% is where
 * Attendance Works' "at risk" band begins, the point at which schools start reaching out.
 */
export const CHRONIC_ABSENCE: ChronicAbsencePolicy = { line: 0.1, nearLine: 0.05 }

/** Shares compared in basis points, so 7 of 70 days is exactly at a 10% line (no float rounding). */
const BASIS = 10_000
const basisPoints = (share: number) => Math.round(share * BASIS)

/** Whether the summary's days absent reach `share` of its days enrolled. */
function reaches(s: ChronicAbsenceMapper, share: number): boolean {
  return s.halfDaysAbsent * BASIS >= basisPoints(share) * 2 * s.daysEnrolled
}

/** Days absent over days enrolled, from 0 to 1 (the same division as `daysAbsent` and `rate`). */
export const absentShareOf = (s: ChronicAbsenceMapper) => s.halfDaysAbsent / 2 / s.daysEnrolled

export const isChronic = (s: ChronicAbsenceMapper, policy: ChronicAbsencePolicy = CHRONIC_ABSENCE) => reaches(s, policy.line)

/** The fewest whole days absent that reach the line, over the days enrolled so far. */
export const lineDaysOf = (s: ChronicAbsenceMapper, policy: ChronicAbsencePolicy = CHRONIC_ABSENCE) => Math.ceil((basisPoints(policy.line) * s.daysEnrolled) / BASIS)

/** How many days of how many the student has missed, and the line, in `language`. */
export function chronicAbsenceExplanation(language: DistrictLanguage, s: ChronicAbsenceMapper, policy: ChronicAbsencePolicy = CHRONIC_ABSENCE): string {
  const values = { absent: s.halfDaysAbsent / 2, enrolled: s.daysEnrolled, share: absentShareOf(s), line: policy.line, lineDays: lineDaysOf(s, policy) }
  return MESSAGES.format(language, isChronic(s, policy) ? 'chronicAbsence.chronic' : 'chronicAbsence.under', values)
}

/** What the family can do, in `language`, near the line or over it; null below. */
export function chronicAbsenceHelp(language: DistrictLanguage, s: ChronicAbsenceMapper, policy: ChronicAbsencePolicy = CHRONIC_ABSENCE): string | null {
  if (isChronic(s, policy)) return MESSAGES.format(language, 'chronicAbsence.help.chronic')
  return reaches(s, policy.nearLine) ? MESSAGES.format(language, 'chronicAbsence.help.near') : null
}
