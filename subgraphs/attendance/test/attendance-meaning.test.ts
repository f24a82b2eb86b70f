/**
 * attendance in the family's language (issue 10): demo.guardian chooses each district language in
 * turn, and ChildDashboard answers every attendance label, the chronic-absence explanation and
 * what the family can do in the catalogue's words for the rows — none of them left in English —
 * with the share of days absent measured against the district's 10% line, counted from the rows.
 */
import fs from 'node:fs'
import { randomUUID } from 'node:crypto'
import { and, desc, eq, lte } from 'drizzle-orm'
import { Kind } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as attendance from '../db/schema.ts'
import { addDays, DISTRICT_LANGUAGES, isoToday, type DistrictLanguage } from '../../../lib/contract/index.ts'
import type { ChildDashboardQuery, FamilyDashboardQuery } from '../../../schema/generated/graphql.ts'
import { CHRONIC_ABSENCE, chronicAbsenceExplanation, chronicAbsenceHelp } from '../chronic-absence.ts'
import { ABSENCE_NOTICE_REASON, ABSENCE_NOTICE_STATUS, ATTENDANCE_EVENT_CATEGORY } from '../enums.ts'
import { attendance as attendanceSubgraph } from '../server.ts'
import { loadMessages } from '../../kit/index.ts'
import { countedDays } from '../../../test/support/attendance.ts'
import { childrenOf, one } from '../../../test/support/people.ts'
import { setLanguage, stringLeaves } from '../../../test/support/languages.ts'
import { startTestSystem, type TestSystem } from '../../../test/support/system.ts'
import { calendarOf } from '../../../test/support/time.ts'

const operation = (name: string) => fs.readFileSync(`schema/operations/${name}.graphql`, 'utf8')
const CHILD = operation('ChildDashboard')
const FAMILY = operation('FamilyDashboard')

/** attendance's catalogues, read from the same JSON files the subgraph loads. */
const WORDS = loadMessages(new URL('../messages/', import.meta.url))
const LANGUAGES = DISTRICT_LANGUAGES.map((l) => l.tag)
const CATEGORIES = attendance.attendanceEventCategory.enumValues
const label = (language: DistrictLanguage, enumName: string, value: string) => WORDS.format(language, `enum.${enumName}.${value}`)

/** A summary of `halfDays` half-days absent over `days` days enrolled. */
const summary = (halfDaysAbsent: number, daysEnrolled: number) => ({ studentId: 'student', halfDaysAbsent, daysEnrolled })

describe("attendance's catalogue", () => {
  it('gives words to every value of every enum the subgraph serves', () => {
    const keys = attendanceSubgraph.typeDefs.definitions.flatMap((d) =>
      d.kind === Kind.ENUM_TYPE_DEFINITION ? (d.values ?? []).map((v) => `enum.${d.name.value}.${v.name.value}`) : [],
    )
    expect(keys.length).toBe(26)
    expect(keys.filter((key) => !WORDS.has(key))).toStrictEqual([])
  })
})

