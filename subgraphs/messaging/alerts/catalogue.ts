/**
 * What an alert says: the `alert.<message>.title` and `.body` messages of messaging's catalogues
 * (subgraphs/messaging/messages/<language>.json, ICU MessageFormat). English is the district's
 * own text; the other catalogues await the district's review (README).
 */
import { DEFAULT_LANGUAGE, districtLanguageOf, type DistrictLanguage } from '../../../lib/contract/index.ts'
import { loadMessages, type MessageValues } from '../../kit/index.ts'

export const MESSAGES = loadMessages(new URL('../messages/', import.meta.url))

export type AlertMessage =
  | 'missingWork'
  | 'gradeBelow'
  | 'unexcusedAbsence'
  | 'noticeExcused'
  | 'noticeUnexcused'
  | 'behaviourIncident'
  | 'lowMealBalance'
  | 'paymentReceipt'
  | 'newMessage'

/** The district language of a recipient's tag ('es-MX' is Spanish); English when the district has none for it. */
export function alertLanguageOf(tag: string): DistrictLanguage {
  return districtLanguageOf(tag.split('-')[0] ?? '') ?? DEFAULT_LANGUAGE
}

/** An alert's title and body in the recipient's language. */
export function renderAlert(message: AlertMessage, tag: string, values: MessageValues, timeZone: string): { language: DistrictLanguage; title: string; body: string } {
  const language = alertLanguageOf(tag)
  return {
    language,
    title: MESSAGES.format(language, `alert.${message}.title`, values, timeZone),
    body: MESSAGES.format(language, `alert.${message}.body`, values, timeZone),
  }
}
