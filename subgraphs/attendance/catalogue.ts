/**
 * attendance's words for families, kept as data: `messages/<language>.json` (ICU MessageFormat)
 * in every district language. A `…Label` field answers the message `enum.<EnumName>.<VALUE>` in
 * the viewer's language; what days absent mean is in chronic-absence.ts.
 */
import { enumLabel, loadMessages } from '../kit/index.ts'

export const MESSAGES = loadMessages(new URL('messages/', import.meta.url))

/** The resolver of the `…Label` beside a non-null enum field: the value's words in the viewer's language. */
export function label<Parent>(enumName: string, value: (parent: Parent) => string) {
  return enumLabel<Parent>(MESSAGES, enumName, value)
}
