import { useState, type DragEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, client, download, ok, uploadFile, type Answer } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, Progress, useLoad } from '../../components/ui.tsx';
import { formatDate } from '../../format.ts';
import type { Coverage } from '../../returnData.ts';
import { SentRecords } from '../tickets/SentRecords.tsx';

/** The agreement's return-data schema in force (GET /v1/agreements/{id}/return-data-schema). */
type Schema = Answer<'/v1/agreements/{id}/return-data-schema'>['current'];
type SchemaField = Schema['fields'][number];
/** An upload's outcome (POST /v1/return-data/uploads, multipart): counts and the rows refused. */
type UploadResult = Answer<'/v1/return-data/uploads', 'post'>;
type Reject = UploadResult['rejects'][number];
/** The online form's outcome (POST /v1/return-data). */
type SubmitResult = Answer<'/v1/return-data', 'post'>;

const pct = (share: number) => `${Math.floor(share * 100)}%`;

/** Return data (data balikan): templates, upload with progress and rejects, the online form, and coverage. */
export function ReturnData() {
  const { t, i18n } = useTranslation();
  const access = useLoad(() => ok(client.GET('/v1/me/access')), []);
  const [chosen, setChosen] = useState<string | null>(null);
  const agreementId = chosen ?? access.data?.agreements[0]?.id ?? null;
  const view = useLoad(async () => {
    if (!agreementId) return null;
    try {
      const [schema, coverage] = await Promise.all([
        ok(client.GET('/v1/agreements/{id}/return-data-schema', { params: { path: { id: agreementId } } })),
        ok(client.GET('/v1/agreements/{id}/return-data/coverage', { params: { path: { id: agreementId } } })),
      ]);
      return { schema: schema.current, coverage };
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 404) return { schema: null, coverage: null };
      throw e;
    }
  }, [agreementId]);

  return (
    <Page title={t('returnData.title')}>
      <ErrorNotice error={access.error ?? view.error} />
      {(access.loading || view.loading) && !view.data && <Loading />}
      {access.data && access.data.agreements.length === 0 && <Notice>{t('returnData.noAgreement')}</Notice>}
      {access.data && access.data.agreements.length > 1 && (
        <Field id="rd-agreement" label={t('returnData.agreement')}>
          <select id="rd-agreement" value={agreementId ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {access.data.agreements.map((a) => (
              <option key={a.id} value={a.id}>
                {a.registryNumber}
              </option>
            ))}
          </select>
        </Field>
      )}
      {view.data && !view.data.schema && <Notice>{t('returnData.noSchema')}</Notice>}
      {agreementId && view.data?.schema && view.data.coverage && (
        <>
          <Obligation schema={view.data.schema} />
          <Templates agreementId={agreementId} />
          <UploadPanel agreementId={agreementId} onDone={view.reload} />
          <OnlineForm agreementId={agreementId} schema={view.data.schema} onDone={view.reload} />
          <CoveragePanel
            agreementId={agreementId}
            coverage={view.data.coverage}
            share={view.data.schema.coverageShare}
            lang={i18n.language}
          />
          <SentRecords agreementId={agreementId} />
        </>
      )}
    </Page>
  );
}

function Obligation({ schema }: { schema: Schema }) {
  const { t } = useTranslation();
  return (
    <section className="panel">
      <h2>{t('returnData.obligation')}</h2>
      <p>
        {t(`returnData.periods.${schema.period}`, { days: schema.periodDays ?? 0 })};{' '}
        {t('returnData.share', { share: pct(schema.coverageShare) })}
      </p>
      <p className="muted small">
        {t('returnData.fields')}: NIK, PERIODE, {schema.fields.map((f) => f.key).join(', ')}
      </p>
    </section>
  );
}

