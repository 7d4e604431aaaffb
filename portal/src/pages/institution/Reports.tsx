import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useMe } from '../../session.tsx';
import {
  DocumentButtons,
  FiguresView,
  STATE_BADGE,
  useSemesterName,
  type Narrative,
  type Report,
} from '../reports.shared.tsx';
import { fileToUpload } from './upload.ts';

const semestersOf = (institutionId: string) =>
  ok(client.GET('/v1/semester-reports/semesters', { params: { query: { institutionId } } })).then(
    (r) => r.items,
  );

/** The institution's semesters: period, deadline and state, each opening its report. */
export function Reports() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const semesterName = useSemesterName();
  const list = useLoad(() => semestersOf(me.institutionId ?? ''), [me.institutionId]);
  return (
    <Page title={t('semesterReports.title')}>
      <p className="muted">{t('semesterReports.intro')}</p>
      <ErrorNotice error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <div className="table-wrap">
          <table className="data" data-testid="semesters">
            <thead>
              <tr>
                <th scope="col">{t('semesterReports.semester')}</th>
                <th scope="col">{t('semesterReports.state')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((s) => (
                <tr key={s.semester} data-semester={s.semester} data-state={s.state}>
                  <td>
                    <Link
                      to={`/institution/reports/${s.semester}`}
                      aria-label={`${t('semesterReports.open')} ${semesterName(s.semester)}`}
                    >
                      {semesterName(s.semester)}
                    </Link>
                    <div className="muted small">
                      {formatDate(s.from, i18n.language)} – {formatDate(s.to, i18n.language)}
                    </div>
                  </td>
                  <td>
                    <span className={STATE_BADGE[s.state]}>{t(`semesterReports.states.${s.state}`)}</span>
                    {s.report?.status === 'draft' && (
                      <span className="badge"> {t('semesterReports.draft')}</span>
                    )}
                    <div className="small">
                      {t('semesterReports.due')}: {formatDate(s.due, i18n.language)}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

/**
 * One semester's report: drafted from the data on request, the narrative written, submitted (the head's
 * submission signs it; an admin prepares it or submits on the head's behalf), or a manual PDF instead.
 */
export function ReportDetail() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const semesterName = useSemesterName();
  const { semester = '' } = useParams();
  const institutionId = me.institutionId ?? '';
  const load = useLoad(async () => {
    const row = (await semestersOf(institutionId)).find((s) => s.semester === semester) ?? null;
    const report = row?.report
      ? await ok(client.GET('/v1/semester-reports/{id}', { params: { path: { id: row.report.id } } }))
      : null;
    return { row, report };
  }, [institutionId, semester]);
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (work: () => Promise<string | null>) => {
    setFailure(null);
    setMessage(null);
    setBusy(true);
    try {
      setMessage(await work());
      load.reload();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };
  const generate = () =>
    act(async () => {
      await ok(client.POST('/v1/semester-reports', { body: { institutionId, semester } }));
      return null;
    });

  const row = load.data?.row;
  const report = load.data?.report;
  return (
    <Page
      title={`${t('semesterReports.title')}: ${semesterName(semester)}`}
      actions={<Link to="/institution/reports">{t('semesterReports.back')}</Link>}
    >
      <ErrorNotice error={load.error ?? failure} />
      {message && <Notice kind="ok">{message}</Notice>}
      {load.loading && !load.data && <Loading />}
      {row && (
        <section className="panel" data-testid="report-state">
          <p>
            <span className={STATE_BADGE[row.state]} data-state={row.state}>
              {t(`semesterReports.states.${row.state}`)}
            </span>{' '}
            {t('semesterReports.due')}: <strong>{formatDate(row.due, i18n.language)}</strong>
          </p>
          {row.state === 'in_progress' && <Notice>{t('semesterReports.inProgressHelp')}</Notice>}
          {report && (
            <dl className="facts">
              <dt>{t('semesterReports.state')}</dt>
              <dd>
                {t(report.status === 'draft' ? 'semesterReports.draft' : 'semesterReports.submitted')} ·{' '}
                {t(`semesterReports.kinds.${report.kind}`)}
              </dd>
              {report.generatedAt && (
                <>
                  <dt>{t('semesterReports.generatedAt')}</dt>
                  <dd>{formatDateTime(report.generatedAt, i18n.language)}</dd>
                </>
              )}
              {report.letterNumber && (
                <>
                  <dt>{t('semesterReports.letterNumber')}</dt>
                  <dd data-testid="letter-number">{report.letterNumber}</dd>
                </>
              )}
              {report.submittedAt && (
                <>
                  <dt>{t('semesterReports.submittedAt')}</dt>
                  <dd>
                    {formatDateTime(report.submittedAt, i18n.language)} —{' '}
                    {report.signedBy ? t('semesterReports.signedBy') : t('semesterReports.onBehalf')}
                  </dd>
                </>
              )}
            </dl>
          )}
          {report?.status === 'submitted' ? (
            <DocumentButtons
              path={`/v1/semester-reports/${report.id}/document`}
              name={`laporan-semester-${semester}`}
              pdfLabel={t('semesterReports.pdf')}
              xlsxLabel={t('semesterReports.xlsx')}
              pdfOnly={report.kind === 'manual'}
            />
          ) : (
            <div className="actions">
              <button type="button" disabled={busy} onClick={() => void generate()}>
                {report ? t('semesterReports.refresh') : t('semesterReports.generate')}
              </button>
              {report && (
                <DocumentButtons
                  path={`/v1/semester-reports/${report.id}/document`}
                  name={`draf-laporan-semester-${semester}`}
                  pdfLabel={t('semesterReports.pdf')}
                  xlsxLabel={t('semesterReports.xlsx')}
                />
              )}
            </div>
          )}
          {!report && <p className="muted">{t('semesterReports.noReport')}</p>}
        </section>
      )}
      {report?.status === 'draft' && (
        <NarrativeForm
          report={report}
          canSubmit={row?.state !== 'in_progress'}
          isHead={me.role === 'institution_head'}
          busy={busy}
          onSave={(narrative) =>
            act(async () => {
              await ok(
                client.POST('/v1/semester-reports/{id}/narrative', {
                  params: { path: { id: report.id } },
                  body: narrative,
                }),
              );
              return t('semesterReports.narrativeSaved');
            })
          }
          onSubmit={(narrative) =>
            act(async () => {
              await ok(
                client.POST('/v1/semester-reports/{id}/narrative', {
                  params: { path: { id: report.id } },
                  body: narrative,
                }),
              );
              const done = await ok(
                client.POST('/v1/semester-reports/{id}/submit', { params: { path: { id: report.id } } }),
              );
              return t('semesterReports.submittedDone', { number: done.letterNumber });
            })
          }
        />
      )}
      {report?.status === 'submitted' && report.kind !== 'manual' && (
        <NarrativeView narrative={report.narrative} />
      )}
      {report?.figures && <FiguresView figures={report.figures} />}
      {row && row.state !== 'in_progress' && row.state !== 'submitted' && (
        <ManualUpload
          busy={busy}
          onUpload={(file) =>
            act(async () => {
              await ok(
                client.POST('/v1/semester-reports/manual', {
                  body: { institutionId, semester, document: await fileToUpload(file) },
                }),
              );
              return t('semesterReports.manualDone');
            })
          }
        />
      )}
    </Page>
  );
}

const NARRATIVE = ['servicesSupported', 'problems', 'plans'] as const;

function NarrativeView({ narrative }: { narrative: Narrative }) {
  const { t } = useTranslation();
  return (
    <section className="panel">
      <h2>{t('semesterReports.narrative')}</h2>
      {NARRATIVE.map((k) => (
        <div key={k}>
          <h3>{t(`semesterReports.${k}`)}</h3>
          <p>{narrative[k] ?? '—'}</p>
        </div>
      ))}
    </section>
  );
}

function NarrativeForm({
  report,
  canSubmit,
  isHead,
  busy,
  onSave,
  onSubmit,
}: {
  report: Report;
  canSubmit: boolean;
  isHead: boolean;
  busy: boolean;
  onSave: (n: Narrative) => void;
  onSubmit: (n: Narrative) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState<Narrative>(report.narrative);
  const [confirming, setConfirming] = useState(false);
  const save = (e: FormEvent) => {
    e.preventDefault();
    onSave(text);
  };
  return (
    <form className="panel" onSubmit={save} aria-labelledby="narrative-title">
      <h2 id="narrative-title">{t('semesterReports.narrative')}</h2>
      {NARRATIVE.map((k) => (
        <Field key={k} id={`narrative-${k}`} label={t(`semesterReports.${k}`)}>
          <textarea
            id={`narrative-${k}`}
            rows={4}
            maxLength={4000}
            value={text[k] ?? ''}
            onChange={(e) => setText({ ...text, [k]: e.target.value })}
          />
        </Field>
      ))}
      <div className="actions">
        <button type="submit" className="secondary" disabled={busy}>
          {t('semesterReports.saveNarrative')}
        </button>
        {canSubmit && !confirming && (
          <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
            {t('semesterReports.submit')}
          </button>
        )}
      </div>
      {confirming && (
        <div className="notice notice-warn" role="group" aria-label={t('semesterReports.submit')}>
          <p>{t('semesterReports.confirmSubmit')}</p>
          <div className="actions">
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                onSubmit(text);
              }}
            >
              {t('semesterReports.confirmYes')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t('semesterReports.cancel')}
            </button>
          </div>
        </div>
      )}
      {canSubmit && (
        <p className="muted small">
          {isHead ? t('semesterReports.submitHead') : t('semesterReports.submitAdmin')}
        </p>
      )}
    </form>
  );
}

function ManualUpload({ busy, onUpload }: { busy: boolean; onUpload: (file: File) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  return (
    <form
      className="panel"
      aria-labelledby="manual-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (file) onUpload(file);
      }}
    >
      <h2 id="manual-title">{t('semesterReports.manual')}</h2>
      <p className="muted small">{t('semesterReports.manualHelp')}</p>
      <Field id="manual-file" label={t('semesterReports.manualFile')}>
        <input
          id="manual-file"
          type="file"
          accept="application/pdf,.pdf"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </Field>
      <button type="submit" className="secondary" disabled={busy || !file}>
        {t('semesterReports.manualSend')}
      </button>
    </form>
  );
}
