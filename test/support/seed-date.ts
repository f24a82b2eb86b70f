/**
 * The seed's "today" in every test: the day the demo district's stories were written for
 * (db/seed/calendar.ts), so whole answers and counted figures do not move with the machine's date.
 * The graph itself still runs on the real clock; tests that need "today" pin it with fake timers.
 */
import { STORY_TODAY } from '../../db/seed/calendar.ts'

export const TEST_TODAY = STORY_TODAY
