/**
 * How the family is told: for each kind of alert the channels it goes out on (none: off), the
 * grade under which a grade alert comes, quiet hours for texts and app notifications, and the
 * opt-in that texts need. The whole form is saved at once; the answer is the settings as they
 * now stand, shown back in the form. Until the family opts in, no kind shows (or saves) texts:
 * the district's defaults name SMS for some kinds, but none is sent without the opt-in, and the
 * graph refuses SMS for a guardian who has not opted in.
 */
import { useState } from 'preact/hooks'
import { useMutation, useQuery } from '@urql/preact'
import { NotificationSettingsDocument, UpdateNotificationPreferencesDocument, type NotificationChannel, type NotificationKind, type NotificationSettingsQuery } from '@district-graph/client'
import { defineMessages, useMessages } from '../i18n.ts'
import { ActView, Confirmation, ErrorMessage, Loading, errorKind, useErrorSentence } from './common.tsx'

const CHANNELS: readonly NotificationChannel[] = ['EMAIL', 'SMS', 'PUSH']

type Preferences = NonNullable<NotificationSettingsQuery['me']['notificationPreferences']>

/** The form's state: strings for what the family types, so nothing they typed is lost to parsing. */
interface Draft {
  channels: Partial<Record<NotificationKind, readonly NotificationChannel[]>>
  kinds: readonly NotificationKind[]
  threshold: string
  quiet: boolean
  quietStart: string
  quietEnd: string
  sms: boolean
}

const draftOf = (p: Preferences): Draft => ({
  kinds: p.kinds.map((k) => k.kind),
  channels: Object.fromEntries(p.kinds.map((k) => [k.kind, k.channels])),
  threshold: String(p.kinds.find((k) => k.kind === 'GRADE_BELOW_THRESHOLD')?.threshold ?? ''),
  quiet: p.quietHours !== null,
  quietStart: p.quietHours?.start.slice(0, 5) ?? '21:00',
  quietEnd: p.quietHours?.end.slice(0, 5) ?? '07:00',
  sms: p.smsOptedIn,
})

/** A kind's channels as the form shows them: text messages only once the family has opted in to them. */
const channelsOf = (draft: Draft, kind: NotificationKind): NotificationChannel[] => (draft.channels[kind] ?? []).filter((c) => c !== 'SMS' || draft.sms)

