import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, client, ok } from '../api.ts';
import { ErrorNotice, Field, Notice } from '../components/ui.tsx';
import { LanguageSwitch, useResidentSession } from './ResidentApp.tsx';

/**
 * NIK, then the one-time code. The screen after "Kirim kode" is the same for any NIK — registered or not,
 * with a contact or not — as the server's answer is; a wrong code and an unknown NIK read alike too.
 */
export function ResidentSignIn({ reason }: { reason?: 'ended' | 'signedOut' | undefined }) {
  const { t } = useTranslation();
  const session = useResidentSession();
  const [step, setStep] = useState<'nik' | 'code'>('nik');
  const [nik, setNik] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState<string | null>(null);

  async function askCode(e?: FormEvent) {
    e?.preventDefault();
    setError(null);
    if (!/^\d{16}$/.test(nik)) return setInvalid(t('resident.signIn.nikInvalid'));
    setInvalid(null);
    setBusy(true);
    try {
      await ok(client.POST('/v1/resident/sign-in/code', { body: { nik } }));
      setCode('');
      setStep('code');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function signIn(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!/^\d{6}$/.test(code)) return setInvalid(t('resident.signIn.codeInvalid'));
    setInvalid(null);
    setBusy(true);
    try {
      const s = await ok(client.POST('/v1/resident/sign-in', { body: { nik, code } }));
      session.signedIn(s.csrfToken, s.idleMinutes);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <main id="main" className="signin resident-signin">
      <div className="card">
        <div className="signin-head">
          <h1>{t('resident.title')}</h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t('resident.tagline')}</p>
        {reason === 'ended' && <Notice kind="warn">{t('resident.signIn.ended')}</Notice>}
        {reason === 'signedOut' && <Notice>{t('resident.signIn.signedOut')}</Notice>}
        {step === 'nik' ? (
          <form onSubmit={askCode} noValidate>
            <Field id="nik" label={t('resident.signIn.nik')} hint={t('resident.signIn.nikHint')}>
              <input
                id="nik"
                name="nik"
                inputMode="numeric"
                autoComplete="off"
                maxLength={16}
                aria-describedby="nik-hint"
                value={nik}
                onChange={(e) => setNik(e.target.value.replace(/\D/g, ''))}
              />
            </Field>
            <Problems invalid={invalid} error={error} />
            <button type="submit" disabled={busy}>
              {busy ? t('resident.signIn.asking') : t('resident.signIn.askCode')}
            </button>
          </form>
        ) : (
          <form onSubmit={signIn} noValidate>
            <Notice kind="ok">{t('resident.signIn.sent')}</Notice>
            <Field id="code" label={t('resident.signIn.code')} hint={t('resident.signIn.codeHint')}>
              <input
                id="code"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                aria-describedby="code-hint"
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
              />
            </Field>
            <Problems invalid={invalid} error={error} wrongCode />
            <button type="submit" disabled={busy}>
              {busy ? t('resident.signIn.busy') : t('resident.signIn.submit')}
            </button>
            <div className="actions resident-secondary">
              <button type="button" className="link" onClick={() => void askCode()} disabled={busy}>
                {t('resident.signIn.newCode')}
              </button>
              <button
                type="button"
                className="link"
                onClick={() => {
                  setStep('nik');
                  setError(null);
                }}
              >
                {t('resident.signIn.otherNik')}
              </button>
            </div>
          </form>
        )}
        <p className="muted small">{t('resident.signIn.privacy')}</p>
      </div>
    </main>
  );
}

/**
 * What went wrong with a step of the sign-in, in words: the form's own check, the lockout, a wrong code (the
 * code step only), or any other error.
 */
function Problems({
  invalid,
  error,
  wrongCode,
}: {
  invalid: string | null;
  error: unknown;
  wrongCode?: boolean;
}) {
  const { t } = useTranslation();
  const failure = error instanceof ApiFailure ? error : null;
  const message =
    failure?.code === 'RATE_LIMITED'
      ? t('resident.signIn.locked')
      : wrongCode && failure?.code === 'UNAUTHENTICATED'
        ? t('resident.signIn.wrongCode')
        : null;
  return (
    <>
      {invalid && (
        <p role="alert" className="notice notice-error">
          {invalid}
        </p>
      )}
      {message ? (
        <p role="alert" className="notice notice-error">
          {message}
        </p>
      ) : (
        <ErrorNotice error={error} />
      )}
    </>
  );
}
