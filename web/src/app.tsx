/**
 * The family's page: sign in, then the family dashboard from one FamilyDashboard request, with
 * the act views over it, in the family's language (the profile's; `<html lang dir>` follow it).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { Provider, useMutation, useQuery } from '@urql/preact'
import { FamilyDashboardDocument, SetPreferredLanguageDocument } from '@district-graph/client'
import type { AppConfig } from '../../lib/contract/app-config.ts'
import { ChildDashboard, NoChildren } from './dashboard/dashboard.tsx'
import { createGraphClient } from './graph.ts'
import { closestLanguage, defineMessages, isLanguage, LanguageContext, RIGHT_TO_LEFT, useMessages, type Language } from './i18n.ts'
import { parseRoute, type DashboardChild, type Route } from './routes.ts'
import { ChildSwitcher, Header, SignInHeader } from './shell/header.tsx'
import { SignIn } from './sign-in/SignIn.tsx'
import { clearSession, loadSession, saveSession, type Session } from './session.ts'

/**
 * The act views and the OpenID Connect client load when first needed: the dashboard, which
 * every visit opens, ships without them.
 */
type ActViews = typeof import('./actions/index.ts')
let actViews: Promise<ActViews> | undefined
const loadOidc = () => import('./sign-in/oidc.ts')

const messages = defineMessages({
  en: {
    title: 'Family page',
    notRecognised: 'The district does not recognise this account, so no records can be shown. If you are a parent or guardian, ask your child’s school office to link your account.',
    loading: 'Loading…',
    expired: 'You were signed out because your session ended. Please sign in again.',
    configFailed: 'This page could not load its settings. Please reload the page.',
    dashboardFailed: 'Your children’s records can’t be shown right now. Please try again later.',
    retry: 'Try again',
    viewFailed: 'This part of the page could not be loaded. Please reload the page.',
  },
  es: {
    title: 'Página de la familia',
    notRecognised: 'El distrito no reconoce esta cuenta, así que no se puede mostrar ningún registro. Si usted es padre, madre o tutor, pida a la oficina de la escuela de su hijo que vincule su cuenta.',
    loading: 'Cargando…',
    expired: 'Se cerró su sesión porque caducó. Vuelva a iniciar sesión.',
    configFailed: 'Esta página no pudo cargar su configuración. Vuelva a cargar la página.',
    dashboardFailed: 'No se pueden mostrar los registros de sus hijos en este momento. Inténtelo más tarde.',
    retry: 'Intentar de nuevo',
    viewFailed: 'Esta parte de la página no se pudo cargar. Vuelva a cargar la página.',
  },
  vi: {
    title: 'Trang gia đình',
    notRecognised: 'Học khu không nhận ra tài khoản này nên không thể hiển thị hồ sơ nào. Nếu quý vị là phụ huynh hoặc người giám hộ, xin nhờ văn phòng trường của con quý vị liên kết tài khoản.',
    loading: 'Đang tải…',
    expired: 'Quý vị đã bị đăng xuất vì phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.',
    configFailed: 'Trang này không tải được phần cài đặt. Vui lòng tải lại trang.',
    dashboardFailed: 'Hiện không thể hiển thị hồ sơ của con quý vị. Vui lòng thử lại sau.',
    retry: 'Thử lại',
    viewFailed: 'Không tải được phần này của trang. Vui lòng tải lại trang.',
  },
  so: {
    title: 'Bogga qoyska',
    notRecognised: 'Degmada waxbarashadu ma aqoonsana akoonkan, sidaas darteed diiwaan lama muujin karo. Haddii aad tahay waalid ama mas’uul, weydii xafiiska dugsiga ilmahaaga inay akoonkaaga ku xiraan.',
    loading: 'Waa la soo rarayaa…',
    expired: 'Waa lagaa saaray sababtoo ah fadhigaagii wuu dhammaaday. Fadlan mar kale gal.',
    configFailed: 'Boggan ma soo rari karin dejintiisa. Fadlan dib u soo rar bogga.',
    dashboardFailed: 'Diiwaannada carruurtaada hadda lama soo bandhigi karo. Fadlan mar dambe isku day.',
    retry: 'Isku day mar kale',
    viewFailed: 'Qaybtan bogga lama soo rari karin. Fadlan dib u soo rar bogga.',
  },
  ar: {
    title: 'صفحة الأسرة',
    notRecognised: 'لا تتعرّف المنطقة التعليمية على هذا الحساب، لذلك لا يمكن عرض أي سجلات. إذا كنت وليّ أمر، فاطلب من مكتب مدرسة طفلك ربط حسابك.',
    loading: 'جارٍ التحميل…',
    expired: 'تم تسجيل خروجك لأن جلستك انتهت. يُرجى تسجيل الدخول مرة أخرى.',
    configFailed: 'تعذّر على هذه الصفحة تحميل إعداداتها. يُرجى إعادة تحميل الصفحة.',
    dashboardFailed: 'لا يمكن عرض سجلات أطفالك الآن. يُرجى المحاولة لاحقًا.',
    retry: 'حاول مرة أخرى',
    viewFailed: 'تعذّر تحميل هذا الجزء من الصفحة. يُرجى إعادة تحميل الصفحة.',
  },
})

