/**
 * The week: today's classes (period, room, teacher) and the school calendar of the next two
 * weeks, so a family sees at a glance which days there is no school.
 */
import type { CombinedError } from '@urql/core'
import { defineMessages, formatDate, useLanguage, useMessages } from '../i18n.ts'
import type { DashboardChild } from '../routes.ts'
import { Area, ListOr, Problem, partError } from './area.tsx'

const messages = defineMessages({
  en: {
    title: 'Schedule and calendar',
    today: 'Today’s classes',
    noClasses: 'No classes today.',
    period: (period: number) => `Period ${period}`,
    room: (room: string) => `Room ${room}`,
    calendar: 'The next two weeks',
    noCalendar: 'The school calendar has no days listed for the next two weeks.',
  },
  es: {
    title: 'Horario y calendario',
    today: 'Clases de hoy',
    noClasses: 'Hoy no hay clases.',
    period: (period: number) => `${period}.º período`,
    room: (room: string) => `Salón ${room}`,
    calendar: 'Las próximas dos semanas',
    noCalendar: 'El calendario escolar no tiene días para las próximas dos semanas.',
  },
  vi: {
    title: 'Thời khóa biểu và lịch',
    today: 'Các lớp hôm nay',
    noClasses: 'Hôm nay không có lớp.',
    period: (period: number) => `Tiết ${period}`,
    room: (room: string) => `Phòng ${room}`,
    calendar: 'Hai tuần tới',
    noCalendar: 'Lịch của trường chưa có ngày nào trong hai tuần tới.',
  },
  so: {
    title: 'Jadwalka iyo kalandarka',
    today: 'Fasallada maanta',
    noClasses: 'Maanta fasal ma jiro.',
    period: (period: number) => `Xiisadda ${period}`,
    room: (room: string) => `Qolka ${room}`,
    calendar: 'Labada toddobaad ee soo socda',
    noCalendar: 'Kalandarka dugsigu ma laha maalmo labada toddobaad ee soo socda.',
  },
  ar: {
    title: 'الجدول والتقويم',
    today: 'حصص اليوم',
    noClasses: 'لا توجد حصص اليوم.',
    period: (period: number) => `الحصة ${period}`,
    room: (room: string) => `الغرفة ${room}`,
    calendar: 'الأسبوعان القادمان',
    noCalendar: 'لا يتضمن تقويم المدرسة أيامًا للأسبوعين القادمين.',
  },
})

export function Schedule({ child, index, error }: { child: DashboardChild; index: number; error: CombinedError | undefined }) {
  const t = useMessages(messages)
  const language = useLanguage()
  const scheduleError = partError(error, child, index, 'schedule')
  const calendarError = partError(error, child, index, 'calendar')
  return (
    <Area id="schedule" title={t.title}>
      <h3>{t.today}</h3>
      {scheduleError ? (
        <Problem title={t.today} error={scheduleError} />
      ) : (
        <ListOr items={child.schedule} empty={t.noClasses}>
          {(c, i) => (
            <li key={i}>
              {c.period !== null && <span class="muted">{t.period(c.period)} · </span>}
              <strong>{c.section.courseTitle}</strong>
              <span class="muted">
                {' · '}
                {t.room(c.room)}
                {c.teachers.map((x) => ` · ${x.staff.displayName}`).join('')}
              </span>
            </li>
          )}
        </ListOr>
      )}
      <h3>{t.calendar}</h3>
      {calendarError ? (
        <Problem title={t.calendar} error={calendarError} />
      ) : (
        <ListOr items={child.calendar} empty={t.noCalendar} class="calendar">
          {(day) => (
            <li key={day.date} class={day.schoolDay ? undefined : 'no-school'}>
              <span class="date">{formatDate(day.date, language)}</span> <span>{day.eventLabel}</span>
            </li>
          )}
        </ListOr>
      )}
    </Area>
  )
}
