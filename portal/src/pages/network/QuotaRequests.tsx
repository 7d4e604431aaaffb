import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDateTime } from '../../format.ts';
import { useMe } from '../../session.tsx';

/**
 * Quota increase requests of the officer's area, each with the operator's use so far; the central office grants
 * (the operator's quota becomes the one requested) or refuses, with a note (`/v1/quota-requests/:id/decision`).
 */
export function QuotaRequests() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { data, error, loading, reload } = useLoad(() => ok(client.GET('/v1/quota-requests')), []);
  const canDecide = me.role === 'central_officer';
  const quota = (q: number | null) =>
    q === null ? t('network.quotaRequests.unlimited') : q.toLocaleString('id-ID');
  return (
    <Page title={t('network.quotaRequests.title')}>
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      {data && data.items.length === 0 && <p>{t('network.none')}</p>}
      {data && data.items.length > 0 && (
        <ul className="plain-list stack">
          {data.items.map((r) => (
            <li key={r.id} className="panel" data-quota-request={r.id} data-status={r.status}>
              <p>
                <strong>{t(`network.quotaRequests.status.${r.status}`)}</strong> ·{' '}
                {formatDateTime(r.requestedAt, i18n.language)}
              </p>
              <dl className="terms">
                <dt>{t('network.quotaRequests.account')}</dt>
                <dd>{r.accountId}</dd>
                <dt>{t('network.quotaRequests.quota')}</dt>
                <dd>
                  {quota(r.currentQuota)} → {quota(r.requestedQuota)}
                </dd>
                <dt>{t('network.quotaRequests.usage')}</dt>
                <dd>
                  {t('network.quotaRequests.usageValue', {
                    today: r.usage.today.toLocaleString('id-ID'),
                    last30: r.usage.last30Days.toLocaleString('id-ID'),
                  })}
                </dd>
                <dt>{t('network.quotaRequests.justification')}</dt>
                <dd>{r.justification}</dd>
                {r.decisionNote && (
                  <>
                    <dt>{t('network.quotaRequests.note')}</dt>
                    <dd>{r.decisionNote}</dd>
                  </>
                )}
              </dl>
              {canDecide && r.status === 'requested' && <Decide id={r.id} onDone={reload} />}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

function Decide({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  async function decide(grant: boolean) {
    setError(null);
    try {
      await ok(
        client.POST('/v1/quota-requests/{id}/decision', { params: { path: { id } }, body: { grant, note } }),
      );
      setDone(true);
      onDone();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div className="stack">
      <Field id={`note-${id}`} label={t('network.quotaRequests.note')}>
        <textarea id={`note-${id}`} value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
      </Field>
      <ErrorNotice error={error} fields={{ '/note': t('network.quotaRequests.note') }} />
      {done && <Notice kind="ok">{t('network.saved')}</Notice>}
      <div className="actions">
        <button type="button" onClick={() => void decide(true)}>
          {t('network.quotaRequests.grant')}
        </button>
        <button type="button" className="secondary" onClick={() => void decide(false)}>
          {t('network.quotaRequests.refuse')}
        </button>
      </div>
    </div>
  );
}
