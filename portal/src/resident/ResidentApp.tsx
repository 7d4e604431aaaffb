import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, NavLink, Route, Routes } from 'react-router-dom';
import { ApiFailure, client, ok, SESSION_ENDED, setCsrfToken } from '../api.ts';
import { Loading } from '../components/ui.tsx';
import { DisputeDetail, DisputeForm, DisputeList } from './Disputes.tsx';
import { History, RecordDetail } from './History.tsx';
import { setLanguage, type Language } from './i18n.ts';
import { ResidentSignIn } from './SignIn.tsx';

type State =
  | { status: 'loading' }
  | { status: 'signedOut'; reason?: 'ended' | 'signedOut' }
  | { status: 'signedIn'; idleMinutes: number };

interface ResidentSession {
  signedIn(csrfToken: string, idleMinutes: number): void;
  signOut(): Promise<void>;
}
const SessionContext = createContext<ResidentSession | null>(null);
export const useResidentSession = () => useContext(SessionContext)!;

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      <span className="sr-only">{t('nav.language')}</span>
      <select
        value={i18n.language}
        onChange={(e) => setLanguage(e.target.value as Language)}
        aria-label={t('nav.language')}
      >
        <option value="id">Bahasa Indonesia</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}

/**
 * Ends the screen's session after `minutes` without a key or a tap — the server ends it at the same idle
 * time, so the page says so instead of failing on the next request.
 */
function useIdleTimeout(minutes: number | null, onIdle: () => void) {
  useEffect(() => {
    if (minutes === null) return;
    let timer = setTimeout(onIdle, minutes * 60_000);
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(onIdle, minutes * 60_000);
    };
    const events = ['pointerdown', 'keydown', 'scroll'] as const;
    for (const e of events) window.addEventListener(e, reset, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, reset);
    };
  }, [minutes, onIdle]);
}

function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { signOut } = useResidentSession();
  return (
    <div className="resident-shell">
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top resident-top">
        <strong>{t('resident.title')}</strong>
        <div className="who">
          <LanguageSwitch />
          <button type="button" className="link" onClick={() => void signOut()}>
            {t('resident.signOut')}
          </button>
        </div>
      </header>
      <nav aria-label={t('resident.nav.menu')} className="resident-menu">
        <NavLink to="/warga" end>
          {t('resident.nav.history')}
        </NavLink>
        <NavLink to="/warga/keberatan">{t('resident.nav.disputes')}</NavLink>
      </nav>
      <main id="main" className="resident-main">
        {children}
      </main>
    </div>
  );
}

export function ResidentApp() {
  const [state, setState] = useState<State>({ status: 'loading' });

  // A reload: the cookie may still hold a session; the server gives its CSRF token again.
  useEffect(() => {
    ok(client.GET('/v1/resident/session')).then(
      (s) => {
        setCsrfToken(s.csrfToken);
        setState({ status: 'signedIn', idleMinutes: s.idleMinutes });
      },
      () => setState({ status: 'signedOut' }),
    );
  }, []);

  const ended = useCallback(() => {
    setCsrfToken(null);
    setState((s) => (s.status === 'signedIn' ? { status: 'signedOut', reason: 'ended' } : s));
  }, []);
  useEffect(() => {
    window.addEventListener(SESSION_ENDED, ended);
    return () => window.removeEventListener(SESSION_ENDED, ended);
  }, [ended]);
  useIdleTimeout(state.status === 'signedIn' ? state.idleMinutes : null, ended);

  const session: ResidentSession = {
    signedIn(csrfToken, idleMinutes) {
      setCsrfToken(csrfToken);
      setState({ status: 'signedIn', idleMinutes });
    },
    async signOut() {
      try {
        await ok(client.POST('/v1/resident/sign-out'));
      } catch (e) {
        // Already over on the server: signed out all the same.
        if (!(e instanceof ApiFailure)) throw e;
      }
      setCsrfToken(null);
      setState({ status: 'signedOut', reason: 'signedOut' });
    },
  };

  if (state.status === 'loading') return <Loading />;
  return (
    <SessionContext.Provider value={session}>
      {state.status === 'signedOut' ? (
        <ResidentSignIn reason={state.reason} />
      ) : (
        <BrowserRouter>
          <Shell>
            <Routes>
              <Route path="/warga" element={<History />} />
              <Route path="/warga/catatan/:id" element={<RecordDetail />} />
              <Route path="/warga/catatan/:id/keberatan" element={<DisputeForm />} />
              <Route path="/warga/keberatan" element={<DisputeList />} />
              <Route path="/warga/keberatan/:id" element={<DisputeDetail />} />
              <Route path="*" element={<Navigate to="/warga" replace />} />
            </Routes>
          </Shell>
        </BrowserRouter>
      )}
    </SessionContext.Provider>
  );
}
