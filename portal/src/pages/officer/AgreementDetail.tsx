import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Loading, Page, useLoad } from '../../components/ui.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { labelOf } from '../../elements.ts';
import { AgreementActions, Extensions } from './AgreementActions.tsx';
import {
  AgreementBadge,
  ElementList,
  ExpiryText,
  MethodList,
  useElements,
  useNames,
} from './lifecycle.shared.tsx';
import type { AgreementVersion } from './lifecycle.types.ts';

/** One agreement: the terms in force, the history of versions, and the steps its state allows. */
export function AgreementDetail() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const names = useNames();
  const elements = useElements();
  const agr = useLoad(() => ok(client.GET('/v1/agreements/{id}', { params: { path: { id } } })), [id]);
  const versions = useLoad(
    () => ok(client.GET('/v1/agreements/{id}/versions', { params: { path: { id } } })),
    [id],
  );
  const reload = () => {
    agr.reload();
    versions.reload();
  };
  const a = agr.data;
  const current =
    versions.data?.items.find((v) => v.id === a?.currentVersionId) ?? versions.data?.items.at(-1) ?? null;
  const hours =
    a?.allowedHoursStart && a.allowedHoursEnd
      ? `${a.allowedHoursStart.slice(0, 5)}–${a.allowedHoursEnd.slice(0, 5)} WIB`
      : t('agreements.anyTime');
  return (
    <Page
      title={a ? t('agreements.detailTitle', { number: a.registryNumber }) : t('agreements.title')}
      actions={<Link to="/officer/agreements">{t('agreements.back')}</Link>}
    >
      <ErrorNotice error={agr.error} />
      {agr.loading && !a && <Loading />}
      {a && (
        <>
          {a.endedReason && (
            <div
              role="status"
              className={`notice ${a.status === 'revoked' ? 'notice-error' : 'notice-warn'}`}
            >
              <p>
                <strong>
                  {t(`agreements.endedAs.${a.status === 'revoked' ? 'revoked' : 'terminated'}`)}
                </strong>
              </p>
              <p data-testid="ended-reason">{a.endedReason}</p>
            </div>
          )}
          <section className="panel" aria-labelledby="agr-summary">
            <h2 id="agr-summary">
              <Link to={`/officer/institutions/${a.institutionId}`}>
                {names.institutionName(a.institutionId)}
              </Link>{' '}
              <AgreementBadge status={a.status} />
            </h2>
            <dl className="facts">
              <dt>{t('agreements.registryNumber')}</dt>
              <dd>{a.registryNumber}</dd>
              <dt>{t('agreements.institutionNumber')}</dt>
              <dd>{a.institutionNumber}</dd>
              <dt>{t('applications.purpose')}</dt>
              <dd>{a.purpose}</dd>
              <dt>{t('officerCommon.period')}</dt>
              <dd>
                {formatDate(a.startDate, i18n.language)} – {formatDate(a.endDate, i18n.language)} ·{' '}
                <ExpiryText endDate={a.endDate} status={a.status} />
                {a.status === 'draft' && (
                  <span className="muted small"> ({t('agreements.provisional')})</span>
                )}
              </dd>
              {a.signedOn && (
                <>
                  <dt>{t('agreements.signed')}</dt>
                  <dd>
                    {formatDate(a.signedOn, i18n.language)}, {a.signedPlace}
                  </dd>
                </>
              )}
              <dt>{t('agreements.hours')}</dt>
              <dd>{hours}</dd>
              <dt>{t('officerCommon.methods')}</dt>
              <dd>
                <MethodList codes={current?.methods ?? a.methods} />
              </dd>
              <dt>{t('officerCommon.quotaPerAccount')}</dt>
              <dd>{current ? (current.quotaPerAccount ?? t('common.unlimited')) : '–'}</dd>
              <dt>{t('officerCommon.networks')}</dt>
              <dd>
                {current && current.allowedNetworks.length > 0 ? current.allowedNetworks.join(', ') : '–'}
              </dd>
              <dt>{t('officerCommon.bandwidth')}</dt>
              <dd>{current?.bandwidthMbps ?? '–'}</dd>
              <dt>{t('officerCommon.cardReaders')}</dt>
              <dd>{current?.cardReaders ?? 0}</dd>
              <dt>{t('officerCommon.returnData')}</dt>
              <dd>{current && current.returnData.length > 0 ? current.returnData.join(', ') : '–'}</dd>
              {a.applicationId && (
                <>
                  <dt>{t('agreements.application')}</dt>
                  <dd>
                    <Link to={`/officer/applications/${a.applicationId}`}>
                      {t('agreements.openApplication')}
                    </Link>
                  </dd>
                </>
              )}
            </dl>
            <h3>{t('officerCommon.elements')}</h3>
            <ElementList codes={current?.elements ?? a.elements} elements={elements} />
            {current && current.contactPersons.length > 0 && (
              <>
                <h3>{t('officerCommon.contacts')}</h3>
                <ul className="plain-list small">
                  {current.contactPersons.map((c, i) => (
                    <li key={i}>
                      {c.name} (
                      {t(
                        c.party === 'registry'
                          ? 'officerCommon.partyRegistry'
                          : 'officerCommon.partyInstitution',
                      )}
                      {c.position ? `, ${c.position}` : ''}) {c.phone} {c.email}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
          <AgreementActions
            agreement={a}
            current={versions.data ? current : undefined}
            elements={elements}
            onChanged={reload}
          />
          <Extensions agreement={a} onChanged={reload} />
          <section className="panel" aria-labelledby="agr-versions">
            <h2 id="agr-versions">{t('agreements.versions')}</h2>
            <ErrorNotice error={versions.error} />
            {versions.data && versions.data.items.length === 0 && <p>{t('common.empty')}</p>}
            {versions.data && versions.data.items.length > 0 && (
              <div className="table-wrap">
                <table className="data">
                  <thead>
                    <tr>
                      <th scope="col">{t('agreements.version')}</th>
                      <th scope="col">{t('common.time')}</th>
                      <th scope="col">{t('agreements.reason')}</th>
                      <th scope="col">{t('agreements.changes')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {versions.data.items.map((v, i, all) => (
                      <tr key={v.id}>
                        <th scope="row">{v.version}</th>
                        <td className="small">{formatDateTime(v.createdAt, i18n.language)}</td>
                        <td>{v.reason}</td>
                        <td className="small">
                          <VersionChanges v={v} before={all[i - 1]} labels={(c) => labelOf(elements, c)} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </Page>
  );
}

/** What a version changed against the one before it, in words. */
function VersionChanges({
  v,
  before,
  labels,
}: {
  v: AgreementVersion;
  before: AgreementVersion | undefined;
  labels: (code: string) => string;
}) {
  const { t, i18n } = useTranslation();
  if (!before) return <>{t('agreements.initial', { count: v.elements.length })}</>;
  const out: string[] = [];
  const added = v.elements.filter((e) => !before.elements.includes(e));
  const removed = before.elements.filter((e) => !v.elements.includes(e));
  if (added.length) out.push(`+ ${added.map(labels).join(', ')}`);
  if (removed.length) out.push(`− ${removed.map(labels).join(', ')}`);
  if (v.methods.join() !== before.methods.join())
    out.push(
      `${t('officerCommon.methods')}: ${v.methods.map((m) => t(`officerCommon.method.${m}`)).join(', ')}`,
    );
  if (v.quotaPerAccount !== before.quotaPerAccount)
    out.push(`${t('officerCommon.quotaPerAccount')}: ${v.quotaPerAccount ?? t('common.unlimited')}`);
  if (v.allowedNetworks.join() !== before.allowedNetworks.join())
    out.push(`${t('officerCommon.networks')}: ${v.allowedNetworks.join(', ') || '–'}`);
  if (v.endDate && v.endDate !== before.endDate)
    out.push(`${t('agreements.endDate')}: ${formatDate(v.endDate, i18n.language)}`);
  return <>{out.length ? out.join(' · ') : '–'}</>;
}