const CHOSEN_LANGUAGE = 'district-graph.language'

function chosenBeforeSignIn(): Language | undefined {
  const chosen = sessionStorage.getItem(CHOSEN_LANGUAGE)
  return isLanguage(chosen) ? chosen : undefined
}

export function App() {
  const [config, setConfig] = useState<AppConfig | undefined>()
  const [configFailed, setConfigFailed] = useState(false)
  const [session, setSession] = useState<Session | undefined>(loadSession)
  const [expired, setExpired] = useState(false)
  const [notRecognised, setNotRecognised] = useState(false)
  /** Sessions signed in on this page load (not kept from before): their first refusal means an unknown account. */
  const freshSessions = useRef(new WeakSet<Session>())
  const [signInProblem, setSignInProblem] = useState<string | undefined>()
  // Before sign-in: the language chosen on the sign-in screen (kept for this tab, so the trip to the
  // district's sign-in page and back does not lose it), else the browser's; after, the profile's.
  const [language, setLanguage] = useState<Language>(() => chosenBeforeSignIn() ?? closestLanguage(navigator.languages))
  const t = messages[language]

  useEffect(() => {
    document.documentElement.lang = language
    document.documentElement.dir = RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr'
    document.title = messages[language].title
  }, [language])

  useEffect(() => {
    void (async () => {
      let loaded: AppConfig
      try {
        const response = await fetch('/app-config.json')
        if (!response.ok) throw new Error(`/app-config.json answered ${response.status}`)
        loaded = (await response.json()) as AppConfig
      } catch {
        setConfigFailed(true)
        return
      }
      // The provider's answer comes back to this page's address: finish signing in before anything else.
      if (loaded.signIn.kind === 'oidc') {
        try {
          const { completeOidcSignIn } = await loadOidc()
          const completed = await completeOidcSignIn(loaded.signIn)
          if (completed) {
            freshSessions.current.add(completed)
            saveSession(completed)
            setSession(completed)
          }
        } catch (e) {
          setSignInProblem(e instanceof Error ? e.message : String(e))
        }
      }
      setConfig(loaded)
    })()
  }, [])

  const endSession = useCallback((accepted = true) => {
    clearSession()
    setSession(undefined)
    if (accepted) setExpired(true)
    else setNotRecognised(true)
  }, [])

  // A token that runs out while the page is open: back to sign-in with a sentence, not a failed request.
  useEffect(() => {
    if (!session) return
    const timer = setTimeout(() => {
      endSession()
    }, Math.max(0, session.expiresAt - Date.now()))
    return () => {
      clearTimeout(timer)
    }
  }, [session, endSession])

  // One client per session: nothing one family's requests left behind reaches the next's.
  const client = useMemo(() => createGraphClient(() => session?.token, endSession, { fresh: session !== undefined && freshSessions.current.has(session) }), [session, endSession])

  const signOut = () => {
    clearSession()
    setSession(undefined)
    setExpired(false)
    setNotRecognised(false)
    setSignInProblem(undefined)
    const signIn = config?.signIn
    if (session?.via === 'oidc' && signIn?.kind === 'oidc') {
      // Also end the session at the district's provider, when it offers that.
      void loadOidc().then(({ oidcSignOutUrl }) => {
        const url = oidcSignOutUrl(signIn, session)
        if (url) window.location.assign(url)
      })
    }
  }

  const chooseLocally = (next: Language) => {
    setLanguage(next)
    sessionStorage.setItem(CHOSEN_LANGUAGE, next)
    return Promise.resolve(true)
  }

  let page
  if (session) {
    page = (
      <Provider value={client}>
        <SignedIn onSignOut={signOut} setLanguage={setLanguage} />
      </Provider>
    )
  } else if (configFailed || !config) {
    page = (
      <main id="main">
        <h1>{t.title}</h1>
        {configFailed ? <p role="alert">{t.configFailed}</p> : <p role="status">{t.loading}</p>}
      </main>
    )
  } else {
    page = (
      <>
        <SignInHeader onLanguage={chooseLocally} />
        <SignIn
          config={config.signIn}
          notice={signInProblem ?? (notRecognised ? t.notRecognised : expired ? t.expired : undefined)}
          onSignedIn={(next) => {
            freshSessions.current.add(next)
            saveSession(next)
            setExpired(false)
            setNotRecognised(false)
            setSignInProblem(undefined)
            setSession(next)
          }}
        />
      </>
    )
  }
  return <LanguageContext.Provider value={language}>{page}</LanguageContext.Provider>
}

