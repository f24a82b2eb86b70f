/**
 * Seeds attendance: each school's calendar for the term, the rosters attendance is taken
 * against, and the term so far of daily and per-section events. Each student gets an
 * attendance habit (most attend 95%+ of days, about one in eight is chronically absent), and
 * only exceptions are stored, as an attendance system does; secondary students' absences and
 * tardies also appear period by period. The named people get a scripted set that shows every
 * category, and demo.guardian has told Leo's school of an appointment ahead, awaiting review.
 */
import * as t from './schema.ts'
import type { SeedLoader } from '../../../db/seed/bulk.ts'
import { addDays, createRandom, weighted, type Random } from '../../../db/seed/random.ts'
import { type DistrictPlan, type PlannedSchool, type PlannedStudent } from '../../../db/seed/district.ts'
import type { SeedProgress } from '../../../db/seed/progress.ts'

type Category = (typeof t.attendanceEventCategory.enumValues)[number]
type DailyEvent = typeof t.studentSchoolAttendanceEvents.$inferInsert
type SectionEvent = typeof t.studentSectionAttendanceEvents.$inferInsert
/** What a section event says, apart from whose, where and when. */
type PeriodEvent = Omit<SectionEvent, 'id' | 'studentId' | 'sectionId' | 'eventDate' | 'period'>

/** Every level keeps a 390-minute day; secondary days are six 55-minute periods 10 minutes apart. */
const DAY_MINUTES = 390
const PERIOD_STRIDE = 65
const PERIOD_MINUTES = 55
const FIRST_BELL: Record<PlannedSchool['category'], number> = {
  'Elementary School': 8 * 60 + 30,
  'Middle School': 8 * 60,
  'High School': 7 * 60 + 30,
}
// Teacher-only days and early releases (Ed-Fi 'Student late arrival/early dismissal': the first
// grading period's last day, the day before the long break, the semester's last day) come from
// the plan's calendar (calendar.ts). Early-release days are still school days: attendance is
// taken on them as on any other.
// Rows a batch holds before the loader takes them: few, so they die young in V8's heap (the loader
// gathers batches into COPYs of a few megabytes).
const FLUSH_ROWS = 2_000

const EXCUSED_REASONS = [
  ['Illness', 55],
  ['Medical appointment', 15],
  ['Family emergency', 6],
  ['Religious observance', 5],
  ['Bereavement', 3],
  ['Court appearance', 2],
] as const
const UNEXCUSED_REASONS = [
  ['No note from guardian', 45],
  ['Family vacation', 20],
  ['Truancy', 15],
  ['Overslept', 10],
  ['Missed the bus', 10],
] as const
const TARDY_REASONS = [
  [null, 20],
  ['Overslept', 30],
  ['Traffic', 25],
  ['Missed the bus', 15],
  ['Medical appointment', 10],
] as const
const EARLY_REASONS = [
  ['Medical appointment', 45],
  ['Illness - sent home by nurse', 35],
  ['Family emergency', 10],
  ['Dental appointment', 10],
] as const
const PARTIAL_REASONS = [
  ['Medical appointment', 50],
  ['Dental appointment', 20],
  ['Illness', 20],
  ['Family emergency', 10],
] as const
const PULLED_OUT_REASONS = [
  ['Nurse visit', 50],
  ['Counselor appointment', 35],
  ['Office referral', 15],
] as const
/** Tardies that the office corrects to present, and school activities away from class. */
const LATE_BUS = 'Late bus (tardy excused)'
const FIELD_TRIP = 'School-sponsored field trip'

/** How a student tends to attend: chances per day of each kind of exception. */
interface Habit {
  absence: number
  unexcusedShare: number
  partial: number
  early: number
  tardy: number
  fieldTrip: number
  periodTardy: number
  periodCut: number
  periodPulledOut: number
}

/** What happened on one day, before it is written as a daily event and period events. */
interface Day {
  category: Category
  reason: string | null
  /** Minutes missed: late by, left early by, or the whole day. */
  minutes: number
  /** A partial day is a late arrival or an early departure. */
  arrivedLate: boolean
}

