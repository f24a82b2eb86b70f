/**
 * academics' words for families, kept as data: `messages/<language>.json` (ICU MessageFormat)
 * in every district language. A `…Label` field answers the message `enum.<EnumName>.<VALUE>` in
 * the viewer's language; what a score, a flag or a grade means is in meaning.ts.
 */
import { enumLabel, loadMessages } from '../kit/index.ts'

export const MESSAGES = loadMessages(new URL('messages/', import.meta.url))

/** The resolver of the `…Label` beside a non-null enum field: the value's words in the viewer's language. */
export function label<Parent>(enumName: string, value: (parent: Parent) => string) {
  return enumLabel<Parent>(MESSAGES, enumName, value)
}
