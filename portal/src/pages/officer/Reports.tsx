import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Field, Loading, Page, useLoad } from '../../components/ui.tsx';
import { wibToday } from '../../days.ts';
import { formatDate, formatDateTime } from '../../format.ts';
import { DocumentButtons, FiguresView, recentSemesters, useSemesterName } from '../reports.shared.tsx';
import { loadInstitutions } from './oversight.shared.ts';

/** The semester reports of the institutions in the officer's area (submitted ones by default). */
export function Reports() {
  const { t, i18n } = useTranslation();
  const semesterName = useSemesterName();
  const [semester, setSemester] = useState('');
  const [submittedOnly, setSubmittedOnly] = useState(true);
  const list = useLoad(
    () =>
      ok(client.GET('/v1/semester-reports', { params: { query: { semester: semester || undefined } } })).then(
        (r) => r.items,
      ),
    [semester],
  );
  const institutions = useLoad(loadInstitutions, []);
  const name = (id: string) => institutions.data?.find((i) => i.id === id)?.name ?? id;
  const rows = (list.data ?? []).filter((r) => !submittedOnly || r.status === 'submitted');
  return (
    <Page title={t('semesterReports.navOfficer')}>
      <p className="muted">{t('semesterReports.officerIntro')}</p>
      <div className="filters">
        <Field id="report-semester" label={t('semesterReports.semester')}>
          <select id="report-semester" value={semester} onChange={(e) => setSemester(e.target.value)}>
            <option value="">{t('semesterReports.allSemesters')}</option>
            {recentSemesters(wibToday()).map((s) => (
              <option key={s} value={s}>
                {semesterName(s)}
              </option>
            ))}
          </select>
        </Field>
        <label className="check">
          <input
            type="checkbox"
            checked={submittedOnly}
            onChange={(e) => setSubmittedOnly(e.target.checked)}
          />{' '}
          {t('semesterReports.onlySubmitted')}
        </label>
      </div>
      <ErrorNotice error={list.error ?? institutions.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && rows.length === 0 && <p>{t('semesterReports.empty')}</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="data" data-testid="officer-reports">
            <thead>
              <tr>
                <th scope="col">{t('semesterReports.institution')}</th>
                <th scope="col">{t('semesterReports.semester')}</th>
                <th scope="col">{t('semesterReports.state')}</th>
                <th scope="col">{t('semesterReports.letterNumber')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-report={r.id}>
                  <td>
                    <Link to={`/officer/reports/${r.id}`}>{name(r.institutionId)}</Link>
                  </td>
                  <td>{semesterName(r.semester)}</td>
                  <td>
                    <span className={r.status === 'submitted' ? 'badge badge-ok' : 'badge'}>
                      {t(r.status === 'submitted' ? 'semesterReports.submitted' : 'semesterReports.draft')}
                    </span>{' '}
                    {r.submittedAt && (
                      <span className="small muted">{formatDateTime(r.submittedAt, i18n.language)}</span>
                    )}
                  </td>
                  <td>{r.letterNumber ?? t(`semesterReports.kinds.${r.kind}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

/** One institution's report, read-only for the office, with its documents. */
export function ReportView() {
  const { t, i18n } = useTranslation();
  const semesterName = useSemesterName();
  const { id = '' } = useParams();
  const report = useLoad(
    () => ok(client.GET('/v1/semester-reports/{id}', { params: { path: { id } } })),
    [id],
  );
  const institutions = useLoad(loadInstitutions, []);
  const r = report.data;
  const institution = r ? institutions.data?.find((i) => i.id === r.institutionId)?.name : undefined;
  return (
    <Page
      title={r ? `${institution ?? ''} — ${semesterName(r.semester)}` : t('semesterReports.title')}
      actions={<Link to="/officer/reports">{t('semesterReports.back')}</Link>}
    >
      <ErrorNotice error={report.error} />
      {report.loading && !r && <Loading />}
      {r && (
        <section className="panel">
          <dl className="facts">
            <dt>{t('semesterReports.state')}</dt>
            <dd>
              {t(r.status === 'submitted' ? 'semesterReports.submitted' : 'semesterReports.draft')} ·{' '}
              {t(`semesterReports.kinds.${r.kind}`)}
            </dd>
            {r.due && (
              <>
                <dt>{t('semesterReports.due')}</dt>
                <dd>{formatDate(r.due, i18n.language)}</dd>
              </>
            )}
            {r.letterNumber && (
              <>
                <dt>{t('semesterReports.letterNumber')}</dt>
                <dd>{r.letterNumber}</dd>
              </>
            )}
            {r.submittedAt && (
              <>
                <dt>{t('semesterReports.submittedAt')}</dt>
                <dd>
                  {formatDateTime(r.submittedAt, i18n.language)} —{' '}
                  {r.signedBy ? t('semesterReports.signedBy') : t('semesterReports.onBehalf')}
                </dd>
              </>
            )}
          </dl>
          <DocumentButtons
            path={`/v1/semester-reports/${r.id}/document`}
            name={`laporan-semester-${r.semester}`}
            pdfLabel={t('semesterReports.pdf')}
            xlsxLabel={t('semesterReports.xlsx')}
            pdfOnly={r.kind === 'manual'}
          />
        </section>
      )}
      {r && r.kind !== 'manual' && (
        <section className="panel">
          <h2>{t('semesterReports.narrative')}</h2>
          {(['servicesSupported', 'problems', 'plans'] as const).map((k) => (
            <div key={k}>
              <h3>{t(`semesterReports.${k}`)}</h3>
              <p>{r.narrative[k] ?? '—'}</p>
            </div>
          ))}
        </section>
      )}
      {r?.figures && <FiguresView figures={r.figures} />}
    </Page>
  );
}