describe('chronic absence, worked out by hand', () => {
  it('under the line: the days, the share and the line in days, in English and Spanish', () => {
    // 3.5 of 67 days is 5%; 10% of 67 is 6.7, so 7 whole days reach the line.
    expect(chronicAbsenceExplanation('en', summary(7, 67))).toBe(
      'Your child has missed 3.5 days of 67 school days so far this term (5%). Missing 10% of school days or more, excused or not (about 7 days so far), is chronic absence, which makes learning harder.',
    )
    expect(chronicAbsenceExplanation('es', summary(7, 67))).toBe(
      'Su hijo(a) ha faltado 3.5 días de 67 días de clases en lo que va del período (5%). Faltar el 10% de los días de clases o más, con o sin justificación (unos 7 días hasta ahora), es ausentismo crónico, que dificulta el aprendizaje.',
    )
  })

  it('the singular: one day of one, and the line one day away', () => {
    expect(chronicAbsenceExplanation('en', summary(0, 1))).toBe(
      'Your child has missed 0 days of 1 school day so far this term (0%). Missing 10% of school days or more, excused or not (about 1 day so far), is chronic absence, which makes learning harder.',
    )
    expect(chronicAbsenceExplanation('es', summary(2, 1))).toBe(
      'Su hijo(a) ha faltado 1 día de 1 día de clases en lo que va del período (100%). Eso es ausentismo crónico: faltar el 10% de los días de clases o más, con o sin justificación, dificulta el aprendizaje.',
    )
  })

  it('exactly at the line is chronic (7 of 70 days), with no rounding in between', () => {
    expect(chronicAbsenceExplanation('en', summary(14, 70))).toBe(
      'Your child has missed 7 days of 70 school days so far this term (10%). That is chronic absence: missing 10% of school days or more, excused or not, makes learning harder.',
    )
    // Arabic: seven is "few" (أيام), seventy "many" (يومًا دراسيًا).
    expect(chronicAbsenceExplanation('ar', summary(14, 70))).toBe(
      'تغيّب طفلك 7 أيام من أصل 70 يومًا دراسيًا حتى الآن في هذا الفصل الدراسي (10\u200e%\u200e). وهذا غياب مزمن: التغيب عن 10\u200e%\u200e من الأيام الدراسية أو أكثر، بعذر أو بدون عذر، يجعل التعلم أصعب.',
    )
  })

  it('says what the family can do from half the line on, and more over it', () => {
    expect([summary(0, 67), summary(6, 67), summary(7, 70), summary(7, 67), summary(13, 67), summary(14, 70)].map((s) => chronicAbsenceHelp('en', s))).toStrictEqual([
      null,
      null,
      WORDS.format('en', 'chronicAbsence.help.near'),
      WORDS.format('en', 'chronicAbsence.help.near'),
      WORDS.format('en', 'chronicAbsence.help.near'),
      "Talk with your child's teacher or the school office about support to help your child come to school every day. When your child has to stay home, report the absence in the portal.",
    ])
  })
})

let t: TestSystem
beforeAll(async () => {
  // The language travels in the viewer's scope: with no cache, each request reads the new choice.
  t = await startTestSystem({ writable: 'attendance-meaning', env: { SCOPE_CACHE_SECONDS: '0' } })
})
afterAll(() => t.close())

type Child = NonNullable<ChildDashboardQuery['student']>

/** The attendance words (and the chronic-absence numbers) a ChildDashboard answers. */
function wordsOf(student: Child) {
  return {
    calendar: Object.fromEntries((student.calendar ?? []).map((d) => [d.date, d.eventLabel])),
    totals: student.attendance?.totals.map((x) => x.categoryLabel),
    recentEvents: student.attendance?.recentEvents.map((e) => e.categoryLabel),
    chronicAbsence: student.attendance?.chronicAbsence,
    notices: Object.fromEntries((student.absenceNotices ?? []).map((n) => [n.id, [n.reasonLabel, n.statusLabel]])),
  }
}
type Words = ReturnType<typeof wordsOf>

/** Days enrolled and days absent, counted from the rows as attendance.test.ts counts them. */
async function daysOf(studentId: string) {
  const db = t.db('attendance')
  const enrolment = one(await db.select().from(attendance.studentSchoolAssociations).where(eq(attendance.studentSchoolAssociations.studentId, studentId)), 'school enrolment')
  const counted = new Set(await countedDays(db, enrolment))
  const daily = (await db.select().from(attendance.studentSchoolAttendanceEvents).where(eq(attendance.studentSchoolAttendanceEvents.studentId, studentId))).filter((e) =>
    counted.has(e.eventDate),
  )
  const count = (category: string) => daily.filter((e) => e.attendanceEventCategory === category).length
  return { enrolment, counted, daysEnrolled: counted.size, daysAbsent: count('Excused Absence') + count('Unexcused Absence') + count('Partial') / 2 }
}

