/**
 * The family's page: sign in, then the family dashboard from one FamilyDashboard request.
 */
import { useEffect, useMemo, useState } from 'preact/hooks'
import { Provider, useQuery } from '@urql/preact'
import { FamilyDashboardDocument } from '@district-graph/client'
import type { AppConfig } from '../../lib/contract/app-config.ts'
import { createGraphClient } from './graph.ts'
import { clearSession, loadSession, saveSession, tokenExpiry, type Session } from './session.ts'

export function App() {
  const [config, setConfig] = useState<AppConfig | undefined>()
  const [session, setSession] = useState<Session | undefined>(loadSession)
  useEffect(() => {
    void fetch('/app-config.json').then(async (r) => setConfig((await r.json()) as AppConfig))
  }, [])
  const client = useMemo(() => createGraphClient(() => session?.token), [session])
  if (!session) {
    if (!config) return <p>Loading…</p>
    if (config.signIn.kind !== 'demo') return <p>Sign-in is not configured.</p>
    return (
      <main>
        <h1>Sign in</h1>
        <ul>
          {config.signIn.logins.map((l) => (
            <li key={l.login}>
              <button
                type="button"
                onClick={() => {
                  void (async () => {
                    const r = await fetch(`/dev/token?login=${encodeURIComponent(l.login)}`)
                    const { token } = (await r.json()) as { token: string }
                    const next: Session = { token, expiresAt: tokenExpiry(token), via: 'demo' }
                    saveSession(next)
                    setSession(next)
                  })()
                }}
              >
                {l.login}
              </button>{' '}
              {l.who}
            </li>
          ))}
        </ul>
      </main>
    )
  }
  return (
    <Provider value={client}>
      <Dashboard
        onSignOut={() => {
          clearSession()
          setSession(undefined)
        }}
      />
    </Provider>
  )
}

function Dashboard({ onSignOut }: { onSignOut: () => void }) {
  const [{ data, fetching, error }] = useQuery({ query: FamilyDashboardDocument })
  if (fetching && !data) return <p>Loading…</p>
  return (
    <main>
      <h1>{data?.me.displayName}</h1>
      <button type="button" onClick={onSignOut}>Sign out</button>
      {error && <p>{error.message}</p>}
      <ul>{data?.me.children.map((c) => <li key={c.id}>{c.firstName} {c.lastName}</li>)}</ul>
    </main>
  )
}
