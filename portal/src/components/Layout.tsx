import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router-dom';
import { LANGUAGES, setLanguage, type Language } from '../i18n.ts';
import { areaOf, useAccess, useMe, useSession, type Access, type Area, type Role } from '../session.tsx';
import { Notice } from './ui.tsx';

interface NavItem {
  to: string;
  label: string;
  /** The access method the agreement must grant for the screen to be offered. */
  method?: Access['methods'][number];
  /** The roles of the area offered the screen (all when absent). */
  roles?: Role[];
}

/** The finance officer (of the registry's area) works on fees only. */
const NOT_FINANCE: Role[] = ['central_officer', 'office_officer', 'auditor'];

export const NAV: Record<Area, NavItem[]> = {
  operator: [
    { to: '/operator/lookup', label: 'nav.lookup', method: 'portal' },
    { to: '/operator/verify', label: 'nav.verify', method: 'verification' },
    { to: '/operator/history', label: 'nav.history' },
    { to: '/operator/tickets', label: 'tickets.nav' },
  ],
  institution: [
    { to: '/institution/operators', label: 'nav.operators' },
    { to: '/institution/agreement', label: 'nav.agreement' },
    { to: '/institution/usage', label: 'nav.usage' },
    { to: '/institution/requests', label: 'nav.requests' },
    { to: '/institution/compliance', label: 'nav.compliance' },
    { to: '/institution/fees', label: 'nav.fees' },
    { to: '/institution/return-data', label: 'nav.returnData' },
    { to: '/institution/network', label: 'network.nav' },
    { to: '/institution/obligations', label: 'network.obligations.nav' },
    { to: '/institution/changes', label: 'obligationsNav.changes' },
    { to: '/institution/card-readers', label: 'readersNav.institution' },
    { to: '/institution/disputes', label: 'disputes.nav' },
    { to: '/institution/reports', label: 'semesterReports.nav' },
    { to: '/institution/evaluations', label: 'evaluationsView.nav' },
    { to: '/institution/tickets', label: 'tickets.nav' },
  ],
  officer: [
    { to: '/officer/dashboard', label: 'nav.dashboard', roles: NOT_FINANCE },
    { to: '/officer/applications', label: 'nav.applications', roles: NOT_FINANCE },
    { to: '/officer/institutions', label: 'nav.institutions', roles: NOT_FINANCE },
    { to: '/officer/agreements', label: 'nav.agreements', roles: NOT_FINANCE },
    { to: '/officer/user-id-requests', label: 'nav.userIdRequests', roles: NOT_FINANCE },
    { to: '/officer/compliance', label: 'nav.complianceBoard', roles: NOT_FINANCE },
    { to: '/officer/return-data', label: 'nav.returnDataOversight', roles: NOT_FINANCE },
    { to: '/officer/tickets', label: 'tickets.boardNav', roles: NOT_FINANCE },
    { to: '/officer/audit', label: 'nav.audit', roles: NOT_FINANCE },
    { to: '/officer/disputes', label: 'disputes.nav', roles: NOT_FINANCE },
    { to: '/officer/fees', label: 'nav.fees' },
    { to: '/officer/holidays', label: 'network.holidays.nav', roles: NOT_FINANCE },
    { to: '/officer/quota-requests', label: 'network.quotaRequests.nav', roles: NOT_FINANCE },
    { to: '/officer/change-notices', label: 'obligationsNav.changeNotices', roles: NOT_FINANCE },
    { to: '/officer/mous', label: 'obligationsNav.mous', roles: NOT_FINANCE },
    { to: '/officer/sams', label: 'readersNav.officer', roles: NOT_FINANCE },
    { to: '/officer/reports', label: 'semesterReports.navOfficer', roles: NOT_FINANCE },
    { to: '/officer/evaluations', label: 'evaluationsView.nav', roles: NOT_FINANCE },
  ],
};

/**
 * The menu of an area: an operator's screens only when the agreement in force grants their method; a screen
 * naming roles only for those.
 */
export function navFor(area: Area, access: Access | null, role?: Role): NavItem[] {
  const forRole = NAV[area].filter((n) => !n.roles || !role || n.roles.includes(role));
  if (!access) return forRole;
  return forRole.filter((n) => !n.method || access.methods.includes(n.method));
}

/** Why an operator can do nothing today, said before any form is filled. */
function AccessNotice({ access }: { access: Access | null }) {
  const { t } = useTranslation();
  if (!access || access.state === 'ok' || access.state === 'no_institution') return null;
  return (
    <div data-testid="access-notice">
      <Notice kind="warn">
        <strong>{t(`access.${access.state}.title`, { name: access.institution?.name ?? '' })}</strong>{' '}
        {t(`access.${access.state}.body`)}
      </Notice>
    </div>
  );
}

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
  const access = useAccess();
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
          {navFor(areaOf(me.role), access, me.role).map((n) => (
            <li key={n.to}>
              <NavLink to={n.to}>{t(n.label)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main">
        <AccessNotice access={access} />
        {children}
      </main>
    </div>
  );
}
