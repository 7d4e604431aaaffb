import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../api.ts';
import { ErrorNotice, Field, Notice, Page } from '../components/ui.tsx';
import { useSession } from '../session.tsx';

export function ChangePassword() {
  const { t } = useTranslation();
  const { passwordChanged } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (next !== repeat) return setError(new Error(t('password.mismatch')));
    setBusy(true);
    try {
      await ok(client.POST('/v1/auth/password', { body: { currentPassword: current, newPassword: next } }));
      await passwordChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('password.title')}>
      <Notice kind="warn">{t('password.why')}</Notice>
      <form onSubmit={submit} className="narrow">
        <Field id="current" label={t('password.current')}>
          <input
            id="current"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            required
          />
        </Field>
        <Field id="next" label={t('password.next')}>
          <input
            id="next"
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
            required
            minLength={10}
          />
        </Field>
        <Field id="repeat" label={t('password.repeat')}>
          <input
            id="repeat"
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            required
          />
        </Field>
        <ErrorNotice error={error} />
        <button type="submit" disabled={busy}>
          {t('password.submit')}
        </button>
      </form>
    </Page>
  );
}
