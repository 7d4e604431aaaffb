import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router-dom';
import { LANGUAGES, setLanguage, type Language } from '../i18n.ts';
import { areaOf, useMe, useSession, type Area } from '../session.tsx';

export const NAV: Record<Area, { to: string; label: string }[]> = {
  operator: [
    { to: '/operator/lookup', label: 'nav.lookup' },
    { to: '/operator/verify', label: 'nav.verify' },
    { to: '/operator/history', label: 'nav.history' },
  ],
  institution: [
    { to: '/institution/operators', label: 'nav.operators' },
    { to: '/institution/agreement', label: 'nav.agreement' },
    { to: '/institution/usage', label: 'nav.usage' },
    { to: '/institution/requests', label: 'nav.requests' },
    { to: '/institution/compliance', label: 'nav.compliance' },
  ],
  officer: [
    { to: '/officer/dashboard', label: 'nav.dashboard' },
    { to: '/officer/applications', label: 'nav.applications' },
    { to: '/officer/institutions', label: 'nav.institutions' },
    { to: '/officer/agreements', label: 'nav.agreements' },
    { to: '/officer/user-id-requests', label: 'nav.userIdRequests' },
    { to: '/officer/compliance', label: 'nav.complianceBoard' },
    { to: '/officer/audit', label: 'nav.audit' },
  ],
};

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
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {l === 'id' ? 'Bahasa Indonesia' : 'English'}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useSession();
  const location = useLocation();
  // A new screen: move focus to its heading, as a page load would.
  useEffect(() => {
    document.getElementById('page-title')?.focus();
  }, [location.pathname]);
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top">
        <div className="brand">
          <strong>{t('app.name')}</strong>
          <span className="muted">{t('app.tagline')}</span>
        </div>
        <div className="who">
          <span data-testid="who">
            {me.fullName} · {t(`roles.${me.role}`)}
          </span>
          <LanguageSwitch />
          <button type="button" className="link" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <nav aria-label={t('nav.menu')} className="menu">
        <ul>
          {NAV[areaOf(me.role)].map((n) => (
            <li key={n.to}>
              <NavLink to={n.to}>{t(n.label)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main">{children}</main>
    </div>
  );
}