const words = defineMessages({
  en: {
    title: 'Notification settings',
    intro: 'Choose what the district tells you about and how. A kind with no way chosen is off.',
    kinds: 'What you are told about',
    MISSING_WORK: 'Missing work',
    UNEXCUSED_ABSENCE: 'Unexcused absences',
    GRADE_BELOW_THRESHOLD: 'A grade below your threshold',
    LOW_MEAL_BALANCE: 'Low meal balance',
    NEW_MESSAGE: 'New messages from teachers',
    BEHAVIOUR_INCIDENT: 'Behaviour reports',
    ANNOUNCEMENT: 'Announcements',
    EMAIL: 'Email',
    SMS: 'Text message',
    PUSH: 'App notification',
    smsNeedsOptIn: 'Text messages need the opt-in above.',
    threshold: 'Tell me when a grade falls below this percent',
    thresholdHint: 'A whole number from 1 to 100.',
    quiet: 'Quiet hours',
    quietOn: 'Hold texts and app notifications during quiet hours (email is never held)',
    quietStart: 'Quiet from',
    quietEnd: 'Quiet until',
    sms: 'Text messages',
    smsOptIn: 'Send me text messages. Reply STOP to any text to stop them.',
    save: 'Save settings',
    saving: 'Saving…',
    saved: 'Your settings are saved.',
    badThreshold: 'The grade threshold must be a whole number from 1 to 100.',
    badQuiet: 'Quiet hours need a start and an end time, and they cannot be the same.',
    badInput: 'These settings could not be saved. Check the form and try again.',
    loadFailed: 'Your settings could not be shown.',
    notGuardian: 'Only a parent or guardian has notification settings.',
  },
  es: {
    title: 'Configuración de notificaciones',
    intro: 'Elija de qué le informa el distrito y cómo. Un tipo sin ninguna vía elegida queda desactivado.',
    kinds: 'De qué se le informa',
    MISSING_WORK: 'Tareas no entregadas',
    UNEXCUSED_ABSENCE: 'Ausencias injustificadas',
    GRADE_BELOW_THRESHOLD: 'Una calificación por debajo de su límite',
    LOW_MEAL_BALANCE: 'Saldo bajo de comidas',
    NEW_MESSAGE: 'Mensajes nuevos de los maestros',
    BEHAVIOUR_INCIDENT: 'Reportes de conducta',
    ANNOUNCEMENT: 'Anuncios',
    EMAIL: 'Correo electrónico',
    SMS: 'Mensaje de texto',
    PUSH: 'Notificación de la aplicación',
    smsNeedsOptIn: 'Los mensajes de texto necesitan la autorización de arriba.',
    threshold: 'Avisarme cuando una calificación baje de este porcentaje',
    thresholdHint: 'Un número entero del 1 al 100.',
    quiet: 'Horas de silencio',
    quietOn: 'Retener los mensajes de texto y las notificaciones de la aplicación durante las horas de silencio (el correo nunca se retiene)',
    quietStart: 'Silencio desde',
    quietEnd: 'Silencio hasta',
    sms: 'Mensajes de texto',
    smsOptIn: 'Envíenme mensajes de texto. Responda STOP a cualquier mensaje para dejar de recibirlos.',
    save: 'Guardar la configuración',
    saving: 'Guardando…',
    saved: 'Su configuración está guardada.',
    badThreshold: 'El límite de calificación debe ser un número entero del 1 al 100.',
    badQuiet: 'Las horas de silencio necesitan una hora de inicio y una de fin, y no pueden ser la misma.',
    badInput: 'No se pudo guardar esta configuración. Revise el formulario y vuelva a intentarlo.',
    loadFailed: 'No se pudo mostrar su configuración.',
    notGuardian: 'Solo un padre, madre o tutor tiene configuración de notificaciones.',
  },
  vi: {
    title: 'Cài đặt thông báo',
    intro: 'Chọn những điều học khu báo cho quý vị và cách báo. Loại nào không chọn cách nhận thì bị tắt.',
    kinds: 'Những điều quý vị được báo',
    MISSING_WORK: 'Bài chưa nộp',
    UNEXCUSED_ABSENCE: 'Vắng mặt không phép',
    GRADE_BELOW_THRESHOLD: 'Điểm thấp hơn mức quý vị chọn',
    LOW_MEAL_BALANCE: 'Số dư tiền ăn thấp',
    NEW_MESSAGE: 'Tin nhắn mới từ giáo viên',
    BEHAVIOUR_INCIDENT: 'Báo cáo hạnh kiểm',
    ANNOUNCEMENT: 'Thông báo chung',
    EMAIL: 'Email',
    SMS: 'Tin nhắn điện thoại',
    PUSH: 'Thông báo trên ứng dụng',
    smsNeedsOptIn: 'Tin nhắn điện thoại cần quý vị đồng ý nhận ở phía trên.',
    threshold: 'Báo cho tôi khi điểm xuống dưới phần trăm này',
    thresholdHint: 'Một số nguyên từ 1 đến 100.',
    quiet: 'Giờ yên lặng',
    quietOn: 'Giữ lại tin nhắn điện thoại và thông báo ứng dụng trong giờ yên lặng (email không bao giờ bị giữ)',
    quietStart: 'Yên lặng từ',
    quietEnd: 'Yên lặng đến',
    sms: 'Tin nhắn điện thoại',
    smsOptIn: 'Gửi tin nhắn điện thoại cho tôi. Trả lời STOP cho bất kỳ tin nào để ngừng nhận.',
    save: 'Lưu cài đặt',
    saving: 'Đang lưu…',
    saved: 'Cài đặt của quý vị đã được lưu.',
    badThreshold: 'Mức điểm phải là một số nguyên từ 1 đến 100.',
    badQuiet: 'Giờ yên lặng cần giờ bắt đầu và giờ kết thúc, và hai giờ không được trùng nhau.',
    badInput: 'Không lưu được cài đặt này. Hãy kiểm tra biểu mẫu rồi thử lại.',
    loadFailed: 'Không hiển thị được cài đặt của quý vị.',
    notGuardian: 'Chỉ cha mẹ hoặc người giám hộ mới có cài đặt thông báo.',
  },
  so: {
    title: 'Dejinta ogeysiisyada',
    intro: 'Dooro waxa degmadu kaaga warramayso iyo sida. Nooc aan hab loo dooran waa dansan yahay.',
    kinds: 'Waxa lagaaga warramayo',
    MISSING_WORK: 'Shaqo maqan',
    UNEXCUSED_ABSENCE: 'Maqnaansho aan cudurdaar lahayn',
    GRADE_BELOW_THRESHOLD: 'Darajo ka hoosaysa xadkaaga',
    LOW_MEAL_BALANCE: 'Haraaga cuntada oo yar',
    NEW_MESSAGE: 'Fariimo cusub oo macallimiinta ka yimid',
    BEHAVIOUR_INCIDENT: 'Warbixinnada dhaqanka',
    ANNOUNCEMENT: 'Ogeysiisyada guud',
    EMAIL: 'Iimayl',
    SMS: 'Fariin qoraal ah',
    PUSH: 'Ogeysiiska app-ka',
    smsNeedsOptIn: 'Fariimaha qoraalka ah waxay u baahan yihiin oggolaanshaha kore.',
    threshold: 'I ogeysii marka darajadu ka hoos dhacdo boqolleydan',
    thresholdHint: 'Tiro dhan oo u dhexeysa 1 ilaa 100.',
    quiet: 'Saacadaha aamusnaanta',
    quietOn: 'Hay fariimaha qoraalka iyo ogeysiisyada app-ka inta lagu jiro saacadaha aamusnaanta (iimaylka marnaba lama hayo)',
    quietStart: 'Aamusnaan laga bilaabo',
    quietEnd: 'Aamusnaan ilaa',
    sms: 'Fariimaha qoraalka ah',
    smsOptIn: 'Ii soo dir fariimo qoraal ah. Ku jawaab STOP fariin kasta si aad u joojiso.',
    save: 'Kaydi dejinta',
    saving: 'Waa la kaydinayaa…',
    saved: 'Dejintaada waa la kaydiyay.',
    badThreshold: 'Xadka darajadu waa inuu noqdaa tiro dhan oo u dhexeysa 1 ilaa 100.',
    badQuiet: 'Saacadaha aamusnaantu waxay u baahan yihiin waqti bilow iyo waqti dhammaad, oo aan isku mid ahayn.',
    badInput: 'Dejintan lama kaydin karin. Hubi foomka oo isku day mar kale.',
    loadFailed: 'Dejintaada lama muujin karin.',
    notGuardian: 'Waalid ama mas’uul keliya ayaa leh dejinta ogeysiisyada.',
  },
  ar: {
    title: 'إعدادات الإشعارات',
    intro: 'اختر ما تبلغك به المنطقة التعليمية وكيف. النوع الذي لم تختر له أي وسيلة يكون متوقفًا.',
    kinds: 'ما يتم إبلاغك به',
    MISSING_WORK: 'واجبات لم تُسلَّم',
    UNEXCUSED_ABSENCE: 'غياب بدون عذر',
    GRADE_BELOW_THRESHOLD: 'درجة أقل من الحد الذي اخترته',
    LOW_MEAL_BALANCE: 'رصيد الوجبات منخفض',
    NEW_MESSAGE: 'رسائل جديدة من المعلمين',
    BEHAVIOUR_INCIDENT: 'تقارير السلوك',
    ANNOUNCEMENT: 'الإعلانات',
    EMAIL: 'البريد الإلكتروني',
    SMS: 'رسالة نصية',
    PUSH: 'إشعار التطبيق',
    smsNeedsOptIn: 'تحتاج الرسائل النصية إلى الموافقة أعلاه.',
    threshold: 'أبلغني عندما تنخفض درجة عن هذه النسبة المئوية',
    thresholdHint: 'عدد صحيح من 1 إلى 100.',
    quiet: 'ساعات الهدوء',
    quietOn: 'تأجيل الرسائل النصية وإشعارات التطبيق خلال ساعات الهدوء (البريد الإلكتروني لا يؤجَّل أبدًا)',
    quietStart: 'الهدوء من',
    quietEnd: 'الهدوء حتى',
    sms: 'الرسائل النصية',
    smsOptIn: 'أرسلوا إليّ رسائل نصية. ردّ بكلمة STOP على أي رسالة لإيقافها.',
    save: 'حفظ الإعدادات',
    saving: 'جارٍ الحفظ…',
    saved: 'تم حفظ إعداداتك.',
    badThreshold: 'يجب أن يكون حد الدرجة عددًا صحيحًا من 1 إلى 100.',
    badQuiet: 'تحتاج ساعات الهدوء إلى وقت بداية ووقت نهاية، ولا يجوز أن يتساويا.',
    badInput: 'تعذّر حفظ هذه الإعدادات. تحقّق من النموذج وحاول مرة أخرى.',
    loadFailed: 'تعذّر عرض إعداداتك.',
    notGuardian: 'إعدادات الإشعارات متاحة لأولياء الأمور فقط.',
  },
})

