import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, client, download, ok } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDate } from '../../format.ts';
import { labelOf, useElements, type ElementInfo } from '../../elements.ts';
import { useMe } from '../../session.tsx';

const METHODS = ['verification', 'portal', 'card_reader'] as const;

export function Requests() {
  const { t } = useTranslation();
  return (
    <Page title={t('requests.title')}>
      <Applications />
      <QuotaRequests />
    </Page>
  );
}

function Applications() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { data, error, loading, reload } = useLoad(
    () =>
      ok(
        client.GET('/v1/applications', {
          params: { query: { institutionId: me.institutionId ?? undefined } },
        }),
      ),
    [me.institutionId],
  );
  const elements = useElements() ?? [];
  const [open, setOpen] = useState(false);
  const [purpose, setPurpose] = useState('');
  const [chosen, setChosen] = useState<ElementInfo['code'][]>(['NIK', 'NAMA_LGKP']);
  const [methods, setMethods] = useState<(typeof METHODS)[number][]>(['verification']);
  const [returnData, setReturnData] = useState('');
  const [months, setMonths] = useState('24');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    setDone(false);
    try {
      await ok(
        client.POST('/v1/applications', {
          body: {
            institutionId: me.institutionId ?? '',
            purpose: purpose.trim(),
            elements: chosen,
            methods,
            returnData: returnData
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
            periodMonths: Number(months),
          },
        }),
      );
      setDone(true);
      setOpen(false);
      setPurpose('');
      reload();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  return (
    <section className="panel" aria-labelledby="apps-title">
      <div className="page-head">
        <h2 id="apps-title">{t('requests.applications')}</h2>
        <button type="button" className="secondary" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {t('requests.newApplication')}
        </button>
      </div>
      {done && <Notice kind="ok">{t('requests.submitted')}</Notice>}
      {open && (
        <form onSubmit={submit}>
          <Field id="app-purpose" label={t('requests.purpose')}>
            <textarea id="app-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} />
          </Field>
          <fieldset>
            <legend>{t('requests.elements')}</legend>
            <div className="checks">
              {elements.map((el) => (
                <label key={el.code}>
                  <input
                    type="checkbox"
                    checked={chosen.includes(el.code)}
                    onChange={() => setChosen((c) => toggle(c, el.code))}
                  />{' '}
                  {el.label}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('requests.methods')}</legend>
            {METHODS.map((m) => (
              <label key={m} className="check">
                <input
                  type="checkbox"
                  checked={methods.includes(m)}
                  onChange={() => setMethods((x) => toggle(x, m))}
                />{' '}
                {t(`agreementView.method.${m}`)}
              </label>
            ))}
          </fieldset>
          <Field id="app-return" label={t('requests.returnData')}>
            <input id="app-return" value={returnData} onChange={(e) => setReturnData(e.target.value)} />
          </Field>
          <Field id="app-months" label={t('requests.periodMonths')}>
            <input
              id="app-months"
              type="number"
              min={1}
              max={120}
              value={months}
              onChange={(e) => setMonths(e.target.value)}
            />
          </Field>
          <ErrorNotice
            error={failure}
            fields={{
              '/purpose': t('requests.purpose'),
              '/elements': t('requests.elements'),
              '/methods': t('requests.methods'),
              '/returnData': t('requests.returnData'),
            }}
          />
          {failure instanceof ApiFailure && failure.code === 'APPLICATION_COVERED_BY_MOU' && (
            // The MoU rule: the server's message (Indonesian) names the central body and its MoU.
            <p className="small" data-testid="mou-refusal">
              {failure.message}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {t('requests.submitApplication')}
          </button>
        </form>
      )}
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      {data && data.items.length === 0 && <p>{t('common.empty')}</p>}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('common.date')}</th>
                <th scope="col">{t('requests.purpose')}</th>
                <th scope="col">{t('requests.elements')}</th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">{t('requests.letter')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((a) => (
                <tr key={a.id}>
                  <td>{formatDate(a.submittedAt, i18n.language)}</td>
                  <td>{a.purpose}</td>
                  <td>{a.elements.map((e) => labelOf(elements, e)).join(', ')}</td>
                  <td>
                    <span className="badge" data-status={a.status}>
                      {t(`requests.appStatus.${a.status}`, { defaultValue: a.status })}
                    </span>
                    {a.rejectionReasons && (
                      <ul className="small">
                        {a.rejectionReasons.map((r) => (
                          <li key={r}>{r}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    {a.letterId && (
                      <button
                        type="button"
                        className="link"
                        onClick={() =>
                          void download(
                            `/v1/applications/${a.id}/letter`,
                            `${a.letterNumber ?? 'surat'}.pdf`,
                            () => undefined,
                          )
                        }
                      >
                        {a.letterNumber}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function QuotaRequests() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { data, error, loading, reload } = useLoad(async () => {
    const [requests, accounts] = await Promise.all([
      ok(client.GET('/v1/quota-requests')),
      ok(client.GET('/v1/accounts', { params: { query: { institutionId: me.institutionId ?? undefined } } })),
    ]);
    return {
      requests: requests.items,
      operators: accounts.items.filter((a) => a.role === 'operator' && a.isActive),
    };
  }, [me.institutionId]);
  const [accountId, setAccountId] = useState('');
  const [quota, setQuota] = useState('');
  const [justification, setJustification] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const username = (id: string) => data?.operators.find((a) => a.id === id)?.username ?? id;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    setDone(false);
    try {
      await ok(
        client.POST('/v1/accounts/{id}/quota-requests', {
          params: { path: { id: accountId } },
          body: {
            requestedQuota: quota.trim() === '' ? null : Number(quota),
            justification: justification.trim(),
          },
        }),
      );
      setDone(true);
      setJustification('');
      reload();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="quota-title">
      <h2 id="quota-title">{t('requests.quotaRequests')}</h2>
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      {data && (
        <>
          <form onSubmit={submit}>
            <h3>{t('requests.newQuota')}</h3>
            <div className="filters">
              <Field id="q-account" label={t('requests.operator')}>
                <select
                  id="q-account"
                  value={accountId}
                  onChange={(e) => setAccountId(e.target.value)}
                  required
                >
                  <option value="">–</option>
                  {data.operators.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.username}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id="q-quota" label={t('requests.requestedQuota')} hint={t('common.unlimited')}>
                <input
                  id="q-quota"
                  type="number"
                  min={1}
                  value={quota}
                  onChange={(e) => setQuota(e.target.value)}
                />
              </Field>
            </div>
            <Field id="q-why" label={t('requests.justification')}>
              <textarea id="q-why" value={justification} onChange={(e) => setJustification(e.target.value)} />
            </Field>
            {done && <Notice kind="ok">{t('requests.quotaSubmitted')}</Notice>}
            <ErrorNotice
              error={failure}
              fields={{
                '/justification': t('requests.justification'),
                '/requestedQuota': t('requests.requestedQuota'),
              }}
            />
            <button type="submit" disabled={busy || !accountId}>
              {t('requests.submitQuota')}
            </button>
          </form>
          {data.requests.length > 0 && (
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t('common.date')}</th>
                    <th scope="col">{t('requests.operator')}</th>
                    <th scope="col">{t('requests.requestedQuota')}</th>
                    <th scope="col">{t('common.status')}</th>
                    <th scope="col">{t('requests.decision')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.requests.map((r) => (
                    <tr key={r.id}>
                      <td>{formatDate(r.requestedAt, i18n.language)}</td>
                      <td>
                        <code>{username(r.accountId)}</code>
                        <div className="small muted">
                          {t('requests.usageSoFar', { today: r.usage.today, last30: r.usage.last30Days })}
                        </div>
                      </td>
                      <td>
                        {r.currentQuota ?? t('common.unlimited')} →{' '}
                        {r.requestedQuota ?? t('common.unlimited')}
                      </td>
                      <td>
                        <span className="badge">
                          {t(`requests.qStatus.${r.status}`, { defaultValue: r.status })}
                        </span>
                      </td>
                      <td>{r.decisionNote ?? '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