function Templates({ agreementId }: { agreementId: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const base = `/v1/agreements/${agreementId}/return-data-schema`;
  const get = (tail: string, name: string) => () =>
    download(`${base}/${tail}`, name, () => undefined).catch(setError);
  return (
    <section className="panel">
      <h2>{t('returnData.templates')}</h2>
      <ErrorNotice error={error} />
      <div className="actions">
        <button type="button" onClick={get('template.xlsx', 'data-balikan.xlsx')}>
          {t('returnData.templateXlsx')}
        </button>
        <button type="button" onClick={get('template.csv', 'data-balikan.csv')}>
          {t('returnData.templateCsv')}
        </button>
        <button type="button" className="secondary" onClick={get('table-schema.json', 'table-schema.json')}>
          {t('returnData.tableSchema')}
        </button>
      </div>
    </section>
  );
}

function UploadPanel({ agreementId, onDone }: { agreementId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [result, setResult] = useState<UploadResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setError(null);
    setResult(null);
    setProgress({ sent: 0, total: file.size });
    try {
      const r = await uploadFile<UploadResult>(
        `/v1/return-data/uploads?agreementId=${encodeURIComponent(agreementId)}`,
        file,
        (sent, total) => setProgress({ sent, total }),
      );
      setResult(r);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    const f = e.dataTransfer.files[0];
    if (f) setFile(f);
  };
  const rejectsFile = (ext: 'csv' | 'xlsx') => () =>
    download(`/v1/return-data/uploads/${result!.id}/rejects.${ext}`, `ditolak.${ext}`, () => undefined).catch(
      setError,
    );
  return (
    <section className="panel">
      <h2>{t('returnData.upload')}</h2>
      <form onSubmit={submit}>
        <div
          className="dropzone"
          onDragOver={(e) => e.preventDefault()}
          onDrop={drop}
          data-testid="rd-dropzone"
        >
          <Field id="rd-file" label={t('returnData.file')} hint={t('returnData.fileHint')}>
            <input
              id="rd-file"
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </Field>
        </div>
        <button type="submit" disabled={!file || progress !== null}>
          {t('returnData.send')}
        </button>
      </form>
      {progress && <Progress label={t('returnData.uploading')} value={progress.sent} max={progress.total} />}
      <ErrorNotice error={error} />
      {error instanceof ApiFailure && Array.isArray(error.details) && (
        <ul className="small">
          {(error.details as unknown as Reject[]).map((d, i) => (
            <li key={i}>{d.reason ?? ''}</li>
          ))}
        </ul>
      )}
      {result && (
        <div data-testid="rd-result">
          <Notice kind={result.rejected === 0 && !result.failure ? 'ok' : 'warn'}>
            {t('returnData.result', {
              read: result.rowsRead,
              accepted: result.accepted,
              rejected: result.rejected,
            })}
          </Notice>
          {result.failure && <Notice kind="warn">{result.failure}</Notice>}
          {result.warnings.map((w) => (
            <p key={w} className="muted small">
              {w}
            </p>
          ))}
          {result.rejects.length > 0 && (
            <>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th>{t('returnData.line')}</th>
                      <th>{t('returnData.column')}</th>
                      <th>{t('returnData.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.rejects.map((r, i) => (
                      <tr key={i}>
                        <td>{r.line}</td>
                        <td>{r.column}</td>
                        <td>{r.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="actions">
                <button type="button" className="secondary" onClick={rejectsFile('xlsx')}>
                  {t('returnData.rejectsXlsx')}
                </button>
                <button type="button" className="secondary" onClick={rejectsFile('csv')}>
                  {t('returnData.rejectsCsv')}
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}

function OnlineForm({
  agreementId,
  schema,
  onDone,
}: {
  agreementId: string;
  schema: Schema;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, string>>({});
  const [result, setResult] = useState<SubmitResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const set = (k: string) => (v: string) => setValues((s) => ({ ...s, [k]: v }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const { NIK, PERIODE, ...rest } = values;
      const r = await ok(
        client.POST('/v1/return-data', {
          body: {
            agreementId,
            channel: 'form',
            records: [
              {
                nik: NIK ?? '',
                period: PERIODE ?? '',
                values: Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== '')),
              },
            ],
          },
        }),
      );
      setResult(r);
      if (r.accepted > 0) {
        setValues({});
        onDone();
      }
    } catch (err) {
      setError(err);
    }
  };
  const input = (f: SchemaField) => {
    const id = `rd-f-${f.key}`;
    const value = values[f.key] ?? '';
    const common = {
      id,
      value,
      required: f.required,
      onChange: (e: { target: { value: string } }) => set(f.key)(e.target.value),
    };
    if (f.type === 'code' || f.type === 'boolean') {
      const options = f.type === 'code' ? (f.values ?? []) : ['YA', 'TIDAK'];
      return (
        <select {...common}>
          <option value="">—</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    }
    if (f.type === 'date') return <input type="date" {...common} />;
    if (f.type === 'integer' || f.type === 'decimal' || f.type === 'id16') {
      return <input type="text" inputMode={f.type === 'decimal' ? 'decimal' : 'numeric'} {...common} />;
    }
    return <input type="text" maxLength={f.maxLength ?? 255} {...common} />;
  };
  const keyFields: SchemaField[] = [
    { key: 'NIK', label: 'NIK', type: 'id16', required: true },
    { key: 'PERIODE', label: t('returnData.period'), type: 'text', required: true },
  ];
  return (
    <section className="panel">
      <h2>{t('returnData.form')}</h2>
      <form onSubmit={submit} data-testid="rd-form">
        {[...keyFields, ...schema.fields].map((f) => (
          <Field
            key={f.key}
            id={`rd-f-${f.key}`}
            label={`${f.label}${f.required ? ' *' : ''}`}
            {...(f.key === 'PERIODE'
              ? { hint: schema.period === 'semester' ? 'TTTT-S1 / TTTT-S2' : 'TTTT-BB' }
              : {})}
          >
            {input(f)}
          </Field>
        ))}
        <button type="submit">{t('returnData.send')}</button>
      </form>
      <ErrorNotice error={error} />
      {result && (
        <Notice kind={result.rejected === 0 ? 'ok' : 'warn'}>
          {result.rejected === 0
            ? t('returnData.formSaved')
            : result.rejects.map((r) => `${r.column}: ${r.reason}`).join('; ')}
        </Notice>
      )}
    </section>
  );
}

function CoveragePanel({
  agreementId,
  coverage,
  share,
  lang,
}: {
  agreementId: string;
  coverage: Coverage;
  share: number;
  lang: string;
}) {
  const { t } = useTranslation();
  const [missing, setMissing] = useState<Answer<'/v1/agreements/{id}/return-data/missing'> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const show = (period: string) => () =>
    ok(
      client.GET('/v1/agreements/{id}/return-data/missing', {
        params: { path: { id: agreementId }, query: { period } },
      }),
    )
      .then(setMissing)
      .catch(setError);
  return (
    <section className="panel">
      <h2>{t('returnData.coverage')}</h2>
      <ErrorNotice error={error} />
      {coverage.periods.length === 0 ? (
        <p>{t('returnData.noAccesses')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="rd-coverage">
            <thead>
              <tr>
                <th>{t('returnData.period')}</th>
                <th>{t('returnData.accessed')}</th>
                <th>{t('returnData.covered')}</th>
                <th>%</th>
                <th>{t('returnData.deadline')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {coverage.periods.map((p) => (
                <tr key={p.period} data-period={p.period}>
                  <td>{p.period}</td>
                  <td>{p.accessed}</td>
                  <td>{p.covered}</td>
                  <td>
                    <span
                      className={`badge ${p.share >= share ? 'badge-ok' : p.overdue ? 'badge-err' : 'badge-warn'}`}
                    >
                      {pct(p.share)}
                    </span>
                  </td>
                  <td>
                    {formatDate(p.deadline, lang)}
                    {p.overdue ? ` — ${t('returnData.overdue')}` : ''}
                  </td>
                  <td>
                    {p.covered < p.accessed && (
                      <button type="button" className="link" onClick={show(p.period)}>
                        {t('returnData.showMissing')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {missing && (
        <div>
          <h3>{t('returnData.missing', { period: missing.period })}</h3>
          <ul className="small">
            {missing.niks.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
