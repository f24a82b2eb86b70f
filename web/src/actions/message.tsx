/**
 * Writing to a child's teacher. A family starts from the teacher's name on the dashboard (the
 * route names the teacher); the view says to whom the message goes, sends it, and then shows the
 * conversation with it. With a thread in the route: the conversation and a reply box, and the
 * thread marked read as it opens.
 */
import { useEffect, useState } from 'preact/hooks'
import { useMutation, useQuery } from '@urql/preact'
import { ChildMessageThreadsDocument, MarkThreadReadDocument, MessageRecipientsDocument, SendMessageDocument } from '@district-graph/client'
import { defineMessages, formatInstant, useLanguage, useMessages } from '../i18n.ts'
import { href, type DashboardChild } from '../routes.ts'
import { ActView, Confirmation, ErrorMessage, Loading, errorKind, useErrorSentence, useRefreshDashboard } from './common.tsx'

const words = defineMessages({
  en: {
    title: (child: string) => `Write to ${child}’s teacher`,
    to: 'To',
    choose: 'Choose a teacher',
    noRecipient: 'Choose the teacher to write to.',
    noTeachers: (child: string) => `No teacher of ${child}’s can be written to here right now.`,
    subject: 'Subject',
    subjectHint: 'A few words on one line. Left empty, the first line of your message is used.',
    body: 'Message',
    send: 'Send message',
    sending: 'Sending…',
    emptyBody: 'Write a message before sending.',
    badInput: 'The message could not be sent as written. Check the subject (one line, at most 200 characters) and the message (at most 5000 characters), and try again.',
    with: (names: string) => `With ${names}`,
    you: 'You',
    messages: 'Messages',
    reply: 'Your reply',
    sendReply: 'Send reply',
    sent: 'Your message was sent.',
    notFound: 'This conversation was not found. It may be about another child, or no longer open to your account.',
    newMessage: 'Write a new message',
  },
  es: {
    title: (child: string) => `Escribir al maestro(a) de ${child}`,
    to: 'Para',
    choose: 'Elija un maestro(a)',
    noRecipient: 'Elija al maestro(a) al que quiere escribir.',
    noTeachers: (child: string) => `Ahora mismo no se puede escribir aquí a ningún maestro(a) de ${child}.`,
    subject: 'Asunto',
    subjectHint: 'Unas pocas palabras en una línea. Si lo deja vacío, se usa la primera línea de su mensaje.',
    body: 'Mensaje',
    send: 'Enviar mensaje',
    sending: 'Enviando…',
    emptyBody: 'Escriba un mensaje antes de enviarlo.',
    badInput: 'No se pudo enviar el mensaje tal como está escrito. Revise el asunto (una línea, de 200 caracteres como máximo) y el mensaje (de 5000 caracteres como máximo) y vuelva a intentarlo.',
    with: (names: string) => `Con ${names}`,
    you: 'Usted',
    messages: 'Mensajes',
    reply: 'Su respuesta',
    sendReply: 'Enviar respuesta',
    sent: 'Su mensaje fue enviado.',
    notFound: 'No se encontró esta conversación. Puede ser sobre otro niño(a), o ya no estar abierta para su cuenta.',
    newMessage: 'Escribir un mensaje nuevo',
  },
  vi: {
    title: (child: string) => `Viết cho giáo viên của ${child}`,
    to: 'Gửi đến',
    choose: 'Chọn giáo viên',
    noRecipient: 'Hãy chọn giáo viên mà quý vị muốn viết cho.',
    noTeachers: (child: string) => `Hiện không thể viết cho giáo viên nào của ${child} tại đây.`,
    subject: 'Tiêu đề',
    subjectHint: 'Vài chữ trên một dòng. Nếu để trống, dòng đầu tiên của tin nhắn sẽ được dùng.',
    body: 'Tin nhắn',
    send: 'Gửi tin nhắn',
    sending: 'Đang gửi…',
    emptyBody: 'Hãy viết tin nhắn trước khi gửi.',
    badInput: 'Không gửi được tin nhắn như đã viết. Hãy kiểm tra tiêu đề (một dòng, tối đa 200 ký tự) và tin nhắn (tối đa 5000 ký tự) rồi thử lại.',
    with: (names: string) => `Với ${names}`,
    you: 'Quý vị',
    messages: 'Tin nhắn',
    reply: 'Trả lời của quý vị',
    sendReply: 'Gửi trả lời',
    sent: 'Tin nhắn của quý vị đã được gửi.',
    notFound: 'Không tìm thấy cuộc trò chuyện này. Có thể nó nói về một học sinh khác, hoặc không còn mở cho tài khoản của quý vị.',
    newMessage: 'Viết tin nhắn mới',
  },
  so: {
    title: (child: string) => `U qor macallinka ${child}`,
    to: 'Loo dirayo',
    choose: 'Dooro macallin',
    noRecipient: 'Dooro macallinka aad u qorayso.',
    noTeachers: (child: string) => `Hadda halkan looma qori karo macallin ka mid ah macallimiinta ${child}.`,
    subject: 'Mawduuca',
    subjectHint: 'Dhowr eray oo hal xariiq ah. Haddii aad banaan ka tagto, xariiqda ugu horreysa ee fariintaada ayaa la isticmaalayaa.',
    body: 'Fariin',
    send: 'Dir fariinta',
    sending: 'Waa la dirayaa…',
    emptyBody: 'Qor fariin ka hor intaadan dirin.',
    badInput: 'Fariinta looma diri karin sida loo qoray. Hubi mawduuca (hal xariiq, ugu badnaan 200 xaraf) iyo fariinta (ugu badnaan 5000 xaraf), oo isku day mar kale.',
    with: (names: string) => `La socda ${names}`,
    you: 'Adiga',
    messages: 'Fariimaha',
    reply: 'Jawaabtaada',
    sendReply: 'Dir jawaabta',
    sent: 'Fariintaada waa la diray.',
    notFound: 'Wadahadalkan lama helin. Waxaa laga yaabaa inuu ku saabsan yahay ilmo kale, ama aanu akoonkaaga u furnayn.',
    newMessage: 'Qor fariin cusub',
  },
  ar: {
    title: (child: string) => `مراسلة معلم ${child}`,
    to: 'إلى',
    choose: 'اختر معلمًا',
    noRecipient: 'اختر المعلم الذي تريد مراسلته.',
    noTeachers: (child: string) => `لا يمكن مراسلة أي من معلمي ${child} من هنا الآن.`,
    subject: 'الموضوع',
    subjectHint: 'بضع كلمات في سطر واحد. إذا تركته فارغًا، يُستخدم السطر الأول من رسالتك.',
    body: 'الرسالة',
    send: 'إرسال الرسالة',
    sending: 'جارٍ الإرسال…',
    emptyBody: 'اكتب رسالة قبل الإرسال.',
    badInput: 'تعذّر إرسال الرسالة كما كُتبت. تحقّق من الموضوع (سطر واحد، 200 حرف على الأكثر) ومن الرسالة (5000 حرف على الأكثر)، ثم حاول مرة أخرى.',
    with: (names: string) => `مع ${names}`,
    you: 'أنت',
    messages: 'الرسائل',
    reply: 'ردّك',
    sendReply: 'إرسال الرد',
    sent: 'تم إرسال رسالتك.',
    notFound: 'لم يتم العثور على هذه المحادثة. قد تكون عن طفل آخر، أو لم تعد متاحة لحسابك.',
    newMessage: 'كتابة رسالة جديدة',
  },
})

