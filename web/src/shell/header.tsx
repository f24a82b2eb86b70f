/**
 * The page's header: who is signed in, the alerts and settings, the language, and signing out;
 * below it, on the dashboard, a switch between the family's children.
 */
import { useEffect, useState } from 'preact/hooks'
import { defineMessages, LANGUAGE_NAMES, LANGUAGES, isLanguage, useLanguage, useMessages, type Language } from '../i18n.ts'
import { href, type DashboardChild } from '../routes.ts'

const messages = defineMessages({
  en: {
    site: 'Family page',
    signedInAs: (name: string) => `Signed in as ${name}`,
    account: 'Account',
    alerts: 'Alerts',
    settings: 'Settings',
    signOut: 'Sign out',
    language: 'Language',
    change: 'Change',
    changeFailed: 'The language could not be changed. Please try again.',
    children: 'Your children',
  },
  es: {
    site: 'Página de la familia',
    signedInAs: (name: string) => `Sesión iniciada como ${name}`,
    account: 'Cuenta',
    alerts: 'Avisos',
    settings: 'Configuración',
    signOut: 'Cerrar sesión',
    language: 'Idioma',
    change: 'Cambiar',
    changeFailed: 'No se pudo cambiar el idioma. Inténtelo de nuevo.',
    children: 'Sus hijos',
  },
  vi: {
    site: 'Trang gia đình',
    signedInAs: (name: string) => `Đã đăng nhập: ${name}`,
    account: 'Tài khoản',
    alerts: 'Thông báo',
    settings: 'Cài đặt',
    signOut: 'Đăng xuất',
    language: 'Ngôn ngữ',
    change: 'Đổi',
    changeFailed: 'Không đổi được ngôn ngữ. Vui lòng thử lại.',
    children: 'Con của quý vị',
  },
  so: {
    site: 'Bogga qoyska',
    signedInAs: (name: string) => `Waxaad u gashay sida ${name}`,
    account: 'Akoonka',
    alerts: 'Digniinaha',
    settings: 'Dejinta',
    signOut: 'Ka bax',
    language: 'Luqadda',
    change: 'Beddel',
    changeFailed: 'Luqadda lama beddeli karin. Fadlan mar kale isku day.',
    children: 'Carruurtaada',
  },
  ar: {
    site: 'صفحة الأسرة',
    signedInAs: (name: string) => `تم تسجيل الدخول باسم ${name}`,
    account: 'الحساب',
    alerts: 'التنبيهات',
    settings: 'الإعدادات',
    signOut: 'تسجيل الخروج',
    language: 'اللغة',
    change: 'تغيير',
    changeFailed: 'تعذّر تغيير اللغة. يُرجى المحاولة مرة أخرى.',
    children: 'أطفالك',
  },
})

export function Header({ name, onSignOut, onLanguage }: { name?: string | undefined; onSignOut: () => void; onLanguage: (language: Language) => Promise<boolean> }) {
  const t = useMessages(messages)
  return (
    <header class="top">
      <div class="bar">
        <p class="site">
          <a href={href({ view: 'dashboard' })}>{t.site}</a>
        </p>
        <nav aria-label={t.account}>
          <ul class="links">
            <li>
              <a href={href({ view: 'alerts' })}>{t.alerts}</a>
            </li>
            <li>
              <a href={href({ view: 'settings' })}>{t.settings}</a>
            </li>
            <li>
              <button type="button" class="link" onClick={onSignOut}>
                {t.signOut}
              </button>
            </li>
          </ul>
        </nav>
      </div>
      <div class="bar">
        {name && <p class="who">{t.signedInAs(name)}</p>}
        <LanguageSwitcher onLanguage={onLanguage} />
      </div>
    </header>
  )
}

/** Before signing in: the page's name and the language, which stays in this tab until the profile's arrives. */
export function SignInHeader({ onLanguage }: { onLanguage: (language: Language) => Promise<boolean> }) {
  const t = useMessages(messages)
  return (
    <header class="top">
      <div class="bar">
        <p class="site">{t.site}</p>
        <LanguageSwitcher onLanguage={onLanguage} />
      </div>
    </header>
  )
}

/**
 * The five languages by their own names. Choosing one and pressing the button (not the choice
 * alone: a page that changes under a keyboard user moving through the list loses them) keeps it
 * in the guardian's profile, and the graph's words come back in it.
 */
export function LanguageSwitcher({ onLanguage }: { onLanguage: (language: Language) => Promise<boolean> }) {
  const t = useMessages(messages)
  const current = useLanguage()
  const [chosen, setChosen] = useState<Language>(current)
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState(false)
  // The page's language also changes without this form: the profile's arrives with the dashboard.
  useEffect(() => {
    setChosen(current)
  }, [current])
  return (
    <form
      class="language"
      onSubmit={(e) => {
        e.preventDefault()
        setBusy(true)
        setFailed(false)
        void onLanguage(chosen).then((ok) => {
          setBusy(false)
          setFailed(!ok)
        })
      }}
    >
      <label for="language">{t.language}</label>
      <select
        id="language"
        value={chosen}
        onChange={(e) => {
          const value = e.currentTarget.value
          if (isLanguage(value)) setChosen(value)
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
      <button type="submit" disabled={busy || chosen === current}>
        {t.change}
      </button>
      {failed && (
        <p class="area-error" role="alert">
          {t.changeFailed}
        </p>
      )}
    </form>
  )
}

/** Links between the children (the child is in the route, so each has an address). */
export function ChildSwitcher({ items, current }: { items: readonly DashboardChild[]; current: string }) {
  const t = useMessages(messages)
  if (items.length < 2) return null
  return (
    <nav aria-label={t.children} class="children">
      <ul>
        {items.map((c) => (
          <li key={c.id}>
            <a href={href({ view: 'dashboard', childId: c.id })} aria-current={c.id === current ? 'page' : undefined}>
              {c.firstName}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
