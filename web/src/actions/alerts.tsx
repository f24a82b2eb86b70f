/**
 * What the district told the family: the alerts, newest first, each naming its child and saying
 * whether it has been read; one or all marked read. The alerts' words come from the graph, already
 * in the family's language.
 */
import { useState } from 'preact/hooks'
import { useMutation, useQuery } from '@urql/preact'
import { AlertsDocument, MarkAlertsReadDocument, type MarkAlertsReadInput } from '@district-graph/client'
import { defineMessages, formatInstant, useLanguage, useMessages } from '../i18n.ts'
import type { DashboardChild } from '../routes.ts'
import { ActView, Confirmation, ErrorMessage, Loading, errorKind, useErrorSentence } from './common.tsx'

/** One page at a time, as the graph pages them; "Show more" asks for the next page's worth more. */
const PAGE = 20
const MOST = 100

const words = defineMessages({
  en: {
    title: 'Alerts',
    unread: (n: number) => (n === 0 ? 'No unread alerts.' : n === 1 ? '1 unread alert.' : `${n} unread alerts.`),
    none: 'No alerts yet. When the school has something to tell you about your children, it appears here.',
    markAll: 'Mark all as read',
    markOne: 'Mark as read',
    isUnread: 'Unread',
    isRead: 'Read',
    about: (child: string) => `About ${child}`,
    more: 'Show more alerts',
    cleared: 'All alerts are marked read.',
    markedOne: 'Alert marked read.',
    badInput: 'These alerts could not be marked read. Reload the page and try again.',
    loadFailed: 'Your alerts could not be shown.',
  },
  es: {
    title: 'Avisos',
    unread: (n: number) => (n === 0 ? 'No hay avisos sin leer.' : n === 1 ? '1 aviso sin leer.' : `${n} avisos sin leer.`),
    none: 'Todavía no hay avisos. Cuando la escuela tenga algo que decirle sobre sus hijos, aparecerá aquí.',
    markAll: 'Marcar todos como leídos',
    markOne: 'Marcar como leído',
    isUnread: 'Sin leer',
    isRead: 'Leído',
    about: (child: string) => `Sobre ${child}`,
    more: 'Mostrar más avisos',
    cleared: 'Todos los avisos están marcados como leídos.',
    markedOne: 'Aviso marcado como leído.',
    badInput: 'No se pudieron marcar estos avisos como leídos. Vuelva a cargar la página e inténtelo de nuevo.',
    loadFailed: 'No se pudieron mostrar sus avisos.',
  },
  vi: {
    title: 'Thông báo',
    unread: (n: number) => (n === 0 ? 'Không có thông báo chưa đọc.' : `${n} thông báo chưa đọc.`),
    none: 'Chưa có thông báo nào. Khi nhà trường có điều cần báo cho quý vị về con, thông báo sẽ hiện ở đây.',
    markAll: 'Đánh dấu tất cả là đã đọc',
    markOne: 'Đánh dấu đã đọc',
    isUnread: 'Chưa đọc',
    isRead: 'Đã đọc',
    about: (child: string) => `Về ${child}`,
    more: 'Xem thêm thông báo',
    cleared: 'Tất cả thông báo đã được đánh dấu là đã đọc.',
    markedOne: 'Đã đánh dấu thông báo là đã đọc.',
    badInput: 'Không đánh dấu được các thông báo này là đã đọc. Hãy tải lại trang rồi thử lại.',
    loadFailed: 'Không hiển thị được các thông báo của quý vị.',
  },
  so: {
    title: 'Digniinaha',
    unread: (n: number) => (n === 0 ? 'Ma jiraan digniino aan la akhrin.' : n === 1 ? '1 digniin oo aan la akhrin.' : `${n} digniinood oo aan la akhrin.`),
    none: 'Weli ma jiraan digniino. Marka dugsigu hayo wax uu kaaga warramo carruurtaada, halkan ayay ka muuqan doonaan.',
    markAll: 'U calaamadee dhammaan inay la akhriyay',
    markOne: 'U calaamadee inay la akhriyay',
    isUnread: 'Lama akhrin',
    isRead: 'La akhriyay',
    about: (child: string) => `Ku saabsan ${child}`,
    more: 'Muuji digniino kale',
    cleared: 'Dhammaan digniinaha waxaa loo calaamadeeyay inay la akhriyay.',
    markedOne: 'Digniinta waxaa loo calaamadeeyay inay la akhriyay.',
    badInput: 'Digniinahan looma calaamadeyn karin inay la akhriyay. Dib u soo rar bogga oo isku day mar kale.',
    loadFailed: 'Digniinahaaga lama muujin karin.',
  },
  ar: {
    title: 'التنبيهات',
    unread: (n: number) => (n === 0 ? 'لا توجد تنبيهات غير مقروءة.' : n === 1 ? 'تنبيه واحد غير مقروء.' : n === 2 ? 'تنبيهان غير مقروءين.' : n <= 10 ? `${n} تنبيهات غير مقروءة.` : `${n} تنبيهًا غير مقروء.`),
    none: 'لا توجد تنبيهات بعد. عندما يكون لدى المدرسة ما تخبرك به عن أطفالك، سيظهر هنا.',
    markAll: 'تعليم الكل كمقروء',
    markOne: 'تعليم كمقروء',
    isUnread: 'غير مقروء',
    isRead: 'مقروء',
    about: (child: string) => `بخصوص ${child}`,
    more: 'عرض المزيد من التنبيهات',
    cleared: 'تم تعليم كل التنبيهات كمقروءة.',
    markedOne: 'تم تعليم التنبيه كمقروء.',
    badInput: 'تعذّر تعليم هذه التنبيهات كمقروءة. أعد تحميل الصفحة وحاول مرة أخرى.',
    loadFailed: 'تعذّر عرض تنبيهاتك.',
  },
})

