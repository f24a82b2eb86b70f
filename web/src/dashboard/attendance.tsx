/**
 * Attendance: the rate this term and what it means against the chronic-absence line, the latest
 * events, and the family's absence notices with where the school's review stands.
 */
import type { CombinedError } from '@urql/core'
import { defineMessages, formatDate, formatNumber, formatPercent, useLanguage, useMessages } from '../i18n.ts'
import { href, type DashboardChild } from '../routes.ts'
import { Area, ListOr, Problem, partError } from './area.tsx'

const messages = defineMessages({
  en: {
    title: 'Attendance',
    rate: (rate: string) => `Attended ${rate} of school days this term`,
    daysAbsent: (days: string) => `Days absent: ${days}`,
    noneCounted: 'No school days have been counted yet this term.',
    noRecord: 'The school has no attendance record for this child yet.',
    recent: 'Latest records',
    noRecent: 'Nothing recorded lately.',
    notices: 'Absence notices',
    noNotices: 'You have not sent any absence notices.',
    report: 'Report an absence',
  },
  es: {
    title: 'Asistencia',
    rate: (rate: string) => `Asistió al ${rate} de los días de clases de este período`,
    daysAbsent: (days: string) => `Días de ausencia: ${days}`,
    noneCounted: 'Todavía no se ha contado ningún día de clases en este período.',
    noRecord: 'La escuela todavía no tiene registro de asistencia de este niño o niña.',
    recent: 'Últimos registros',
    noRecent: 'No hay nada registrado últimamente.',
    notices: 'Avisos de ausencia',
    noNotices: 'No ha enviado ningún aviso de ausencia.',
    report: 'Avisar de una ausencia',
  },
  vi: {
    title: 'Chuyên cần',
    rate: (rate: string) => `Đã đi học ${rate} số ngày học trong học kỳ này`,
    daysAbsent: (days: string) => `Số ngày vắng: ${days}`,
    noneCounted: 'Học kỳ này chưa tính ngày học nào.',
    noRecord: 'Nhà trường chưa có hồ sơ chuyên cần của học sinh này.',
    recent: 'Ghi nhận gần đây',
    noRecent: 'Gần đây không có ghi nhận nào.',
    notices: 'Thông báo vắng mặt',
    noNotices: 'Quý vị chưa gửi thông báo vắng mặt nào.',
    report: 'Báo vắng mặt',
  },
  so: {
    title: 'Imaanshaha',
    rate: (rate: string) => `Wuxuu yimid ${rate} maalmaha dugsiga xilligan`,
    daysAbsent: (days: string) => `Maalmaha maqnaanshaha: ${days}`,
    noneCounted: 'Xilligan weli maalin dugsi lama tirin.',
    noRecord: 'Dugsigu weli ma hayo diiwaan imaansho oo ardaygan ah.',
    recent: 'Diiwaannadii ugu dambeeyay',
    noRecent: 'Dhowaan waxba lama diiwaangelin.',
    notices: 'Ogeysiisyada maqnaanshaha',
    noNotices: 'Weli ma dirin ogeysiis maqnaansho.',
    report: 'Soo sheeg maqnaansho',
  },
  ar: {
    title: 'الحضور',
    rate: (rate: string) => `حضر ${rate} من أيام الدراسة في هذا الفصل الدراسي`,
    daysAbsent: (days: string) => `أيام الغياب: ${days}`,
    noneCounted: 'لم يُحتسب أي يوم دراسي بعد في هذا الفصل الدراسي.',
    noRecord: 'ليس لدى المدرسة سجل حضور لهذا الطفل بعد.',
    recent: 'آخر السجلات',
    noRecent: 'لم يُسجَّل شيء مؤخرًا.',
    notices: 'إشعارات الغياب',
    noNotices: 'لم ترسل أي إشعار غياب.',
    report: 'الإبلاغ عن غياب',
  },
})

export function Attendance({ child, index, error }: { child: DashboardChild; index: number; error: CombinedError | undefined }) {
  const t = useMessages(messages)
  const language = useLanguage()
  const attendance = child.attendance
  const noticesError = partError(error, child, index, 'absenceNotices')
  const summaryError = partError(error, child, index, 'attendance')
  return (
    <Area id="attendance" title={t.title} error={summaryError && noticesError}>
      {summaryError ? (
        <Problem title={t.title} error={summaryError} />
      ) : !attendance ? (
        <p>{t.noRecord}</p>
      ) : (
        <>
          {attendance.rate === null ? (
            <p>{t.noneCounted}</p>
          ) : (
            <p class="figure">
              {t.rate(formatPercent(attendance.rate, language))}. {t.daysAbsent(formatNumber(attendance.daysAbsent, language))}
            </p>
          )}
          {attendance.chronicAbsence && (
            <>
              <p class={attendance.chronicAbsence.isChronic ? 'warning' : undefined}>{attendance.chronicAbsence.explanation}</p>
              {attendance.chronicAbsence.whatYouCanDo && <p class="tip">{attendance.chronicAbsence.whatYouCanDo}</p>}
            </>
          )}
          <h3>{t.recent}</h3>
          <ListOr items={attendance.recentEvents} empty={t.noRecent}>
            {(event, i) => (
              <li key={i}>
                {formatDate(event.date, language)}: {event.categoryLabel}
              </li>
            )}
          </ListOr>
        </>
      )}
      <h3>{t.notices}</h3>
      {noticesError ? (
        <Problem title={t.notices} error={noticesError} />
      ) : (
        <ListOr items={child.absenceNotices} empty={t.noNotices}>
          {(notice) => (
            <li key={notice.id}>
              {formatDate(notice.date, language)}: {notice.reasonLabel} · <span class={`status status-${notice.status.toLowerCase()}`}>{notice.statusLabel}</span>
              {notice.note && <p class="note">{notice.note}</p>}
            </li>
          )}
        </ListOr>
      )}
      <p>
        <a class="action" href={href({ view: 'absence', childId: child.id })}>
          {t.report}
        </a>
      </p>
    </Area>
  )
}
