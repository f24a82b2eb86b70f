/**
 * Telling the school a child is, was or will be away. The day defaults to the next school day of
 * the child's calendar from today (the dashboard holds the next 14 days); the reasons are the
 * graph's `AbsenceNoticeReason`, in the words attendance uses for them. After sending, the notice
 * shows as the school will see it: waiting for review.
 */
import { useState } from 'preact/hooks'
import { useMutation } from '@urql/preact'
import { SubmitAbsenceNoticeDocument, type AbsenceNoticeReason, type SubmitAbsenceNoticeMutation } from '@district-graph/client'
import { defineMessages, formatDate, useLanguage, useMessages } from '../i18n.ts'
import type { DashboardChild } from '../routes.ts'
import { ActView, Confirmation, ErrorMessage, errorKind, localToday, useErrorSentence, useRefreshDashboard } from './common.tsx'

/** The graph's reasons, in the order a family looks for them. */
const REASONS: readonly AbsenceNoticeReason[] = ['ILLNESS', 'MEDICAL_APPOINTMENT', 'FAMILY_EMERGENCY', 'RELIGIOUS_OBSERVANCE', 'BEREAVEMENT', 'COURT_APPEARANCE', 'OTHER']

const NOTE_MAX = 500

// The reason and status words are attendance's own (subgraphs/attendance/messages), so the form and the notice's labels agree.
const words = defineMessages({
  en: {
    title: (child: string) => `Report ${child}’s absence`,
    date: 'Day of the absence',
    dateHint: 'A school day: today, a day ahead, or a past day of this term.',
    reason: 'Reason',
    note: 'Note for the school',
    noteOptional: 'Optional, at most 500 characters.',
    noteRequired: 'Required for “Other reason”: say why. At most 500 characters.',
    send: 'Send the notice',
    sending: 'Sending…',
    noDate: 'Choose the day of the absence.',
    notSchoolDay: (day: string) => `${day} is not a school day in the school’s calendar. Choose a school day.`,
    noteMissing: 'Say in the note why your child is away, since the reason is “Other reason”.',
    noteTooLong: 'The note is longer than 500 characters. Shorten it and try again.',
    badInput: 'The school could not take this notice. Check that the day is a school day of this term, and try again.',
    sent: 'Notice sent',
    sentFor: (day: string, reason: string) => `For ${day}: ${reason}.`,
    another: 'Report another day',
    ILLNESS: 'Illness',
    MEDICAL_APPOINTMENT: 'Medical appointment',
    FAMILY_EMERGENCY: 'Family emergency',
    RELIGIOUS_OBSERVANCE: 'Religious observance',
    BEREAVEMENT: 'Death in the family',
    COURT_APPEARANCE: 'Court appearance',
    OTHER: 'Other reason',
    PENDING: 'Waiting for the school’s review',
    EXCUSED: 'Excused by the school',
    UNEXCUSED: 'Not excused by the school',
  },
  es: {
    title: (child: string) => `Reportar la ausencia de ${child}`,
    date: 'Día de la ausencia',
    dateHint: 'Un día de clases: hoy, un día próximo o un día pasado de este período.',
    reason: 'Motivo',
    note: 'Nota para la escuela',
    noteOptional: 'Opcional, de 500 caracteres como máximo.',
    noteRequired: 'Obligatoria para “Otro motivo”: explique por qué. De 500 caracteres como máximo.',
    send: 'Enviar el aviso',
    sending: 'Enviando…',
    noDate: 'Elija el día de la ausencia.',
    notSchoolDay: (day: string) => `El ${day} no es un día de clases en el calendario de la escuela. Elija un día de clases.`,
    noteMissing: 'Explique en la nota por qué su hijo(a) falta, ya que el motivo es “Otro motivo”.',
    noteTooLong: 'La nota tiene más de 500 caracteres. Acórtela y vuelva a intentarlo.',
    badInput: 'La escuela no pudo recibir este aviso. Revise que el día sea un día de clases de este período y vuelva a intentarlo.',
    sent: 'Aviso enviado',
    sentFor: (day: string, reason: string) => `Para el ${day}: ${reason}.`,
    another: 'Reportar otro día',
    ILLNESS: 'Enfermedad',
    MEDICAL_APPOINTMENT: 'Cita médica',
    FAMILY_EMERGENCY: 'Emergencia familiar',
    RELIGIOUS_OBSERVANCE: 'Celebración religiosa',
    BEREAVEMENT: 'Fallecimiento en la familia',
    COURT_APPEARANCE: 'Cita en el tribunal',
    OTHER: 'Otro motivo',
    PENDING: 'En espera de la revisión de la escuela',
    EXCUSED: 'Justificada por la escuela',
    UNEXCUSED: 'No justificada por la escuela',
  },
  vi: {
    title: (child: string) => `Báo vắng mặt cho ${child}`,
    date: 'Ngày vắng mặt',
    dateHint: 'Một ngày học: hôm nay, một ngày sắp tới, hoặc một ngày đã qua của học kỳ này.',
    reason: 'Lý do',
    note: 'Ghi chú cho nhà trường',
    noteOptional: 'Không bắt buộc, tối đa 500 ký tự.',
    noteRequired: 'Bắt buộc với “Lý do khác”: hãy cho biết lý do. Tối đa 500 ký tự.',
    send: 'Gửi thông báo',
    sending: 'Đang gửi…',
    noDate: 'Hãy chọn ngày vắng mặt.',
    notSchoolDay: (day: string) => `${day} không phải là ngày học theo lịch của trường. Hãy chọn một ngày học.`,
    noteMissing: 'Hãy ghi rõ lý do con vắng mặt trong phần ghi chú, vì lý do là “Lý do khác”.',
    noteTooLong: 'Ghi chú dài hơn 500 ký tự. Hãy rút ngắn rồi thử lại.',
    badInput: 'Nhà trường không nhận được thông báo này. Hãy kiểm tra ngày đó có phải là ngày học của học kỳ này không rồi thử lại.',
    sent: 'Đã gửi thông báo',
    sentFor: (day: string, reason: string) => `Ngày ${day}: ${reason}.`,
    another: 'Báo một ngày khác',
    ILLNESS: 'Bị bệnh',
    MEDICAL_APPOINTMENT: 'Hẹn khám bệnh',
    FAMILY_EMERGENCY: 'Việc khẩn cấp trong gia đình',
    RELIGIOUS_OBSERVANCE: 'Lễ tôn giáo',
    BEREAVEMENT: 'Gia đình có tang',
    COURT_APPEARANCE: 'Phải ra tòa',
    OTHER: 'Lý do khác',
    PENDING: 'Đang chờ nhà trường xem xét',
    EXCUSED: 'Nhà trường chấp nhận có phép',
    UNEXCUSED: 'Nhà trường không chấp nhận có phép',
  },
  so: {
    title: (child: string) => `Soo sheeg maqnaanshaha ${child}`,
    date: 'Maalinta maqnaanshaha',
    dateHint: 'Maalin dugsi: maanta, maalin soo socota, ama maalin hore oo teeramkan ah.',
    reason: 'Sababta',
    note: 'Qoraal loogu talagalay dugsiga',
    noteOptional: 'Ikhtiyaari, ugu badnaan 500 xaraf.',
    noteRequired: 'Waa qasab “Sabab kale” awgeed: sheeg sababta. Ugu badnaan 500 xaraf.',
    send: 'Dir ogeysiiska',
    sending: 'Waa la dirayaa…',
    noDate: 'Dooro maalinta maqnaanshaha.',
    notSchoolDay: (day: string) => `${day} maaha maalin dugsi jadwalka dugsiga. Dooro maalin dugsi.`,
    noteMissing: 'Qoraalka ku sheeg sababta ilmahaagu u maqan yahay, maadaama sababtu tahay “Sabab kale”.',
    noteTooLong: 'Qoraalku wuu ka dheer yahay 500 xaraf. Soo gaabi oo isku day mar kale.',
    badInput: 'Dugsigu ma qaadan karin ogeysiiskan. Hubi in maalintu tahay maalin dugsi oo teeramkan ah, oo isku day mar kale.',
    sent: 'Ogeysiiska waa la diray',
    sentFor: (day: string, reason: string) => `Maalinta ${day}: ${reason}.`,
    another: 'Soo sheeg maalin kale',
    ILLNESS: 'Jirro',
    MEDICAL_APPOINTMENT: 'Ballan caafimaad',
    FAMILY_EMERGENCY: 'Xaalad degdeg ah oo qoyska ah',
    RELIGIOUS_OBSERVANCE: 'Munaasabad diimeed',
    BEREAVEMENT: 'Geeri qoyska ka dhacday',
    COURT_APPEARANCE: 'Maxkamad la isku soo taagayo',
    OTHER: 'Sabab kale',
    PENDING: 'Waxay sugaysaa dib-u-eegista dugsiga',
    EXCUSED: 'Dugsigu wuu cudurdaaray',
    UNEXCUSED: 'Dugsigu ma cudurdaarin',
  },
  ar: {
    title: (child: string) => `الإبلاغ عن غياب ${child}`,
    date: 'يوم الغياب',
    dateHint: 'يوم دراسي: اليوم، أو يوم قادم، أو يوم مضى من هذا الفصل.',
    reason: 'السبب',
    note: 'ملاحظة للمدرسة',
    noteOptional: 'اختيارية، 500 حرف على الأكثر.',
    noteRequired: 'مطلوبة مع «سبب آخر»: اذكر السبب. 500 حرف على الأكثر.',
    send: 'إرسال الإشعار',
    sending: 'جارٍ الإرسال…',
    noDate: 'اختر يوم الغياب.',
    notSchoolDay: (day: string) => `${day} ليس يومًا دراسيًا في تقويم المدرسة. اختر يومًا دراسيًا.`,
    noteMissing: 'اذكر في الملاحظة سبب غياب طفلك، لأن السبب المختار هو «سبب آخر».',
    noteTooLong: 'الملاحظة أطول من 500 حرف. اختصرها وحاول مرة أخرى.',
    badInput: 'لم تتمكن المدرسة من استلام هذا الإشعار. تحقّق من أن اليوم يوم دراسي من هذا الفصل، ثم حاول مرة أخرى.',
    sent: 'تم إرسال الإشعار',
    sentFor: (day: string, reason: string) => `ليوم ${day}: ${reason}.`,
    another: 'الإبلاغ عن يوم آخر',
    ILLNESS: 'مرض',
    MEDICAL_APPOINTMENT: 'موعد طبي',
    FAMILY_EMERGENCY: 'حالة طارئة في العائلة',
    RELIGIOUS_OBSERVANCE: 'مناسبة دينية',
    BEREAVEMENT: 'وفاة في العائلة',
    COURT_APPEARANCE: 'المثول أمام المحكمة',
    OTHER: 'سبب آخر',
    PENDING: 'بانتظار مراجعة المدرسة',
    EXCUSED: 'قبلت المدرسة العذر',
    UNEXCUSED: 'لم تقبل المدرسة العذر',
  },
})