/** The view in the address bar's hash, kept current. */
function useRoute(): Route {
  const [hash, setHash] = useState(window.location.hash)
  useEffect(() => {
    const onChange = () => {
      setHash(window.location.hash)
    }
    window.addEventListener('hashchange', onChange)
    return () => {
      window.removeEventListener('hashchange', onChange)
    }
  }, [])
  return useMemo(() => parseRoute(hash), [hash])
}

/** The act views' module, loaded the first time a route needs it. */
function useActViews(needed: boolean): { views?: ActViews; failed: boolean } {
  const [views, setViews] = useState<ActViews | undefined>()
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    if (!needed || views) return
    actViews ??= import('./actions/index.ts')
    actViews.then(setViews, () => {
      actViews = undefined
      setFailed(true)
    })
  }, [needed, views])
  return views ? { views, failed } : { failed }
}

function SignedIn({ onSignOut, setLanguage }: { onSignOut: () => void; setLanguage: (language: Language) => void }) {
  const t = useMessages(messages)
  const [{ data, fetching, error }, reexecute] = useQuery({ query: FamilyDashboardDocument })
  const [, setPreferredLanguage] = useMutation(SetPreferredLanguageDocument)
  const route = useRoute()
  const acting = route.view !== 'dashboard'
  const { views, failed: viewFailed } = useActViews(acting)
  const me = data?.me
  const children = useMemo(() => me?.children ?? [], [me])
  const childrenById = useMemo(() => new Map<string, DashboardChild>(children.map((c) => [c.id, c])), [children])

  // The page opens in the language the guardian chose in their profile.
  const profileLanguage = me?.preferredLanguage
  useEffect(() => {
    if (isLanguage(profileLanguage)) setLanguage(profileLanguage)
  }, [profileLanguage, setLanguage])

  // Back on the dashboard after acting (a payment, a message, a notice), show what changed.
  const previousView = useRef(route.view)
  useEffect(() => {
    if (route.view === 'dashboard' && previousView.current !== 'dashboard') reexecute({ requestPolicy: 'network-only' })
    previousView.current = route.view
  }, [route.view, reexecute])

  // A new view takes the focus to its heading, as a new page would for a screen reader.
  const routeKey = JSON.stringify(route)
  const firstRoute = useRef(routeKey)
  useEffect(() => {
    if (routeKey === firstRoute.current) return
    firstRoute.current = ''
    const heading = document.querySelector<HTMLElement>('main h1, main h2')
    if (!heading) return
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1')
    heading.focus()
  }, [routeKey])

  const changeLanguage = async (next: Language): Promise<boolean> => {
    const result = await setPreferredLanguage({ input: { language: next } })
    if (result.error || !result.data?.setPreferredLanguage) return false
    setLanguage(next)
    // The graph's labels and explanations are in the profile's language: ask for them again.
    reexecute({ requestPolicy: 'network-only' })
    return true
  }

  const header = <Header name={me?.displayName} onSignOut={onSignOut} onLanguage={changeLanguage} />
  if (!data) {
    return (
      <>
        {header}
        <main id="main" aria-busy={fetching}>
          {fetching ? (
            <p role="status">{t.loading}</p>
          ) : (
            <>
              <h1>{t.title}</h1>
              <p role="alert">{t.dashboardFailed}</p>
              <button
                type="button"
                onClick={() => {
                  reexecute({ requestPolicy: 'network-only' })
                }}
              >
                {t.retry}
              </button>
            </>
          )}
        </main>
      </>
    )
  }

  const routeChild = 'childId' in route && route.childId ? childrenById.get(route.childId) : undefined
  if (route.view === 'alerts' || route.view === 'settings' || (routeChild && acting)) {
    if (!views) {
      return (
        <>
          {header}
          <main id="main">{viewFailed ? <p role="alert">{t.viewFailed}</p> : <p role="status">{t.loading}</p>}</main>
        </>
      )
    }
    const { AbsenceView, AlertsView, MessageView, PayView, SettingsView } = views
    return (
      <>
        {header}
        {route.view === 'alerts' && <AlertsView childrenById={childrenById} />}
        {route.view === 'settings' && <SettingsView />}
        {routeChild && route.view === 'message' && <MessageView child={routeChild} teacherId={route.teacherId} threadId={route.threadId} />}
        {routeChild && route.view === 'pay' && <PayView child={routeChild} />}
        {routeChild && route.view === 'absence' && <AbsenceView child={routeChild} />}
      </>
    )
  }

  const child = routeChild ?? children[0]
  return (
    <>
      {header}
      {child && <ChildSwitcher items={children} current={child.id} />}
      <main id="main" data-dashboard={fetching ? 'loading' : 'ready'} aria-busy={fetching}>
        {child ? <ChildDashboard child={child} index={children.indexOf(child)} error={error} /> : <NoChildren name={me?.displayName ?? t.title} />}
      </main>
    </>
  )
}