export function AlertsView({ childrenById }: { childrenById: ReadonlyMap<string, DashboardChild> }) {
  const t = useMessages(words)
  const language = useLanguage()
  const sentence = useErrorSentence()
  const [first, setFirst] = useState(PAGE)
  const [alerts, reexecute] = useQuery({ query: AlertsDocument, variables: { first }, requestPolicy: 'network-only' })
  const [marking, markRead] = useMutation(MarkAlertsReadDocument)
  const [problem, setProblem] = useState<string>()
  const [done, setDone] = useState<{ text: string; n: number }>()

  const mark = async (input: MarkAlertsReadInput, confirmation: string) => {
    if (marking.fetching) return
    setProblem(undefined)
    const result = await markRead({ input })
    const kind = errorKind(result.error)
    if (kind) {
      setProblem(sentence(kind, t.badInput))
      return
    }
    setDone((d) => ({ text: confirmation, n: (d?.n ?? 0) + 1 }))
    reexecute({ requestPolicy: 'network-only' })
  }

  const page = alerts.data?.me.alerts
  const loadProblem = errorKind(alerts.error)
  return (
    <ActView title={t.title}>
      {alerts.fetching && !alerts.data ? (
        <Loading />
      ) : !page ? (
        <ErrorMessage message={sentence(loadProblem ?? 'failed', t.loadFailed)} />
      ) : (
        <>
          <div class="act-toolbar">
            <p>{t.unread(page.unreadCount)}</p>
            <button type="button" disabled={page.unreadCount === 0 || marking.fetching} onClick={() => void mark({ all: true }, t.cleared)}>
              {t.markAll}
            </button>
          </div>
          {done && (
            <Confirmation focusKey={String(done.n)}>
              <p>{done.text}</p>
            </Confirmation>
          )}
          <ErrorMessage message={problem} />
          {page.alerts.length === 0 ? (
            <p>{t.none}</p>
          ) : (
            <ul class="act-alerts">
              {page.alerts.map((alert) => {
                const child = alert.student ? (childrenById.get(alert.student.id)?.firstName ?? alert.student.firstName) : undefined
                return (
                  <li key={alert.id} class={alert.read ? 'act-alert' : 'act-alert act-alert-unread'}>
                    <article aria-labelledby={`alert-${alert.id}`}>
                      <h2 id={`alert-${alert.id}`} lang={alert.language}>
                        {alert.title}
                      </h2>
                      <p class="act-hint">
                        <span class="act-badge">{alert.read ? t.isRead : t.isUnread}</span>
                        {child && <> · {t.about(child)}</>} · <time dateTime={alert.createdAt}>{formatInstant(alert.createdAt, language)}</time>
                      </p>
                      <p lang={alert.language}>{alert.body}</p>
                      {!alert.read && (
                        <button type="button" aria-describedby={`alert-${alert.id}`} disabled={marking.fetching} onClick={() => void mark({ alertIds: [alert.id] }, t.markedOne)}>
                          {t.markOne}
                        </button>
                      )}
                    </article>
                  </li>
                )
              })}
            </ul>
          )}
          {page.hasNextPage && first < MOST && (
            <button type="button" onClick={() => setFirst((n) => Math.min(n + PAGE, MOST))}>
              {t.more}
            </button>
          )}
        </>
      )}
    </ActView>
  )
}
