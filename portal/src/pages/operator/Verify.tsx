import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok, type Answer } from '../../api.ts';
import { ErrorNotice, Field, Notice, Page } from '../../components/ui.tsx';
import { labelOf, loadElements, type ElementInfo } from '../../elements.ts';
import { useAccess, useMe, useSession } from '../../session.tsx';
import { OutcomeBanner, refusalOf } from './outcome.tsx';
import { QuotaBadge } from './Quota.tsx';
import { OpenTicket } from '../tickets/OpenTicket.tsx';

type VerifyAnswer = Answer<'/v1/verifications', 'post'>;

interface Row {
  key: number;
  code: string;
  value: string;
}

let nextKey = 1;
const row = (code: string): Row => ({ key: nextKey++, code, value: '' });

export function Verify() {
  const { t } = useTranslation();
  const me = useMe();
  const { refreshAccount } = useSession();
  const [elements, setElements] = useState<ElementInfo[]>([]);
  const [nik, setNik] = useState('');
  const [rows, setRows] = useState<Row[]>(() => [row('NAMA_LGKP'), row('TGL_LHR')]);
  const [answer, setAnswer] = useState<VerifyAnswer | null>(null);
  const [refused, setRefused] = useState<{ code: string; message: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const access = useAccess();
  // Only the elements the verification agreement grants are offered (all verifiable ones when unknown).
  const granted = access?.agreements
    .filter((a) => a.methods.includes('verification'))
    .flatMap((a) => a.elements);
  const grantedKey = granted?.join() ?? '';
  useEffect(() => {
    loadElements().then(
      (all) =>
        setElements(
          all.filter((e) => e.verifiable && e.code !== 'NIK' && (!granted || granted.includes(e.code))),
        ),
      setError,
    );
  }, [grantedKey]);

  const update = (key: number, change: Partial<Row>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const filled = rows.filter((r) => r.value.trim() !== '');
    setMissing(filled.length === 0);
    if (filled.length === 0) return;
    setBusy(true);
    setAnswer(null);
    setRefused(null);
    setError(null);
    try {
      setAnswer(
        await ok(
          client.POST('/v1/verifications', {
            body: {
              nik: nik.trim(),
              elements: Object.fromEntries(filled.map((r) => [r.code, r.value.trim()])),
            },
          }),
        ),
      );
    } catch (err) {
      const r = refusalOf(err);
      if (r) setRefused(r);
      else setError(err);
    } finally {
      setBusy(false);
      void refreshAccount();
    }
  }

  const used = new Set(rows.map((r) => r.code));
  return (
    <Page title={t('verify.title')} actions={<QuotaBadge quota={me.quota} />}>
      <p className="muted">{t('verify.intro')}</p>
      <form onSubmit={submit}>
        <Field id="verify-nik" label={t('lookup.nik')} hint={t('lookup.nikHint')}>
          <input
            id="verify-nik"
            inputMode="numeric"
            autoComplete="off"
            maxLength={20}
            value={nik}
            onChange={(e) => setNik(e.target.value)}
          />
        </Field>
        <fieldset>
          <legend>{t('verify.value')}</legend>
          {rows.map((r, i) => (
            <div className="row" key={r.key}>
              <label className="sr-only" htmlFor={`el-${r.key}`}>
                {t('verify.elementPick')} {i + 1}
              </label>
              <select
                id={`el-${r.key}`}
                value={r.code}
                onChange={(e) => update(r.key, { code: e.target.value })}
              >
                {elements
                  .filter((el) => el.code === r.code || !used.has(el.code))
                  .map((el) => (
                    <option key={el.code} value={el.code}>
                      {el.label}
                    </option>
                  ))}
              </select>
              <label className="sr-only" htmlFor={`val-${r.key}`}>
                {labelOf(elements, r.code)}
              </label>
              <input
                id={`val-${r.key}`}
                type={r.code === 'TGL_LHR' ? 'date' : 'text'}
                value={r.value}
                onChange={(e) => update(r.key, { value: e.target.value })}
              />
              <button
                type="button"
                className="secondary"
                onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
                disabled={rows.length === 1}
              >
                {t('verify.remove')}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() => {
              const free = elements.find((el) => !used.has(el.code));
              if (free) setRows((rs) => [...rs, row(free.code)]);
            }}
          >
            {t('verify.add')}
          </button>
        </fieldset>
        {missing && <Notice kind="warn">{t('verify.chooseOne')}</Notice>}
        <button type="submit" disabled={busy || nik.trim() === ''}>
          {t('verify.submit')}
        </button>
      </form>
      <ErrorNotice error={error} />
      {refused && <OutcomeBanner code={refused.code} message={refused.message} />}
      {answer && (
        <>
          <OutcomeBanner code={answer.outcome} message={answer.message} />
          {answer.elements && (
            <table className="data">
              <caption>
                {t('verify.threshold')}: {answer.threshold}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('lookup.element')}</th>
                  <th scope="col">{t('common.outcome')}</th>
                  <th scope="col">{t('verify.score')}</th>
                </tr>
              </thead>
              <tbody>
                {answer.elements.map((v) => (
                  <tr key={v.element} data-element={v.element} data-status={v.status}>
                    <th scope="row">{labelOf(elements, v.element)}</th>
                    <td className={`verdict verdict-${v.status}`}>{t(`verify.${v.status}`)}</td>
                    <td>{v.score ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {/* A "tidak sesuai" (or a record status) the person's KTP-el contradicts: a data-quality ticket. */}
          {(answer.elements?.some((v) => v.status === 'no_match') ||
            ['DECEASED', 'DUPLICATE', 'INACTIVE'].includes(answer.outcome)) && (
            <OpenTicket
              key={answer.requestId}
              source={{ kind: 'verification', requestId: answer.requestId }}
              testId="open-ticket"
            />
          )}
        </>
      )}
    </Page>
  );
}
