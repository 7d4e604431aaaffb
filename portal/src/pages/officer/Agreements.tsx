import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Field, Loading, Page, useLoad } from '../../components/ui.tsx';
import { formatDate } from '../../format.ts';
import { AgreementBadge, ExpiryText, MethodList, InstitutionFilter, useNames } from './lifecycle.shared.tsx';
import { AGREEMENT_STATUSES } from './lifecycle.types.ts';

/** Every agreement (PKS) in the officer's area, by institution and status, with days to the end. */
export function Agreements() {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const [institutionId, setInstitutionId] = useState('');
  const [status, setStatus] = useState('');
  const { data, error, loading } = useLoad(
    () =>
      ok(client.GET('/v1/agreements', { params: { query: { institutionId: institutionId || undefined } } })),
    [institutionId],
  );
  // The API filters by institution; the status filter is applied here.
  const items = (data?.items ?? []).filter((a) => !status || a.status === status);
  return (
    <Page title={t('agreements.title')}>
      <form
        className="filters panel"
        onSubmit={(e) => e.preventDefault()}
        aria-label={t('officerCommon.filters')}
      >
        <InstitutionFilter
          id="agr-institution"
          value={institutionId}
          onChange={setInstitutionId}
          institutions={names.institutions}
        />
        <Field id="agr-status" label={t('common.status')}>
          <select id="agr-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('officerCommon.all')}</option>
            {AGREEMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`agreements.status.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </form>
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      {data &&
        (items.length === 0 ? (
          <p>{t('common.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <caption>{t('agreements.count', { count: items.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('agreements.registryNumber')}</th>
                  <th scope="col">{t('common.institution')}</th>
                  <th scope="col">{t('officerCommon.methods')}</th>
                  <th scope="col">{t('officerCommon.period')}</th>
                  <th scope="col">{t('agreements.expiry')}</th>
                  <th scope="col">{t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id} data-agreement={a.id}>
                    <th scope="row">
                      <Link to={`/officer/agreements/${a.id}`}>{a.registryNumber}</Link>
                    </th>
                    <td>{names.institutionName(a.institutionId)}</td>
                    <td>
                      <MethodList codes={a.methods} />
                    </td>
                    <td className="small nowrap">
                      {formatDate(a.startDate, i18n.language)} –<br />
                      {formatDate(a.endDate, i18n.language)}
                    </td>
                    <td>
                      <ExpiryText endDate={a.endDate} status={a.status} />
                    </td>
                    <td>
                      <AgreementBadge status={a.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </Page>
  );
}