export function MessageView({ child, teacherId, threadId }: { child: DashboardChild; teacherId?: string; threadId?: string }) {
  return threadId ? <ThreadView key={threadId} child={child} threadId={threadId} /> : <NewMessage child={child} teacherId={teacherId} />
}

function NewMessage({ child, teacherId }: { child: DashboardChild; teacherId: string | undefined }) {
  const t = useMessages(words)
  const sentence = useErrorSentence()
  const refreshDashboard = useRefreshDashboard()
  const [recipients] = useQuery({ query: MessageRecipientsDocument, variables: { studentId: child.id }, requestPolicy: 'network-only' })
  const [sending, send] = useMutation(SendMessageDocument)
  const [staffId, setStaffId] = useState(teacherId ?? '')
  const [subject, setSubject] = useState('')
  const [body, setBody] = useState('')
  const [problem, setProblem] = useState<string>()
  const people = recipients.data?.student?.messageRecipients ?? []
  // The route's teacher until the family picks another; with no teacher named (or one no longer
  // teaching the child), the family chooses: a message must not go to someone they did not pick.
  const chosen = people.find((p) => p.id === staffId) ?? (people.length === 1 ? people[0] : undefined)

  const submit = async (event: Event) => {
    event.preventDefault()
    if (sending.fetching) return
    if (!chosen) {
      setProblem(t.noRecipient)
      return
    }
    if (body.trim() === '') {
      setProblem(t.emptyBody)
      return
    }
    setProblem(undefined)
    const subjectLine = subject.trim()
    const result = await send({ input: { studentId: child.id, staffId: chosen.id, body, ...(subjectLine ? { subject: subjectLine } : {}) } })
    const kind = errorKind(result.error)
    const thread = result.data?.sendMessage?.thread
    if (kind || !thread) {
      setProblem(sentence(kind ?? 'failed', t.badInput))
      return
    }
    void refreshDashboard()
    // The conversation's own view shows it with the message just sent (and takes the replies).
    location.hash = href({ view: 'message', childId: child.id, threadId: thread.id })
  }

  const recipientsProblem = errorKind(recipients.error)
  return (
    <ActView title={t.title(child.firstName)} childId={child.id}>
      {recipients.fetching && !recipients.data ? (
        <Loading />
      ) : recipientsProblem && !recipients.data?.student ? (
        <ErrorMessage message={sentence(recipientsProblem, t.noTeachers(child.firstName))} />
      ) : people.length === 0 ? (
        <p>{t.noTeachers(child.firstName)}</p>
      ) : (
        <form class="act-form" onSubmit={(e) => void submit(e)} noValidate>
          <div class="act-field">
            <label for="message-to">{t.to}</label>
            <select id="message-to" value={chosen?.id ?? ''} onChange={(e) => setStaffId(e.currentTarget.value)}>
              {!chosen && <option value="">{t.choose}</option>}
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName}
                </option>
              ))}
            </select>
          </div>
          <div class="act-field">
            <label for="message-subject">{t.subject}</label>
            <input id="message-subject" type="text" maxLength={200} value={subject} aria-describedby="message-subject-hint" onInput={(e) => setSubject(e.currentTarget.value.replace(/[\r\n]+/g, ' '))} />
            <p id="message-subject-hint" class="act-hint">
              {t.subjectHint}
            </p>
          </div>
          <div class="act-field">
            <label for="message-body">{t.body}</label>
            <textarea id="message-body" rows={8} maxLength={5000} required aria-required="true" value={body} onInput={(e) => setBody(e.currentTarget.value)} />
          </div>
          <ErrorMessage message={problem} />
          <button type="submit" disabled={sending.fetching}>
            {sending.fetching ? t.sending : t.send}
          </button>
        </form>
      )}
    </ActView>
  )
}

