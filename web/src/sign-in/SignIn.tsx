/**
 * The sign-in screen: in development a button per demo login (the gateway's loopback-only
 * `/dev/token`), in production the district's OpenID Connect provider, and a plain sentence when
 * this gateway has no way to sign families in.
 */
import { useState } from 'preact/hooks'
import type { SignInConfig } from '../../../lib/contract/app-config.ts'
import { defineMessages, useMessages } from '../i18n.ts'
import { tokenExpiry, type Session } from '../session.ts'

const messages = defineMessages({
  en: {
    title: 'Sign in',
    intro: 'See your children’s grades, attendance, fees, messages and bus in one place.',
    demoIntro: 'This is a development district. Choose a demo login:',
    district: 'Sign in with your district account',
    none: 'Sign-in is not configured on this server. Please use the link your school district gave you.',
    demoFailed: 'That demo login did not work. Is the district graph still running?',
    oidcFailed: 'The district’s sign-in page can’t be reached right now. Please try again later.',
  },
  es: {
    title: 'Iniciar sesión',
    intro: 'Vea en un solo lugar las calificaciones, la asistencia, las cuotas, los mensajes y el autobús de sus hijos.',
    demoIntro: 'Este es un distrito de desarrollo. Elija un usuario de demostración:',
    district: 'Iniciar sesión con su cuenta del distrito',
    none: 'El inicio de sesión no está configurado en este servidor. Use el enlace que le dio su distrito escolar.',
    demoFailed: 'Ese usuario de demostración no funcionó. ¿Sigue en marcha el grafo del distrito?',
    oidcFailed: 'No se puede abrir la página de inicio de sesión del distrito en este momento. Inténtelo más tarde.',
  },
  vi: {
    title: 'Đăng nhập',
    intro: 'Xem điểm, chuyên cần, học phí, tin nhắn và xe buýt của con quý vị ở cùng một nơi.',
    demoIntro: 'Đây là học khu dùng để phát triển. Hãy chọn một tài khoản thử:',
    district: 'Đăng nhập bằng tài khoản học khu của quý vị',
    none: 'Máy chủ này chưa được thiết lập để đăng nhập. Vui lòng dùng đường dẫn mà học khu đã gửi cho quý vị.',
    demoFailed: 'Tài khoản thử đó không hoạt động. Hệ thống của học khu có còn chạy không?',
    oidcFailed: 'Hiện không mở được trang đăng nhập của học khu. Vui lòng thử lại sau.',
  },
  so: {
    title: 'Gal',
    intro: 'Hal meel ka eeg darajooyinka carruurtaada, imaanshaha, lacagaha, fariimaha iyo baska.',
    demoIntro: 'Tani waa degmo horumarin. Dooro gelitaan tijaabo ah:',
    district: 'Ku gal akoonkaaga degmada',
    none: 'Gelitaanka laguma diyaarin server-kan. Fadlan isticmaal xiriirka ay degmadaada dugsiyadu ku siisay.',
    demoFailed: 'Gelitaankaas tijaabada ahi ma shaqayn. Nidaamka degmadu ma wali wuu socdaa?',
    oidcFailed: 'Bogga gelitaanka degmada hadda lama furi karo. Fadlan mar dambe isku day.',
  },
  ar: {
    title: 'تسجيل الدخول',
    intro: 'اطّلع على درجات أطفالك وحضورهم ورسومهم ورسائلهم وحافلتهم في مكان واحد.',
    demoIntro: 'هذه منطقة تعليمية للتطوير. اختر حساب تجربة:',
    district: 'سجّل الدخول بحساب المنطقة التعليمية',
    none: 'لم يُضبط تسجيل الدخول على هذا الخادم. يُرجى استخدام الرابط الذي أعطتك إياه منطقتك التعليمية.',
    demoFailed: 'لم ينجح حساب التجربة هذا. هل ما زال نظام المنطقة التعليمية يعمل؟',
    oidcFailed: 'لا يمكن فتح صفحة تسجيل الدخول في المنطقة التعليمية الآن. يُرجى المحاولة لاحقًا.',
  },
})

export function SignIn({ config, notice, onSignedIn }: { config: SignInConfig; notice?: string; onSignedIn: (session: Session) => void }) {
  const t = useMessages(messages)
  const [problem, setProblem] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const message = problem ?? notice
  return (
    <main id="main" class="sign-in">
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {message && (
        <p class="notice" role="alert">
          {message}
        </p>
      )}
      {config.kind === 'demo' && (
        <>
          <p>{t.demoIntro}</p>
          <ul class="logins">
            {config.logins.map((l) => (
              <li key={l.login}>
                <button
                  type="button"
                  disabled={busy}
                  aria-describedby={`who-${l.login}`}
                  onClick={() => {
                    setBusy(true)
                    void demoSession(l.login)
                      .then(onSignedIn, () => {
                        setProblem(t.demoFailed)
                      })
                      .finally(() => {
                        setBusy(false)
                      })
                  }}
                >
                  {l.login}
                </button>{' '}
                {/* Who each login is comes in English from the development server: it is free text. */}
                <span id={`who-${l.login}`} lang="en">
                  {l.who}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {config.kind === 'oidc' && (
        <p>
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={() => {
              setBusy(true)
              // The OpenID Connect client loads only when a family signs in through it.
              void import('./oidc.ts')
                .then(({ startOidcSignIn }) => startOidcSignIn(config))
                .catch((e: unknown) => {
                  setBusy(false)
                  setProblem(e instanceof Error && e.message ? e.message : t.oidcFailed)
                })
            }}
          >
            {t.district}
          </button>
        </p>
      )}
      {config.kind === 'none' && <p>{t.none}</p>}
    </main>
  )
}

async function demoSession(login: string): Promise<Session> {
  const response = await fetch(`/dev/token?login=${encodeURIComponent(login)}`)
  if (!response.ok) throw new Error(`/dev/token answered ${response.status}`)
  const { token } = (await response.json()) as { token: string }
  return { token, expiresAt: tokenExpiry(token), via: 'demo' }
}