export function SettingsView(_props: Record<string, never>) {
  const t = useMessages(words)
  const sentence = useErrorSentence()
  const [settings] = useQuery({ query: NotificationSettingsDocument, requestPolicy: 'network-only' })
  const loaded = settings.data?.me.notificationPreferences
  const kind = errorKind(settings.error)
  return (
    <ActView title={t.title}>
      {settings.fetching && !settings.data ? (
        <Loading />
      ) : loaded ? (
        <SettingsForm loaded={loaded} />
      ) : (
        <ErrorMessage message={kind === 'forbidden' ? t.notGuardian : sentence(kind ?? 'failed', t.loadFailed)} />
      )}
    </ActView>
  )
}

function SettingsForm({ loaded }: { loaded: Preferences }) {
  const t = useMessages(words)
  const sentence = useErrorSentence()
  const [saving, save] = useMutation(UpdateNotificationPreferencesDocument)
  const [draft, setDraft] = useState(() => draftOf(loaded))
  const [problem, setProblem] = useState<string>()
  const [saved, setSaved] = useState(0)
  const change = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }))
  }
  const toggle = (kind: NotificationKind, channel: NotificationChannel, on: boolean) => {
    setDraft((d) => {
      const now = d.channels[kind] ?? []
      const next = on ? CHANNELS.filter((c) => c === channel || now.includes(c)) : now.filter((c) => c !== channel)
      return { ...d, channels: { ...d.channels, [kind]: next } }
    })
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    if (saving.fetching) return
    const threshold = /^\d{1,3}$/.test(draft.threshold.trim()) ? Number(draft.threshold.trim()) : NaN
    const refusal =
      !(threshold >= 1 && threshold <= 100)
        ? t.badThreshold
        : draft.quiet && (!/^\d{2}:\d{2}$/.test(draft.quietStart) || !/^\d{2}:\d{2}$/.test(draft.quietEnd) || draft.quietStart === draft.quietEnd)
          ? t.badQuiet
          : undefined
    setProblem(refusal)
    if (refusal) return
    const result = await save({
      input: {
        // Without the opt-in no text is sent, whatever a kind says: saving says so too (as opting out does in the graph).
        kinds: draft.kinds.map((kind) => ({ kind, channels: channelsOf(draft, kind), ...(kind === 'GRADE_BELOW_THRESHOLD' ? { threshold } : {}) })),
        quietHours: draft.quiet ? { start: `${draft.quietStart}:00`, end: `${draft.quietEnd}:00` } : null,
        smsOptIn: draft.sms,
      },
    })
    const now = result.data?.updateNotificationPreferences?.notificationPreferences
    const kind = errorKind(result.error)
    if (kind || !now) {
      setProblem(sentence(kind ?? 'failed', t.badInput))
      return
    }
    setDraft(draftOf(now))
    setSaved((n) => n + 1)
  }

  return (
    <form class="act-form" onSubmit={(e) => void submit(e)} noValidate>
      <p>{t.intro}</p>
      <h2>{t.sms}</h2>
      <div class="act-check">
        <input id="pref-sms" type="checkbox" checked={draft.sms} onChange={(e) => change({ sms: e.currentTarget.checked })} />
        <label for="pref-sms">{t.smsOptIn}</label>
      </div>
      <h2>{t.kinds}</h2>
      <p id="pref-sms-needs" class="act-hint" hidden={draft.sms}>
        {t.smsNeedsOptIn}
      </p>
      {draft.kinds.map((kind) => (
        <fieldset class="act-group" key={kind}>
          <legend>{t[kind]}</legend>
          <div class="act-choices">
            {CHANNELS.map((channel) => {
              const id = `pref-${kind}-${channel}`
              return (
                <div class="act-check" key={channel}>
                  <input
                    id={id}
                    type="checkbox"
                    checked={channelsOf(draft, kind).includes(channel)}
                    disabled={channel === 'SMS' && !draft.sms}
                    aria-describedby={channel === 'SMS' && !draft.sms ? 'pref-sms-needs' : undefined}
                    onChange={(e) => toggle(kind, channel, e.currentTarget.checked)}
                  />
                  <label for={id}>{t[channel]}</label>
                </div>
              )
            })}
          </div>
          {kind === 'GRADE_BELOW_THRESHOLD' && (
            <div class="act-field">
              <label for="pref-threshold">{t.threshold}</label>
              <input id="pref-threshold" type="text" inputMode="numeric" class="act-short" value={draft.threshold} aria-describedby="pref-threshold-hint" onInput={(e) => change({ threshold: e.currentTarget.value })} />
              <p id="pref-threshold-hint" class="act-hint">
                {t.thresholdHint}
              </p>
            </div>
          )}
        </fieldset>
      ))}
      <h2>{t.quiet}</h2>
      <div class="act-check">
        <input id="pref-quiet" type="checkbox" checked={draft.quiet} onChange={(e) => change({ quiet: e.currentTarget.checked })} />
        <label for="pref-quiet">{t.quietOn}</label>
      </div>
      <div class="act-times">
        <div class="act-field">
          <label for="pref-quiet-start">{t.quietStart}</label>
          <input id="pref-quiet-start" type="time" disabled={!draft.quiet} value={draft.quietStart} onInput={(e) => change({ quietStart: e.currentTarget.value })} />
        </div>
        <div class="act-field">
          <label for="pref-quiet-end">{t.quietEnd}</label>
          <input id="pref-quiet-end" type="time" disabled={!draft.quiet} value={draft.quietEnd} onInput={(e) => change({ quietEnd: e.currentTarget.value })} />
        </div>
      </div>
      <ErrorMessage message={problem} />
      {saved > 0 && (
        <Confirmation focusKey={String(saved)}>
          <p>{t.saved}</p>
        </Confirmation>
      )}
      <button type="submit" disabled={saving.fetching}>
        {saving.fetching ? t.saving : t.save}
      </button>
    </form>
  )
}
