import { useTranslation } from 'react-i18next';
import { client, ok, type Answer } from '../../api.ts';
import { ErrorNotice, Loading, Page, useLoad } from '../../components/ui.tsx';
import { formatDate } from '../../format.ts';
import { daysUntil } from '../../days.ts';
import { labelOf, useElements } from '../../elements.ts';
import { useMe } from '../../session.tsx';

/** An agreement as the institution reads it (GET /v1/agreements). */
export type AgreementView = Answer<'/v1/agreements'>['items'][number];

const STATUS_BADGE: Record<string, string> = {
  active: 'badge-ok',
  signed: 'badge-ok',
  expiring: 'badge-warn',
  draft: '',
  expired: 'badge-err',
  terminated: 'badge-err',
  revoked: 'badge-err',
};

export function Agreement() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { data, error, loading } = useLoad(
    () =>
      ok(
        client.GET('/v1/agreements', { params: { query: { institutionId: me.institutionId ?? undefined } } }),
      ),
    [me.institutionId],
  );
  const elements = useElements();

  return (
    <Page title={t('agreementView.title')}>
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      {data && data.items.length === 0 && <p>{t('agreementView.none')}</p>}
      {data?.items.map((a) => {
        const left = daysUntil(a.endDate);
        return (
          <article key={a.id} className="panel" aria-labelledby={`pks-${a.id}`}>
            <h2 id={`pks-${a.id}`}>
              {a.registryNumber}{' '}
              <span className={`badge ${STATUS_BADGE[a.status] ?? ''}`} data-status={a.status}>
                {t(`agreementView.status.${a.status}`, { defaultValue: a.status })}
              </span>
            </h2>
            <dl className="terms">
              <dt>{t('agreementView.institutionNumber')}</dt>
              <dd>{a.institutionNumber}</dd>
              <dt>{t('agreementView.purpose')}</dt>
              <dd>{a.purpose}</dd>
              <dt>{t('agreementView.period')}</dt>
              <dd>
                {formatDate(a.startDate, i18n.language)} – {formatDate(a.endDate, i18n.language)}{' '}
                <strong data-testid="days-left">
                  {left >= 0 ? t('agreementView.daysLeft', { count: left }) : t('agreementView.ended')}
                </strong>
              </dd>
              {a.signedOn && (
                <>
                  <dt>{t('agreementView.signed')}</dt>
                  <dd>
                    {formatDate(a.signedOn, i18n.language)}
                    {a.signedPlace ? `, ${a.signedPlace}` : ''}
                  </dd>
                </>
              )}
              <dt>{t('agreementView.methods')}</dt>
              <dd>{a.methods.map((m) => t(`agreementView.method.${m}`, { defaultValue: m })).join(', ')}</dd>
              <dt>{t('agreementView.hours')}</dt>
              <dd>
                {a.allowedHoursStart && a.allowedHoursEnd
                  ? `${a.allowedHoursStart}–${a.allowedHoursEnd} WIB`
                  : t('agreementView.anyHours')}
              </dd>
              <dt>{t('agreementView.threshold')}</dt>
              <dd>{a.defaultThreshold}</dd>
              <dt>{t('agreementView.elements')}</dt>
              <dd>
                <ul className="elements">
                  {a.elements.map((e) => (
                    <li key={e}>{labelOf(elements, e)}</li>
                  ))}
                </ul>
              </dd>
              {a.endedReason && (
                <>
                  <dt>{t('common.details')}</dt>
                  <dd>{a.endedReason}</dd>
                </>
              )}
            </dl>
            <Versions agreementId={a.id} />
          </article>
        );
      })}
    </Page>
  );
}

function Versions({ agreementId }: { agreementId: string }) {
  const { t, i18n } = useTranslation();
  const { data } = useLoad(
    () => ok(client.GET('/v1/agreements/{id}/versions', { params: { path: { id: agreementId } } })),
    [agreementId],
  );
  if (!data || data.items.length === 0) return null;
  // The technical terms (Juknis) of the version in force: the newest.
  const terms = data.items.at(-1)!;
  return (
    <>
      <h3>{t('agreementView.technical')}</h3>
      <dl className="terms">
        <dt>{t('agreementView.networks')}</dt>
        <dd>{terms.allowedNetworks.join(', ') || '–'}</dd>
        <dt>{t('agreementView.bandwidth')}</dt>
        <dd>{terms.bandwidthMbps === null ? '–' : `${terms.bandwidthMbps} Mbps`}</dd>
        <dt>{t('agreementView.quotaPerAccount')}</dt>
        <dd>{terms.quotaPerAccount ?? t('common.unlimited')}</dd>
        <dt>{t('agreementView.cardReaders')}</dt>
        <dd>{terms.cardReaders}</dd>
        <dt>{t('agreementView.returnData')}</dt>
        <dd>{terms.returnData.join(', ') || '–'}</dd>
      </dl>
      <details>
        <summary>
          {t('agreementView.versions')} ({data.items.length})
        </summary>
        <ol>
          {data.items.map((v) => (
            <li key={v.id}>
              {t('agreementView.version')} {v.version} · {formatDate(v.createdAt, i18n.language)} · {v.reason}
            </li>
          ))}
        </ol>
      </details>
    </>
  );
}
