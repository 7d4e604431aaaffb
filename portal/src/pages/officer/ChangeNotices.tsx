import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { client, ok, valuesOf, type Answer } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDate } from '../../format.ts';
import { ChangeSummary, type ChangeNotice } from '../institution/Changes.tsx';
import { listed, loadInstitutions } from './oversight.shared.ts';

type Confirmed = Answer<'/v1/officeholder-changes/{id}/confirm', 'post'>;

const STATUSES = valuesOf<ChangeNotice['status']>({ filed: true, confirmed: true, rejected: true });

/** The managing office confirms or rejects notices of change of officeholder or organisation. */
export function ChangeNotices() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  // Filed notices unless the URL names a status; one outside the API's list is no filter.
  const status = params.has('status') ? listed(STATUSES, params.get('status')) : 'filed';
  const institutions = useLoad(loadInstitutions, []);
  const list = useLoad(
    () => ok(client.GET('/v1/officeholder-changes', { params: { query: { status } } })).then((r) => r.items),
    [status],
  );
  const [result, setResult] = useState<Confirmed | null>(null);
  const nameOf = (id: string) => institutions.data?.find((i) => i.id === id)?.name ?? id;

  return (
    <Page title={t('changes.title')}>
      <div className="panel filters">
        <Field id="changes-status" label={t('changes.filter')}>
          <select
            id="changes-status"
            value={status ?? ''}
            onChange={(e) => setParams(new URLSearchParams({ status: e.target.value }))}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`changes.status_${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {result && (
        <Notice kind="ok">
          <span data-testid="change-confirmed">{t('changes.confirmed')}</span>
          {result.newHead && (
            <span>
              {' '}
              {t('changes.newHeadAccount', { username: result.newHead.username })}{' '}
              <code data-testid="one-time-password">{result.newHead.oneTimePassword}</code>
            </span>
          )}
        </Notice>
      )}
      <ErrorNotice error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.length === 0 && <p>{t('changes.none')}</p>}
      {(list.data ?? []).map((c) => (
        <section key={c.id} className="panel" data-testid="change-notice">
          <h2>{nameOf(c.institutionId)}</h2>
          <ChangeSummary c={c} />
          <p className="small">
            {c.letterNumber} · {t('changes.effectiveOn')}: {formatDate(c.effectiveOn, i18n.language)} ·{' '}
            {t(`changes.status_${c.status}`)}
          </p>
          <ul className="small">
            {c.documents.map((d) => (
              <li key={d.id}>{d.filename}</li>
            ))}
          </ul>
          {c.decisionNote && (
            <p className="small muted">
              {t('changes.decisionNote')}: {c.decisionNote}
            </p>
          )}
          {c.status === 'filed' && (
            <Decide
              change={c}
              onDone={(r) => {
                setResult(r);
                list.reload();
              }}
            />
          )}
        </section>
      ))}
    </Page>
  );
}

function Decide({ change, onDone }: { change: ChangeNotice; onDone: (r: Confirmed | null) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const act = async (what: 'confirm' | 'reject') => {
    setBusy(true);
    setFailure(null);
    try {
      const at = { params: { path: { id: change.id } } };
      if (what === 'confirm')
        onDone(await ok(client.POST('/v1/officeholder-changes/{id}/confirm', { ...at, body: {} })));
      else {
        await ok(
          client.POST('/v1/officeholder-changes/{id}/reject', { ...at, body: { reason: reason.trim() } }),
        );
        onDone(null);
      }
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <Field id={`reason-${change.id}`} label={t('changes.rejectReason')}>
        <input id={`reason-${change.id}`} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <ErrorNotice error={failure} fields={{ '/reason': t('changes.rejectReason') }} />
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void act('confirm')}>
          {t('changes.confirm')}
        </button>{' '}
        <button type="button" className="secondary" disabled={busy} onClick={() => void act('reject')}>
          {t('changes.reject')}
        </button>
      </div>
    </div>
  );
}
