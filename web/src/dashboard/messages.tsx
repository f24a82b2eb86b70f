/**
 * Messages: the conversations about this child the family takes part in, unread ones marked,
 * each opening in the message view. New conversations start from a teacher's name.
 */
import type { CombinedError } from '@urql/core'
import { defineMessages, formatInstant, useLanguage, useMessages } from '../i18n.ts'
import { href, type DashboardChild } from '../routes.ts'
import { Area, ListOr, partError } from './area.tsx'

const messages = defineMessages({
  en: {
    title: 'Messages',
    none: 'No conversations about this child yet.',
    unread: (n: number) => (n === 1 ? '1 unread' : `${n} unread`),
    howToWrite: 'To write to a teacher, choose their name under Grades.',
  },
  es: {
    title: 'Mensajes',
    none: 'Todavía no hay conversaciones sobre este niño o niña.',
    unread: (n: number) => (n === 1 ? '1 sin leer' : `${n} sin leer`),
    howToWrite: 'Para escribir a un maestro o maestra, elija su nombre en Calificaciones.',
  },
  vi: {
    title: 'Tin nhắn',
    none: 'Chưa có cuộc trò chuyện nào về học sinh này.',
    unread: (n: number) => `${n} chưa đọc`,
    howToWrite: 'Để viết cho giáo viên, hãy chọn tên giáo viên trong mục Điểm số.',
  },
  so: {
    title: 'Fariimaha',
    none: 'Weli ma jiraan wadahadallo ku saabsan ardaygan.',
    unread: (n: number) => `${n} aan la akhrin`,
    howToWrite: 'Si aad macallin ugu qorto, ka dooro magaciisa qaybta Darajooyinka.',
  },
  ar: {
    title: 'الرسائل',
    none: 'لا توجد محادثات عن هذا الطفل بعد.',
    unread: (n: number) => (n === 1 ? 'رسالة واحدة غير مقروءة' : `غير المقروءة: ${n}`),
    howToWrite: 'لمراسلة معلم، اختر اسمه في قسم الدرجات.',
  },
})

export function Messages({ child, index, error }: { child: DashboardChild; index: number; error: CombinedError | undefined }) {
  const t = useMessages(messages)
  const language = useLanguage()
  return (
    <Area id="messages" title={t.title} error={partError(error, child, index, 'messageThreads')}>
      <ListOr items={child.messageThreads} empty={t.none} class="threads">
        {(thread) => (
          <li key={thread.id} class={thread.unreadCount > 0 ? 'unread' : undefined}>
            {/* The subject and the message are what people wrote: they stay as written. */}
            <a href={href({ view: 'message', childId: child.id, threadId: thread.id })}>{thread.subject}</a>
            {thread.unreadCount > 0 && <span class="badge"> {t.unread(thread.unreadCount)}</span>}
            {thread.latestMessage && (
              <p class="muted excerpt">
                {formatInstant(thread.latestMessage.sentAt, language)}: {thread.latestMessage.body}
              </p>
            )}
          </li>
        )}
      </ListOr>
      <p class="muted">{t.howToWrite}</p>
    </Area>
  )
}
