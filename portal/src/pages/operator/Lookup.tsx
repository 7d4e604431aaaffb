import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok, type Answer } from '../../api.ts';
import { ErrorNotice, Field, Page } from '../../components/ui.tsx';
import { labelOf, useElements } from '../../elements.ts';
import { useMe, useSession } from '../../session.tsx';
import { OutcomeBanner, refusalOf } from './outcome.tsx';
import { QuotaBadge } from './Quota.tsx';

type LookupAnswer = Answer<'/v1/lookups', 'post'>;

export function Lookup() {
  const { t } = useTranslation();
  const me = useMe();
  const { refreshAccount } = useSession();
  const [nik, setNik] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<LookupAnswer | null>(null);
  const [refused, setRefused] = useState<{ code: string; message: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const elements = useElements();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setAnswer(null);
    setRefused(null);
    setError(null);
    try {
      setAnswer(await ok(client.POST('/v1/lookups', { body: { nik: nik.trim() } })));
    } catch (err) {
      const r = refusalOf(err);
      if (r) setRefused(r);
      else setError(err);
    } finally {
      setBusy(false);
      void refreshAccount();
    }
  }

  return (
    <Page title={t('lookup.title')} actions={<QuotaBadge quota={me.quota} />}>
      <form onSubmit={submit} className="inline-form" role="search">
        <Field id="nik" label={t('lookup.nik')} hint={t('lookup.nikHint')}>
          <input
            id="nik"
            name="nik"
            inputMode="numeric"
            autoComplete="off"
            maxLength={20}
            aria-describedby="nik-hint"
            value={nik}
            onChange={(e) => setNik(e.target.value)}
          />
        </Field>
        <button type="submit" disabled={busy || nik.trim() === ''}>
          {busy ? t('lookup.busy') : t('lookup.submit')}
        </button>
      </form>
      <ErrorNotice error={error} />
      {refused && <OutcomeBanner code={refused.code} message={refused.message} />}
      {answer && (
        <>
          <OutcomeBanner code={answer.outcome} message={answer.message} />
          {answer.elements && (
            <>
              <table className="data" aria-label={t('lookup.granted')}>
                <caption>{t('lookup.granted')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('lookup.element')}</th>
                    <th scope="col">{t('lookup.value')}</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(answer.elements).map(([code, value]) => (
                    <tr key={code} data-element={code}>
                      <th scope="row">{labelOf(elements, code)}</th>
                      <td>{value ?? <span className="muted">{t('lookup.none')}</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted small">{t('lookup.notice')}</p>
            </>
          )}
          <p className="muted small">
            {t('common.requestId')}: <code>{answer.requestId}</code>
          </p>
        </>
      )}
    </Page>
  );
}
