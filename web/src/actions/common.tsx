/**
 * What the act views share: the link back to the dashboard, an error said as a plain sentence in
 * the page's language (the graph's own sentences are written for developers, in English), and the
 * dashboard's refresh after a write (urql keeps no normalized cache here: trusted documents carry
 * no __typename, so nothing is invalidated by itself).
 */
import type { ComponentChildren } from 'preact'
import { useCallback, useEffect, useRef } from 'preact/hooks'
import { useClient } from '@urql/preact'
import type { CombinedError } from '@urql/core'
import { FamilyDashboardDocument } from '@district-graph/client'
import { defineMessages, useMessages } from '../i18n.ts'
import { errorCodes } from '../graph.ts'
import { href } from '../routes.ts'

const words = defineMessages({
  en: {
    back: 'Back to the dashboard',
    loading: 'Loading…',
    forbidden: 'Your account may not do this for this child. If you think it should, contact the school office.',
    unavailable: 'This part of the district’s system is not answering right now. Nothing was lost: try again in a few minutes.',
    network: 'The page could not reach the district. Check your connection and try again.',
    signedOut: 'Your sign-in has ended. Sign in again to continue.',
    failed: 'Something went wrong on the district’s side. Try again in a few minutes.',
  },
  es: {
    back: 'Volver al panel',
    loading: 'Cargando…',
    forbidden: 'Su cuenta no puede hacer esto para este niño(a). Si cree que debería poder, comuníquese con la oficina de la escuela.',
    unavailable: 'Esta parte del sistema del distrito no responde en este momento. No se perdió nada: vuelva a intentarlo en unos minutos.',
    network: 'La página no pudo comunicarse con el distrito. Revise su conexión y vuelva a intentarlo.',
    signedOut: 'Su sesión terminó. Vuelva a iniciar sesión para continuar.',
    failed: 'Algo salió mal en el sistema del distrito. Vuelva a intentarlo en unos minutos.',
  },
  vi: {
    back: 'Quay lại trang tổng quan',
    loading: 'Đang tải…',
    forbidden: 'Tài khoản của quý vị không được làm việc này cho học sinh này. Nếu quý vị nghĩ là được, hãy liên hệ văn phòng nhà trường.',
    unavailable: 'Phần này của hệ thống học khu hiện không phản hồi. Không có gì bị mất: hãy thử lại sau vài phút.',
    network: 'Trang không kết nối được với học khu. Hãy kiểm tra kết nối mạng rồi thử lại.',
    signedOut: 'Phiên đăng nhập đã hết. Hãy đăng nhập lại để tiếp tục.',
    failed: 'Hệ thống của học khu gặp sự cố. Hãy thử lại sau vài phút.',
  },
  so: {
    back: 'Ku noqo bogga guud',
    loading: 'Waa la soo rarayaa…',
    forbidden: 'Akoonkaagu uma samayn karo tan ilmahan. Haddii aad u malaynayso inuu samayn karo, la xiriir xafiiska dugsiga.',
    unavailable: 'Qaybtan nidaamka degmada hadda ma jawaabayso. Waxba ma lumin: isku day mar kale dhowr daqiiqo kadib.',
    network: 'Boggu kama xiriiri karin degmada. Hubi xiriirkaaga oo isku day mar kale.',
    signedOut: 'Gelitaankaagu wuu dhammaaday. Mar kale gal si aad u sii wadato.',
    failed: 'Wax khalad ah ayaa ka dhacay dhinaca degmada. Isku day mar kale dhowr daqiiqo kadib.',
  },
  ar: {
    back: 'العودة إلى لوحة المتابعة',
    loading: 'جارٍ التحميل…',
    forbidden: 'لا يسمح لحسابك بفعل هذا لهذا الطفل. إذا كنت ترى أنه يجب أن يُسمح لك، فتواصل مع مكتب المدرسة.',
    unavailable: 'هذا الجزء من نظام المنطقة التعليمية لا يستجيب الآن. لم يضِع شيء: حاول مرة أخرى بعد بضع دقائق.',
    network: 'تعذّر على الصفحة الاتصال بالمنطقة التعليمية. تحقّق من اتصالك وحاول مرة أخرى.',
    signedOut: 'انتهت جلسة تسجيل الدخول. سجّل الدخول مرة أخرى للمتابعة.',
    failed: 'حدث خطأ في نظام المنطقة التعليمية. حاول مرة أخرى بعد بضع دقائق.',
  },
})

export type ErrorKind = 'badInput' | 'forbidden' | 'unavailable' | 'network' | 'signedOut' | 'failed'

/**
 * What went wrong, by the contract's code: the first code that says most to a family wins
 * (BAD_USER_INPUT is the view's own sentence, since only the view knows what was asked).
 */
export function errorKind(error: CombinedError | undefined): ErrorKind | undefined {
  if (!error) return undefined
  const codes = errorCodes(error)
  if (codes.includes('BAD_USER_INPUT')) return 'badInput'
  if (codes.includes('UNAUTHENTICATED')) return 'signedOut'
  if (codes.includes('FORBIDDEN') || codes.includes('NOT_FOUND')) return 'forbidden'
  if (codes.includes('SUBGRAPH_UNAVAILABLE')) return 'unavailable'
  if (codes.includes('NETWORK')) return 'network'
  return 'failed'
}

/** The sentence for an error: the view's own for bad input, the shared one otherwise. */
export function useErrorSentence(): (kind: ErrorKind, badInput: string) => string {
  const t = useMessages(words)
  return (kind, badInput) => (kind === 'badInput' ? badInput : t[kind])
}

/**
 * An error as a sentence, announced and focused when it appears (role="alert"), so that a
 * keyboard or screen-reader user hears it where they are; the form above it keeps what was typed.
 */
export function ErrorMessage({ message }: { message: string | undefined }) {
  const ref = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (message) ref.current?.focus()
  }, [message])
  if (!message) return null
  return (
    <p class="act-error" role="alert" tabIndex={-1} ref={ref}>
      {message}
    </p>
  )
}

/** A confirmation, announced politely and focused, so the next Tab continues from it. */
export function Confirmation({ children, focusKey }: { children: ComponentChildren; focusKey: string }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    ref.current?.focus()
  }, [focusKey])
  return (
    <div class="act-done" role="status" tabIndex={-1} ref={ref}>
      {children}
    </div>
  )
}

export function Loading() {
  const t = useMessages(words)
  return <p role="status">{t.loading}</p>
}

/**
 * The view's frame: the page's main landmark (the shell renders the header above it), the link
 * back to the dashboard (the child's, when there is one) and the heading, focused on arrival.
 */
export function ActView({ title, childId, children }: { title: string; childId?: string; children: ComponentChildren }) {
  const t = useMessages(words)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    heading.current?.focus()
  }, [])
  return (
    <main id="main" class="act">
      <p class="act-back">
        <a href={href(childId ? { view: 'dashboard', childId } : { view: 'dashboard' })}>{t.back}</a>
      </p>
      <h1 tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </main>
  )
}

/**
 * Re-asks the dashboard, bypassing urql's document cache: the dashboard's active query gets the
 * new answer (balance, notices, unread counts) without a reload.
 */
export function useRefreshDashboard(): () => Promise<void> {
  const client = useClient()
  return useCallback(async () => {
    await client.query(FamilyDashboardDocument, {}, { requestPolicy: 'network-only' }).toPromise()
  }, [client])
}

/** Today in the browser's time zone, as the graph's dates are written (`YYYY-MM-DD`). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}