/** What the words must be in `language`: the catalogue's message for the values the rows hold. */
async function expectedWords(studentId: string, language: DistrictLanguage): Promise<Words> {
  const db = t.db('attendance')
  const today = isoToday()
  const calendar = await calendarOf(db, studentId, today, addDays(today, 13))
  const d = attendance.studentSchoolAttendanceEvents
  const s = attendance.studentSectionAttendanceEvents
  const daily = await db.select().from(d).where(and(eq(d.studentId, studentId), lte(d.eventDate, today)))
  const classes = await db.select().from(s).where(and(eq(s.studentId, studentId), lte(s.eventDate, today)))
  const recent = [...daily.map((e) => ({ ...e, period: null })), ...classes]
    .sort((a, b) => b.eventDate.localeCompare(a.eventDate) || (a.period ?? 0) - (b.period ?? 0) || a.id.localeCompare(b.id))
    .slice(0, 5)
  const notices = await db.select().from(attendance.absenceNotices).where(eq(attendance.absenceNotices.studentId, studentId)).orderBy(desc(attendance.absenceNotices.date))
  const { daysEnrolled, daysAbsent } = await daysOf(studentId)
  const absentShare = daysAbsent / daysEnrolled
  const isChronic = absentShare >= 0.1
  const values = { absent: daysAbsent, enrolled: daysEnrolled, share: absentShare, line: 0.1, lineDays: Math.ceil(0.1 * daysEnrolled - 1e-9) }
  return {
    calendar: Object.fromEntries(calendar.map((day) => [day.date, label(language, 'CalendarEvent', day.event)])),
    totals: CATEGORIES.map((c) => label(language, 'AttendanceEventCategory', ATTENDANCE_EVENT_CATEGORY[c])),
    recentEvents: recent.map((e) => label(language, 'AttendanceEventCategory', ATTENDANCE_EVENT_CATEGORY[e.attendanceEventCategory])),
    chronicAbsence: {
      line: 0.1,
      absentShare,
      isChronic,
      explanation: WORDS.format(language, isChronic ? 'chronicAbsence.chronic' : 'chronicAbsence.under', values),
      whatYouCanDo: isChronic
        ? WORDS.format(language, 'chronicAbsence.help.chronic')
        : absentShare >= 0.05
          ? WORDS.format(language, 'chronicAbsence.help.near')
          : null,
    },
    notices: Object.fromEntries(
      notices.map((n) => [n.id, [label(language, 'AbsenceNoticeReason', ABSENCE_NOTICE_REASON[n.reason]), label(language, 'AbsenceNoticeStatus', ABSENCE_NOTICE_STATUS[n.status])]]),
    ),
  }
}

/** Every string in `value`, by its path. */
async function dashboardOf(studentId: string) {
  const response = await t.query<ChildDashboardQuery>({ login: 'demo.guardian' }, CHILD, { studentId })
  expect(response.body.errors).toBeUndefined()
  const student = response.body.data?.student
  if (!student) throw new Error('No dashboard.')
  return student
}

describe("demo.guardian's attendance in each district language", () => {
  const answered = new Map<string, Words>()

  it.each(LANGUAGES)('%s: ChildDashboard answers every attendance label and explanation in the catalogue’s words for the rows', async (language) => {
    expect((await setLanguage(t, language)).body).toStrictEqual({ data: { setPreferredLanguage: { viewer: { id: await t.personId('demo.guardian'), preferredLanguage: language } } } })
    const children = await childrenOf(t, 'demo.guardian')
    expect(children.map((c) => c.firstName)).toStrictEqual(['Maya', 'Leo'])
    for (const child of children) {
      const words = wordsOf(await dashboardOf(child.id))
      expect(words).toStrictEqual(await expectedWords(child.id, language))
      answered.set(`${language}:${child.firstName}`, words)
    }
  })

  it.each(LANGUAGES.filter((language) => language !== 'en'))('%s: leaves none of them in English', (language) => {
    for (const child of ['Maya', 'Leo']) {
      const english = new Map(stringLeaves(answered.get(`en:${child}`)))
      const words = stringLeaves(answered.get(`${language}:${child}`))
      // The calendar's 14 days, six totals, the recent events and the two sentences at least.
      expect(words.length).toBe(english.size)
      expect(words.length).toBeGreaterThan(20)
      expect(words.filter(([path, value]) => english.get(path) === value)).toStrictEqual([])
    }
  })

  it.each(LANGUAGES)('%s: FamilyDashboard answers the same chronic-absence words and notice labels', async (language) => {
    await setLanguage(t, language)
    const response = await t.query<FamilyDashboardQuery>({ login: 'demo.guardian' }, FAMILY)
    expect(response.body.errors).toBeUndefined()
    expect(
      response.body.data?.me.children.map((c) => [
        c.firstName,
        { chronic: c.attendance?.chronicAbsence, notices: Object.fromEntries((c.absenceNotices ?? []).map((n) => [n.id, [n.reasonLabel, n.statusLabel]])) },
      ]),
    ).toStrictEqual(
      ['Leo', 'Maya'].map((name) => {
        const words = answered.get(`${language}:${name}`)
        const chronic = words?.chronicAbsence
        return [name, { chronic: chronic && { isChronic: chronic.isChronic, explanation: chronic.explanation, whatYouCanDo: chronic.whatYouCanDo }, notices: words?.notices }]
      }),
    )
  })
})