function clock(minutes: number): string {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`
}

/** A v4 uuid from four draws: faker's own uuid costs ten times more, and there are millions. */
function uuidOf(random: Random): string {
  let hex = ''
  for (let i = 0; i < 4; i++) hex += random.number.int({ min: 0, max: 0xffff_ffff }).toString(16).padStart(8, '0')
  const variant = '89ab'[Number.parseInt(hex.charAt(16), 16) & 3] ?? '8'
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

function habitOf(random: Random, student: PlannedStudent): Habit {
  const band = weighted(random, [['steady', 75], ['occasional', 13], ['chronic', 12]] as const)
  const secondary = student.gradeLevel >= 6
  // Chances that an absence starts on a given day; illnesses run on for a day or two, which
  // adds about a fifth, so the bands land near 97%, 94% and 85% of days attended.
  const absence =
    band === 'steady'
      ? random.number.float({ min: 0, max: 0.028 })
      : band === 'occasional'
        ? random.number.float({ min: 0.035, max: 0.065 })
        : random.number.float({ min: 0.09, max: 0.2 })
  const lateProne = random.datatype.boolean(0.1)
  return {
    absence,
    unexcusedShare: band === 'steady' ? 0.2 : band === 'occasional' ? 0.35 : 0.6,
    partial: random.number.float({ min: 0, max: 0.012 }),
    early: random.number.float({ min: 0, max: 0.015 }),
    tardy: lateProne ? random.number.float({ min: 0.05, max: 0.15 }) : random.number.float({ min: 0, max: 0.03 }),
    fieldTrip: 0.004,
    periodTardy: secondary ? random.number.float({ min: 0, max: lateProne ? 0.03 : 0.008 }) : 0,
    periodCut: secondary && band === 'chronic' ? random.number.float({ min: 0.003, max: 0.015 }) : secondary ? 0.0005 : 0,
    periodPulledOut: secondary ? 0.002 : 0,
  }
}

const ILL: Day = { category: 'Excused Absence', reason: 'Illness', minutes: DAY_MINUTES, arrivedLate: false }

/**
 * The named children's days, counted back from the last day seeded, each child their own: every
 * category shows in the recent events of one of them, and the days their families wrote to a
 * teacher about (messaging's seed) are days they were away. Their other days are present.
 */
const SCRIPTED: Record<'leo' | 'maya' | 'noah' | 'jordan', ReadonlyArray<readonly [daysBack: number, Day]>> = {
  leo: [
    [1, { category: 'Tardy', reason: 'Overslept', minutes: 12, arrivedLate: true }],
    [3, { category: 'In Attendance', reason: LATE_BUS, minutes: 9, arrivedLate: true }],
    [5, { category: 'Early departure', reason: 'Medical appointment', minutes: 95, arrivedLate: false }],
    [8, { category: 'Partial', reason: 'Dental appointment', minutes: 170, arrivedLate: true }],
    [12, { category: 'Unexcused Absence', reason: 'No note from guardian', minutes: DAY_MINUTES, arrivedLate: false }],
    [18, ILL],
    [19, ILL],
    [26, { category: 'In Attendance', reason: FIELD_TRIP, minutes: 0, arrivedLate: false }],
  ],
  // Home ill for two days twelve school days ago (her family's thread with her teacher is about
  // it); the same kinds of day as Leo's over the term, on other days and for other reasons.
  maya: [
    [2, { category: 'Tardy', reason: 'Traffic', minutes: 7, arrivedLate: true }],
    [7, { category: 'In Attendance', reason: LATE_BUS, minutes: 6, arrivedLate: true }],
    [11, ILL],
    [12, ILL],
    [16, { category: 'Partial', reason: 'Medical appointment', minutes: 150, arrivedLate: true }],
    [19, { category: 'Unexcused Absence', reason: 'Family vacation', minutes: DAY_MINUTES, arrivedLate: false }],
    [21, { category: 'Early departure', reason: 'Dental appointment', minutes: 60, arrivedLate: false }],
    [33, { category: 'In Attendance', reason: FIELD_TRIP, minutes: 0, arrivedLate: false }],
  ],
  noah: [
    [4, { category: 'Tardy', reason: 'Missed the bus', minutes: 15, arrivedLate: true }],
    [9, { category: 'Unexcused Absence', reason: 'No note from guardian', minutes: DAY_MINUTES, arrivedLate: false }],
    [15, ILL],
    [23, { category: 'Partial', reason: 'Medical appointment', minutes: 150, arrivedLate: true }],
  ],
  jordan: [
    [2, { category: 'Tardy', reason: 'Overslept', minutes: 20, arrivedLate: true }],
    [7, { category: 'Tardy', reason: 'Traffic', minutes: 10, arrivedLate: true }],
    [14, { category: 'Excused Absence', reason: 'Medical appointment', minutes: DAY_MINUTES, arrivedLate: false }],
    [17, { category: 'Early departure', reason: 'Family emergency', minutes: 80, arrivedLate: false }],
    [29, { category: 'Unexcused Absence', reason: 'Overslept', minutes: DAY_MINUTES, arrivedLate: false }],
  ],
}

const record = (facts: Map<string, string[]>, studentId: string, date: string) => {
  const list = facts.get(studentId)
  if (list) list.push(date)
  else facts.set(studentId, [date])
}

export async function seedAttendance(loader: SeedLoader, plan: DistrictPlan, progress: SeedProgress): Promise<void> {
  const random = createRandom('attendance')
  const taken = new Set(plan.daysSoFar)
  const instructional = new Set(plan.instructionalDays)

  const calendar: Array<typeof t.calendarDates.$inferInsert> = []
  for (const school of plan.schools) {
    for (const date of plan.calendar.teacherOnlyDays) {
      calendar.push({ id: uuidOf(random), schoolId: school.id, date, calendarEvent: 'Teacher only day', attendanceTaken: false })
    }
    for (let date: string = plan.calendar.term.beginDate; date <= plan.calendar.term.endDate; date = addDays(date, 1)) {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay()
      if (weekday === 0 || weekday === 6) continue
      calendar.push({
        id: uuidOf(random),
        schoolId: school.id,
        date,
        calendarEvent: !instructional.has(date) ? 'Holiday' : plan.calendar.earlyReleaseDays.has(date) ? 'Student late arrival/early dismissal' : 'Instructional day',
        attendanceTaken: taken.has(date),
      })
    }
  }
  await loader.load(t.calendarDates, calendar)
  await loader.load(
    t.studentSchoolAssociations,
    plan.students.map((s) => ({ id: uuidOf(random), studentId: s.id, schoolId: s.schoolId, entryDate: plan.calendar.term.beginDate, exitWithdrawDate: null })),
  )
  const sectionById = new Map(plan.sections.map((s) => [s.id, s]))
  const periodsOf = new Map<string, Array<{ sectionId: string; period: number }>>()
  const roster: Array<typeof t.studentSectionAssociations.$inferInsert> = []
  for (const e of plan.enrolments) {
    const section = sectionById.get(e.sectionId)
    if (!section) throw new Error(`Enrolment ${e.id} names a section the plan does not hold.`)
    // The roster keeps academics' enrolment id: it is the same association, synced.
    roster.push({ id: e.id, studentId: e.studentId, sectionId: e.sectionId, schoolId: section.schoolId, period: section.period, beginDate: plan.calendar.term.beginDate, endDate: null })
    if (section.period === null) continue
    const list = periodsOf.get(e.studentId) ?? []
    list.push({ sectionId: section.id, period: section.period })
    periodsOf.set(e.studentId, list)
  }
  for (const list of periodsOf.values()) list.sort((a, b) => a.period - b.period)
  await loader.load(t.studentSectionAssociations, roster)
  progress(`attendance: calendars of ${plan.schools.length} schools and rosters of ${plan.students.length} students`)

  const schoolById = new Map(plan.schools.map((s) => [s.id, s]))
  const days = plan.daysSoFar
  const scriptOf = (script: ReadonlyArray<readonly [number, Day]>) => {
    const byDate = new Map<string, Day>()
    for (const [back, day] of script) {
      const date = days[days.length - 1 - back]
      if (date) byDate.set(date, day)
    }
    return byDate
  }
  const scripts = new Map<string, Map<string, Day>>([
    [plan.named.demoStudent, scriptOf(SCRIPTED.leo)],
    [plan.named.demoElementaryChild, scriptOf(SCRIPTED.maya)],
    [plan.named.restrictedStudent, scriptOf(SCRIPTED.noah)],
    [plan.named.adultStudent, scriptOf(SCRIPTED.jordan)],
  ])

  let daily: DailyEvent[] = []
  let periods: SectionEvent[] = []
  let done = 0
  const flush = async (force: boolean) => {
    if (!force && daily.length + periods.length < FLUSH_ROWS) return
    await loader.load(t.studentSchoolAttendanceEvents, daily)
    await loader.load(t.studentSectionAttendanceEvents, periods)
    daily = []
    periods = []
    progress(`attendance: events of ${done} of ${plan.students.length} students`)
  }

  for (const student of plan.students) {
    const school = schoolById.get(student.schoolId)
    if (!school) throw new Error(`Student ${student.id} attends a school the plan does not hold.`)
    const firstBell = FIRST_BELL[school.category]
    const lastBell = firstBell + DAY_MINUTES
    const classes = periodsOf.get(student.id) ?? []
    const habit = habitOf(random, student)
    const scripted = scripts.get(student.id)
    const isNamed = scripted !== undefined
    let illness = 0

    const drawDay = (): Day | undefined => {
      if (illness > 0) {
        illness--
        return { category: 'Excused Absence', reason: 'Illness', minutes: DAY_MINUTES, arrivedLate: false }
      }
      let roll = random.number.float()
      if ((roll -= habit.absence) < 0) {
        const excused = !random.datatype.boolean(habit.unexcusedShare)
        const reason = excused ? weighted(random, EXCUSED_REASONS) : weighted(random, UNEXCUSED_REASONS)
        // An illness often keeps a child home for a few days running.
        if (reason === 'Illness') illness = weighted(random, [[0, 60], [1, 28], [2, 12]] as const)
        return { category: excused ? 'Excused Absence' : 'Unexcused Absence', reason, minutes: DAY_MINUTES, arrivedLate: false }
      }
      if ((roll -= habit.partial) < 0) {
        return { category: 'Partial', reason: weighted(random, PARTIAL_REASONS), minutes: random.number.int({ min: 120, max: 240 }), arrivedLate: random.datatype.boolean(0.6) }
      }
      if ((roll -= habit.early) < 0) {
        return { category: 'Early departure', reason: weighted(random, EARLY_REASONS), minutes: random.number.int({ min: 30, max: 110 }), arrivedLate: false }
      }
      if ((roll -= habit.tardy) < 0) {
        const minutes = random.number.int({ min: 3, max: 40 })
        // About one tardy in ten is the bus's fault: the office records the student present.
        if (random.datatype.boolean(0.1)) return { category: 'In Attendance', reason: LATE_BUS, minutes, arrivedLate: true }
        return { category: 'Tardy', reason: weighted(random, TARDY_REASONS), minutes, arrivedLate: true }
      }
      if ((roll -= habit.fieldTrip) < 0) return { category: 'In Attendance', reason: FIELD_TRIP, minutes: 0, arrivedLate: false }
      return undefined
    }

    for (const date of days) {
      const drawn = drawDay()
      const day = scripted ? scripted.get(date) : drawn
      if (day?.reason === 'Illness' && day.category === 'Excused Absence') record(plan.facts.sickDays, student.id, date)
      if (day && day.category !== 'In Attendance') record(plan.facts.awayDays, student.id, date)
      if (day) {
        const arrival = day.arrivedLate ? firstBell + day.minutes : undefined
        const departure = !day.arrivedLate && (day.category === 'Early departure' || day.category === 'Partial') ? lastBell - day.minutes : undefined
        daily.push({
          id: uuidOf(random),
          studentId: student.id,
          schoolId: school.id,
          eventDate: date,
          attendanceEventCategory: day.category,
          attendanceEventReason: day.reason,
          durationMinutes: day.category === 'In Attendance' ? null : day.minutes,
          arrivalTime: arrival === undefined ? null : clock(arrival),
          departureTime: departure === undefined ? null : clock(departure),
        })
        for (const { sectionId, period } of classes) {
          const start = firstBell + (period - 1) * PERIOD_STRIDE
          const end = start + PERIOD_MINUTES
          const event = periodEvent(day, start, end, arrival, departure)
          if (event) periods.push({ id: uuidOf(random), studentId: student.id, sectionId, eventDate: date, period, ...event })
        }
        continue
      }
      // A day present: a period may still be late, cut, or interrupted.
      for (const { sectionId, period } of classes) {
        let roll = random.number.float()
        const start = firstBell + (period - 1) * PERIOD_STRIDE
        let event: PeriodEvent | undefined
        if ((roll -= habit.periodTardy) < 0) {
          const minutes = random.number.int({ min: 2, max: 15 })
          event = { attendanceEventCategory: 'Tardy', attendanceEventReason: null, durationMinutes: minutes, arrivalTime: clock(start + minutes), departureTime: null }
        } else if ((roll -= habit.periodCut) < 0) {
          event = { attendanceEventCategory: 'Unexcused Absence', attendanceEventReason: 'Skipped class', durationMinutes: PERIOD_MINUTES, arrivalTime: null, departureTime: null }
        } else if ((roll -= habit.periodPulledOut) < 0) {
          const reason = weighted(random, PULLED_OUT_REASONS)
          event = { attendanceEventCategory: 'Partial', attendanceEventReason: reason, durationMinutes: random.number.int({ min: 15, max: 40 }), arrivalTime: null, departureTime: null }
        }
        if (event) periods.push({ id: uuidOf(random), studentId: student.id, sectionId, eventDate: date, period, ...event })
      }
    }
    if (isNamed && classes[2]) {
      // A named secondary student is also pulled out of one class, so a period shows 'Partial'.
      const date = days[Math.max(0, days.length - 1 - 10)] ?? plan.calendar.term.beginDate
      periods.push({
        id: uuidOf(random),
        studentId: student.id,
        sectionId: classes[2].sectionId,
        eventDate: date,
        period: classes[2].period,
        attendanceEventCategory: 'Partial',
        attendanceEventReason: 'Counselor appointment',
        durationMinutes: 25,
        arrivalTime: null,
        departureTime: null,
      })
    }
    done++
    await flush(false)
  }
  await flush(true)
  await seedAbsenceNotices(loader, plan)
}

/**
 * demo.guardian's notice of Leo's orthodontist appointment on a school day after the seeded
 * data's last day, awaiting the school's review. Its own random stream, so the rows above stay
 * as they were before notices existed.
 */
async function seedAbsenceNotices(loader: SeedLoader, plan: DistrictPlan): Promise<void> {
  const random = createRandom('attendance:notices')
  const leo = plan.students.find((s) => s.id === plan.named.demoStudent)
  // A week or so ahead: at the end of the term (a summer seed), the term's last school day.
  const ahead = plan.instructionalDays.filter((day) => day > plan.asOf)
  const date = ahead[Math.min(5, ahead.length - 1)]
  if (!leo) throw new Error('The plan has no demo student.')
  if (!date) return
  await loader.db.insert(t.absenceNotices).values({
    id: uuidOf(random),
    studentId: leo.id,
    schoolId: leo.schoolId,
    date,
    reason: 'Medical appointment',
    note: 'Leo has an orthodontist appointment across town and will miss the whole day.',
    status: 'Pending',
    submittedBy: plan.named.demoGuardian,
    submittedAt: new Date(`${plan.asOf}T19:42:00Z`),
  })
}

/** How a day's exception shows in one class period that runs `start`–`end` (minutes of the day). */
function periodEvent(
  day: Day,
  start: number,
  end: number,
  arrival: number | undefined,
  departure: number | undefined,
): PeriodEvent | undefined {
  const whole = { attendanceEventReason: day.reason, durationMinutes: end - start, arrivalTime: null, departureTime: null }
  if (day.category === 'Excused Absence' || day.category === 'Unexcused Absence') return { ...whole, attendanceEventCategory: day.category }
  // Classes wholly missed by a late arrival or an early departure are absences, excused when
  // the day's reason is (a medical appointment); the class in progress is late or left early.
  const absence: Category = day.category === 'Tardy' ? 'Unexcused Absence' : 'Excused Absence'
  if (arrival !== undefined) {
    if (arrival >= end) return { ...whole, attendanceEventCategory: absence }
    if (arrival > start) {
      const category: Category = day.category === 'In Attendance' ? 'In Attendance' : 'Tardy'
      return { attendanceEventCategory: category, attendanceEventReason: day.reason, durationMinutes: arrival - start, arrivalTime: clock(arrival), departureTime: null }
    }
    return undefined
  }
  if (departure !== undefined) {
    if (departure <= start) return { ...whole, attendanceEventCategory: 'Excused Absence' }
    if (departure < end) {
      return { attendanceEventCategory: 'Early departure', attendanceEventReason: day.reason, durationMinutes: end - departure, arrivalTime: null, departureTime: clock(departure) }
    }
    return undefined
  }
  // Away on a school activity: every class records the student present, with the reason.
  if (day.category === 'In Attendance') return { ...whole, attendanceEventCategory: 'In Attendance', durationMinutes: null }
  return undefined
}