type Notice = NonNullable<SubmitAbsenceNoticeMutation['submitAbsenceNotice']>['notice']

/** Today if it is a school day, else the next school day the dashboard's calendar lists, else today. */
export function nextSchoolDay(calendar: DashboardChild['calendar'], today: string): string {
  return (calendar ?? []).find((day) => day.schoolDay && day.date >= today)?.date ?? today
}

export function AbsenceView({ child }: { child: DashboardChild }) {
  const t = useMessages(words)
  const [notice, setNotice] = useState<Notice>()
  const [form, setForm] = useState(0)
  return (
    <ActView title={t.title(child.firstName)} childId={child.id}>
      {notice ? (
        <NoticeSent
          notice={notice}
          onAnother={() => {
            setNotice(undefined)
            setForm((n) => n + 1)
          }}
        />
      ) : (
        <AbsenceForm key={form} child={child} onSent={setNotice} />
      )}
    </ActView>
  )
}

function AbsenceForm({ child, onSent }: { child: DashboardChild; onSent: (notice: Notice) => void }) {
  const t = useMessages(words)
  const language = useLanguage()
  const sentence = useErrorSentence()
  const refreshDashboard = useRefreshDashboard()
  const [sending, submitNotice] = useMutation(SubmitAbsenceNoticeDocument)
  const [date, setDate] = useState(() => nextSchoolDay(child.calendar, localToday()))
  const [reason, setReason] = useState<AbsenceNoticeReason>('ILLNESS')
  const [note, setNote] = useState('')
  const [problem, setProblem] = useState<string>()
  const noteNeeded = reason === 'OTHER'
  const longDate = (d: string) => formatDate(d, language, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' })

  const submit = async (event: Event) => {
    event.preventDefault()
    if (sending.fetching) return
    const trimmed = note.trim()
    // What the graph would refuse, said before sending in the family's words; the calendar the page holds covers the next two weeks.
    const listed = child.calendar?.find((day) => day.date === date)
    const refusal = !/^\d{4}-\d{2}-\d{2}$/.test(date)
      ? t.noDate
      : listed && !listed.schoolDay
        ? t.notSchoolDay(longDate(date))
        : noteNeeded && trimmed === ''
          ? t.noteMissing
          : Array.from(trimmed).length > NOTE_MAX
            ? t.noteTooLong
            : undefined
    setProblem(refusal)
    if (refusal) return
    const result = await submitNotice({ input: { studentId: child.id, date, reason, ...(trimmed ? { note: trimmed } : {}) } })
    const kind = errorKind(result.error)
    const sent = result.data?.submitAbsenceNotice?.notice
    if (kind || !sent) {
      setProblem(sentence(kind ?? 'failed', t.badInput))
      return
    }
    void refreshDashboard()
    onSent(sent)
  }

  return (
    <form class="act-form" onSubmit={(e) => void submit(e)} noValidate>
      <div class="act-field">
        <label for="absence-date">{t.date}</label>
        <input id="absence-date" type="date" required aria-required="true" value={date} aria-describedby="absence-date-hint" onInput={(e) => setDate(e.currentTarget.value)} />
        <p id="absence-date-hint" class="act-hint">
          {t.dateHint}
        </p>
      </div>
      <div class="act-field">
        <label for="absence-reason">{t.reason}</label>
        <select id="absence-reason" value={reason} onChange={(e) => setReason(REASONS.find((r) => r === e.currentTarget.value) ?? 'OTHER')}>
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {t[r]}
            </option>
          ))}
        </select>
      </div>
      <div class="act-field">
        <label for="absence-note">{t.note}</label>
        <textarea
          id="absence-note"
          rows={4}
          maxLength={NOTE_MAX}
          required={noteNeeded}
          aria-required={noteNeeded ? 'true' : 'false'}
          aria-describedby="absence-note-hint"
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
        <p id="absence-note-hint" class="act-hint">
          {noteNeeded ? t.noteRequired : t.noteOptional}
        </p>
      </div>
      <ErrorMessage message={problem} />
      <button type="submit" disabled={sending.fetching}>
        {sending.fetching ? t.sending : t.send}
      </button>
    </form>
  )
}

function NoticeSent({ notice, onAnother }: { notice: Notice; onAnother: () => void }) {
  const t = useMessages(words)
  const language = useLanguage()
  return (
    <Confirmation focusKey={notice.id}>
      <h2>{t.sent}</h2>
      <p>{t.sentFor(formatDate(notice.date, language, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }), t[notice.reason])}</p>
      <p>
        <strong>{t[notice.status]}</strong>
      </p>
      {notice.note && <p class="act-quote">{notice.note}</p>}
      <button type="button" onClick={onAnother}>
        {t.another}
      </button>
    </Confirmation>
  )
}