describe("Maya's days absent against the 10% line", () => {
  const maya = async () => one((await childrenOf(t, 'demo.guardian')).filter((c) => c.firstName === 'Maya'), 'Maya').id

  it('agrees with daysAbsent and rate, in English', async () => {
    await setLanguage(t, 'en')
    const attendanceOf = (await dashboardOf(await maya())).attendance
    // 3.5 days of 67 (5.2%): near the line, not over it.
    expect(attendanceOf?.chronicAbsence).toStrictEqual({
      line: CHRONIC_ABSENCE.line,
      absentShare: 3.5 / 67,
      isChronic: false,
      explanation:
        'Your child has missed 3.5 days of 67 school days so far this term (5%). Missing 10% of school days or more, excused or not (about 7 days so far), is chronic absence, which makes learning harder.',
      whatYouCanDo:
        'Your child is getting close to chronic absence. If something makes it hard to come to school, talk with the school: they can help. When your child has to stay home, report the absence in the portal.',
    })
    expect(attendanceOf?.chronicAbsence?.absentShare).toBe((attendanceOf?.daysAbsent ?? NaN) / (attendanceOf?.daysEnrolled ?? NaN))
  })

  it('crosses the line when the absences recorded reach 10% of the days counted', async () => {
    const studentId = await maya()
    const { enrolment, counted } = await daysOf(studentId)
    const d = attendance.studentSchoolAttendanceEvents
    const recorded = new Set((await t.db('attendance').select({ date: d.eventDate }).from(d).where(eq(d.studentId, studentId))).map((e) => e.date))
    const free = [...counted].filter((day) => !recorded.has(day)).sort()
    const absent = async (date: string | undefined, category: 'Unexcused Absence' | 'Partial') => {
      if (!date) throw new Error('No free school day left.')
      await t.db('attendance').insert(d).values({ id: randomUUID(), studentId, schoolId: enrolment.schoolId, eventDate: date, attendanceEventCategory: category })
    }
    const chronic = async () => {
      const a = (await dashboardOf(studentId)).attendance
      return { daysAbsent: a?.daysAbsent, isChronic: a?.chronicAbsence?.isChronic, absentShare: a?.chronicAbsence?.absentShare }
    }
    // Three more days: 6.5 of 67 (9.7%), still under the line.
    for (const date of free.slice(0, 3)) await absent(date, 'Unexcused Absence')
    expect(await chronic()).toStrictEqual({ daysAbsent: 6.5, isChronic: false, absentShare: 6.5 / 67 })
    // Half a day more: 7 of 67 (10.4%), over it.
    await absent(free[3], 'Partial')
    expect(await chronic()).toStrictEqual({ daysAbsent: 7, isChronic: true, absentShare: 7 / 67 })
    expect((await dashboardOf(studentId)).attendance?.chronicAbsence?.whatYouCanDo).toBe(WORDS.format('en', 'chronicAbsence.help.chronic'))
  })
})