function ThreadView({ child, threadId }: { child: DashboardChild; threadId: string }) {
  const t = useMessages(words)
  const language = useLanguage()
  const sentence = useErrorSentence()
  const refreshDashboard = useRefreshDashboard()
  const [threads, reexecute] = useQuery({ query: ChildMessageThreadsDocument, variables: { studentId: child.id }, requestPolicy: 'network-only' })
  const [, markRead] = useMutation(MarkThreadReadDocument)
  const [sending, send] = useMutation(SendMessageDocument)
  const [reply, setReply] = useState('')
  const [problem, setProblem] = useState<string>()
  const [sentCount, setSentCount] = useState(0)
  const thread = threads.data?.student?.messageThreads?.find((th) => th.id === threadId)
  const unread = thread?.unreadCount ?? 0

  // Opening the conversation reads it: the dashboard's unread count follows.
  useEffect(() => {
    if (unread === 0) return
    void markRead({ input: { threadId } }).then((r) => {
      if (!r.error) void refreshDashboard()
    })
  }, [threadId, unread, markRead, refreshDashboard])

  const submit = async (event: Event) => {
    event.preventDefault()
    if (sending.fetching) return
    if (reply.trim() === '') {
      setProblem(t.emptyBody)
      return
    }
    setProblem(undefined)
    const result = await send({ input: { studentId: child.id, threadId, body: reply } })
    const kind = errorKind(result.error)
    if (kind || !result.data?.sendMessage) {
      setProblem(sentence(kind ?? 'failed', t.badInput))
      return
    }
    setReply('')
    setSentCount((n) => n + 1)
    reexecute({ requestPolicy: 'network-only' })
    void refreshDashboard()
  }

  if (threads.fetching && !threads.data) {
    return (
      <ActView title={t.messages} childId={child.id}>
        <Loading />
      </ActView>
    )
  }
  if (!thread) {
    const kind = errorKind(threads.error)
    return (
      <ActView title={t.messages} childId={child.id}>
        <ErrorMessage message={kind ? sentence(kind, t.notFound) : t.notFound} />
        <p>
          <a href={href({ view: 'message', childId: child.id })}>{t.newMessage}</a>
        </p>
      </ActView>
    )
  }
  const others = thread.participants.filter((p) => !p.isViewer).map((p) => p.displayName)
  return (
    <ActView title={thread.subject} childId={child.id}>
      <p class="act-hint">{t.with(others.join(', '))}</p>
      <h2>{t.messages}</h2>
      <ol class="act-messages">
        {thread.messages.map((m) => (
          <li key={m.id} class={m.sender.isViewer ? 'act-message act-message-own' : 'act-message'}>
            <p class="act-message-meta">
              <strong>{m.sender.isViewer ? t.you : m.sender.displayName}</strong> · <time dateTime={m.sentAt}>{formatInstant(m.sentAt, language)}</time>
            </p>
            {/* What people wrote stays as written, marked with its own language for screen readers. */}
            <p class="act-message-body" lang={m.language}>
              {m.body}
            </p>
          </li>
        ))}
      </ol>
      {sentCount > 0 && (
        <Confirmation focusKey={String(sentCount)}>
          <p>{t.sent}</p>
        </Confirmation>
      )}
      <form class="act-form" onSubmit={(e) => void submit(e)} noValidate>
        <div class="act-field">
          <label for="message-reply">{t.reply}</label>
          <textarea id="message-reply" rows={5} maxLength={5000} required aria-required="true" value={reply} onInput={(e) => setReply(e.currentTarget.value)} />
        </div>
        <ErrorMessage message={problem} />
        <button type="submit" disabled={sending.fetching}>
          {sending.fetching ? t.sending : t.sendReply}
        </button>
      </form>
    </ActView>
  )
}
