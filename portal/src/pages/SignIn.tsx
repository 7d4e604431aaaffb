import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure } from '../api.ts';
import { LanguageSwitch } from '../components/Layout.tsx';
import { ErrorNotice, Field, Notice } from '../components/ui.tsx';
import { useSession } from '../session.tsx';

export function SignIn({
  reason,
  message,
}: {
  reason?: 'ended' | 'signedOut' | 'refused';
  message?: string;
}) {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password, totp.trim() || undefined);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <main id="main" className="signin">
      <div className="card">
        <div className="signin-head">
          <h1>
            {t('app.name')} <span className="muted">— {t('signIn.title')}</span>
          </h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t('app.tagline')}</p>
        {reason === 'ended' && <Notice kind="warn">{t('signIn.ended')}</Notice>}
        {reason === 'signedOut' && <Notice>{t('signIn.signedOut')}</Notice>}
        {reason === 'refused' && message && <Notice kind="warn">{message}</Notice>}
        <form onSubmit={submit} noValidate>
          <Field id="username" label={t('signIn.username')}>
            <input
              id="username"
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </Field>
          <Field id="password" label={t('signIn.password')}>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </Field>
          <Field id="totp" label={t('signIn.totp')}>
            <input
              id="totp"
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="\d{6}"
              value={totp}
              onChange={(e) => setTotp(e.target.value)}
            />
          </Field>
          {error instanceof ApiFailure && error.code === 'UNAUTHENTICATED' ? (
            // Wrong user ID, password or code: the words users know, not the expiry of a session.
            <div role="alert" className="notice notice-error">
              <p>{t('outcomes.LOGIN_FAILED')}</p>
              {error.message && <p className="muted">{error.message}</p>}
            </div>
          ) : error instanceof ApiFailure && error.code === 'FORBIDDEN' ? (
            // A deactivated user ID: the registry's own words ("User ID non aktif, …"), not a generic refusal.
            <div role="alert" className="notice notice-error">
              <p>{error.message}</p>
            </div>
          ) : (
            <ErrorNotice error={error} />
          )}
          <button type="submit" disabled={busy || !username || !password}>
            {busy ? t('signIn.busy') : t('signIn.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
