import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Field, Loading, Page, useLoad } from '../../components/ui.tsx';
import { formatDate } from '../../format.ts';
import { labelOf } from '../../elements.ts';
import {
  ApplicationBadge,
  MethodList,
  useElements,
  InstitutionFilter,
  useNames,
} from './lifecycle.shared.tsx';
import { APPLICATION_STATUSES, type ApplicationStatus } from './lifecycle.types.ts';

/** The applications inbox: what waits for forwarding or a decision, and what was decided. */
export function Applications() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<ApplicationStatus | ''>('');
  const [institutionId, setInstitutionId] = useState('');
  const names = useNames();
  const elements = useElements();
  const { data, error, loading } = useLoad(
    () =>
      ok(
        client.GET('/v1/applications', {
          params: { query: { status: status || undefined, institutionId: institutionId || undefined } },
        }),
      ),
    [status, institutionId],
  );
  return (
    <Page title={t('applications.title')}>
      <form
        className="filters panel"
        onSubmit={(e) => e.preventDefault()}
        aria-label={t('officerCommon.filters')}
      >
        <Field id="app-status" label={t('common.status')}>
          <select
            id="app-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as ApplicationStatus | '')}
          >
            <option value="">{t('officerCommon.all')}</option>
            {APPLICATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`applications.status.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <InstitutionFilter
          id="app-institution"
          value={institutionId}
          onChange={setInstitutionId}
          institutions={names.institutions}
        />
      </form>
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      {data &&
        (data.items.length === 0 ? (
          <p>{t('common.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <caption>{t('applications.count', { count: data.items.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.institution')}</th>
                  <th scope="col">{t('applications.purpose')}</th>
                  <th scope="col">{t('officerCommon.elements')}</th>
                  <th scope="col">{t('officerCommon.methods')}</th>
                  <th scope="col">{t('applications.dates')}</th>
                  <th scope="col">{t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((a) => (
                  <tr key={a.id} data-application={a.id}>
                    <th scope="row">
                      <Link to={`/officer/applications/${a.id}`}>
                        {names.institutionName(a.institutionId)}
                      </Link>
                    </th>
                    <td className="clip">{a.purpose}</td>
                    <td className="small">
                      {a.elements.length}: {a.elements.map((c) => labelOf(elements, c)).join(', ')}
                    </td>
                    <td>
                      <MethodList codes={a.methods} />
                    </td>
                    <td className="small nowrap">
                      {t('applications.submittedOn')} {formatDate(a.submittedAt, i18n.language)}
                      {a.forwardedAt && (
                        <>
                          <br />
                          {t('applications.forwardedOn')} {formatDate(a.forwardedAt, i18n.language)}
                        </>
                      )}
                      {a.decidedAt && (
                        <>
                          <br />
                          {t('applications.decidedOn')} {formatDate(a.decidedAt, i18n.language)}
                        </>
                      )}
                    </td>
                    <td>
                      <ApplicationBadge status={a.status} />
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
