/** What the attendance tests count as a student's days, read straight from the tables. */
import { and, eq, inArray, lte } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as attendance from '../../subgraphs/attendance/db/schema.ts'
import { isoToday } from '../../lib/contract/index.ts'

/** Days counted: school days (instructional, make-up, early release) of the school since entry, attendance taken, not after today. */
export async function countedDays(db: Db, enrolment: { schoolId: string; entryDate: string }): Promise<string[]> {
  const days = await db
    .select({ date: attendance.calendarDates.date })
    .from(attendance.calendarDates)
    .where(
      and(
        eq(attendance.calendarDates.schoolId, enrolment.schoolId),
        inArray(attendance.calendarDates.calendarEvent, ['Instructional day', 'Make-up day', 'Student late arrival/early dismissal']),
        eq(attendance.calendarDates.attendanceTaken, true),
        lte(attendance.calendarDates.date, isoToday()),
      ),
    )
  return days.map((d) => d.date).filter((d) => d >= enrolment.entryDate)
}
