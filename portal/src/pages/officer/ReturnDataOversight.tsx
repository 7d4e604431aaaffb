import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, client, ok, type Answer } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { ReturnDataExport } from './ReturnDataExport.tsx';

type StoredRecord = Answer<'/v1/return-data/records'>['items'][number];

const pct = (share: number) => `${Math.floor(share * 100)}%`;

/** The registry's side of return data: an agreement's schema (from a preset), coverage, uploads; a resident's. */
export function ReturnDataOversight() {
  const { t, i18n } = useTranslation();
  const agreements = useLoad(() => ok(client.GET('/v1/agreements')), []);
  const presets = useLoad(() => ok(client.GET('/v1/return-data/presets')), []);
  const [chosen, setChosen] = useState('');
  const agreementId = chosen || agreements.data?.items[0]?.id || '';
  const view = useLoad(async () => {
    if (!agreementId) return null;
    try {
      const [schema, coverage, uploads] = await Promise.all([
        ok(client.GET('/v1/agreements/{id}/return-data-schema', { params: { path: { id: agreementId } } })),
        ok(client.GET('/v1/agreements/{id}/return-data/coverage', { params: { path: { id: agreementId } } })),
        ok(client.GET('/v1/return-data/uploads', { params: { query: { agreementId } } })),
      ]);
      return { schema: schema.current, coverage, uploads: uploads.items };
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 404) return { schema: null, coverage: null, uploads: [] };
      throw e;
    }
  }, [agreementId]);
  const [preset, setPreset] = useState('');
  const [share, setShare] = useState('');
  const [saveError, setSaveError] = useState<unknown>(null);
  const setSchema = async (e: FormEvent) => {
    e.preventDefault();
    const p = presets.data?.items.find((x) => x.name === preset);
    if (!p) return;
    setSaveError(null);
    try {
      await ok(
        client.POST('/v1/agreements/{id}/return-data-schema', {
          params: { path: { id: agreementId } },
          body: { ...p.schema, preset: p.name, ...(share ? { coverageShare: Number(share) / 100 } : {}) },
        }),
      );
      view.reload();
    } catch (err) {
      setSaveError(err);
    }
  };

  return (
    <Page title={t('returnDataOversight.title')}>
      <ErrorNotice error={agreements.error ?? view.error} />
      {agreements.loading && <Loading />}
      {agreements.data && (
        <Field id="rdo-agreement" label={t('returnDataOversight.agreement')}>
          <select id="rdo-agreement" value={agreementId} onChange={(e) => setChosen(e.target.value)}>
            {agreements.data.items.map((a) => (
              <option key={a.id} value={a.id}>
                {a.registryNumber} ({a.status})
              </option>
            ))}
          </select>
        </Field>
      )}
      {view.data && (
        <section className="panel">
          <h2>{t('returnDataOversight.schema')}</h2>
          {view.data.schema ? (
            <>
              <p>
                {t('returnDataOversight.version', { version: view.data.schema.version })} —{' '}
                {t(`returnDataOversight.periods.${view.data.schema.period}`, {
                  days: view.data.schema.periodDays ?? 0,
                })}
                ; {t('returnDataOversight.share', { share: pct(view.data.schema.coverageShare) })}
              </p>
              <ul className="small">
                {view.data.schema.fields.map((f) => (
                  <li key={f.key}>
                    <code>{f.key}</code> — {f.label} ({f.type}
                    {f.required ? ', *' : ''})
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <Notice>{t('returnDataOversight.noSchema')}</Notice>
          )}
          <form onSubmit={setSchema}>
            <Field id="rdo-preset" label={t('returnDataOversight.preset')}>
              <select id="rdo-preset" value={preset} onChange={(e) => setPreset(e.target.value)} required>
                <option value="">—</option>
                {presets.data?.items.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.title}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="rdo-share" label={t('returnDataOversight.shareInput')}>
              <input
                id="rdo-share"
                type="number"
                min={1}
                max={100}
                value={share}
                onChange={(e) => setShare(e.target.value)}
              />
            </Field>
            <button type="submit">{t('returnDataOversight.setSchema')}</button>
          </form>
          <ErrorNotice error={saveError} />
        </section>
      )}
      {view.data?.coverage && (
        <section className="panel">
          <h2>{t('returnDataOversight.coverage')}</h2>
          {view.data.coverage.periods.length === 0 ? (
            <p>{t('common.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('returnDataOversight.period')}</th>
                    <th>{t('returnDataOversight.accessed')}</th>
                    <th>{t('returnDataOversight.covered')}</th>
                    <th>%</th>
                    <th>{t('returnDataOversight.deadline')}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.data.coverage.periods.map((p) => (
                    <tr key={p.period}>
                      <td>{p.period}</td>
                      <td>{p.accessed}</td>
                      <td>{p.covered}</td>
                      <td>
                        <span className={`badge ${p.overdue ? 'badge-err' : 'badge-ok'}`}>
                          {pct(p.share)}
                        </span>
                      </td>
                      <td>
                        {formatDate(p.deadline, i18n.language)}
                        {p.overdue ? ` — ${t('returnDataOversight.overdue')}` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>{t('returnDataOversight.uploads')}</h3>
          {view.data.uploads.length === 0 ? (
            <p>{t('common.empty')}</p>
          ) : (
            <ul className="small">
              {view.data.uploads.map((u) => (
                <li key={u.id}>
                  {formatDateTime(u.createdAt, i18n.language)} — {u.filename}:{' '}
                  {t('returnDataOversight.uploadResult', {
                    read: u.rowsRead,
                    accepted: u.accepted,
                    rejected: u.rejected,
                  })}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {agreementId && <ReturnDataExport agreementId={agreementId} />}
      <ResidentReturnData />
    </Page>
  );
}

/** What every institution in the officer's area sent about one resident. */
function ResidentReturnData() {
  const { t, i18n } = useTranslation();
  const [nik, setNik] = useState('');
  const [records, setRecords] = useState<StoredRecord[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const search = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setRecords((await ok(client.GET('/v1/return-data/records', { params: { query: { nik } } }))).items);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="panel">
      <h2>{t('returnDataOversight.resident')}</h2>
      <form onSubmit={search}>
        <Field id="rdo-nik" label="NIK">
          <input
            id="rdo-nik"
            inputMode="numeric"
            pattern="\d{16}"
            value={nik}
            onChange={(e) => setNik(e.target.value)}
          />
        </Field>
        <button type="submit">{t('returnDataOversight.search')}</button>
      </form>
      <ErrorNotice error={error} />
      {records && records.length === 0 && <p>{t('common.empty')}</p>}
      {records && records.length > 0 && (
        <ul>
          {records.map((r, i) => (
            <li key={i}>
              <strong>{r.institutionName}</strong> ({r.registryNumber}, {r.period}):{' '}
              {Object.entries(r.data)
                .map(([k, v]) => `${k} ${String(v)}`)
                .join(', ')}{' '}
              <span className="muted small">{formatDateTime(r.receivedAt, i18n.language)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
