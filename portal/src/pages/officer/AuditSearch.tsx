import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { client, download, ok, qs, valuesOf, type Answer, type paths } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, Progress, useLoad } from '../../components/ui.tsx';
import { formatDateTime } from '../../format.ts';
import { outcomeText } from '../outcomes.ts';
import { kb, listed, loadInstitutions, OUTCOMES, wibIso, type Account } from './oversight.shared.ts';

type AuditRow = Answer<'/v1/audit'>['items'][number];
type AuditQuery = NonNullable<paths['/v1/audit']['get']['parameters']['query']>;

/** The filter as it sits in the URL: `from`/`to` are WIB wall-clock times (YYYY-MM-DDTHH:mm). */
const KEYS = ['nik', 'institutionId', 'accountId', 'from', 'to', 'outcome', 'protocol', 'method'] as const;
type Filter = Record<(typeof KEYS)[number], string>;
const EXPORT_MAX_ROWS = 100_000;
/** The API's lists for the protocol and method filters. */
const PROTOCOLS = valuesOf<NonNullable<AuditQuery['protocol']>>({ v1: true, wire: true });
const METHODS = valuesOf<NonNullable<AuditQuery['method']>>({
  verification: true,
  portal: true,
  card_reader: true,
});

function filterOf(params: URLSearchParams): Filter {
  return Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? ''])) as Filter;
}

/**
 * The API's query for a filter: times as ISO datetimes with the WIB offset; a malformed NIK and empty fields
 * are left out, and so is a list's value the API does not know (the URL may say anything).
 */
function apiQuery(f: Filter): AuditQuery {
  const given = (v: string) => v || undefined;
  return {
    institutionId: given(f.institutionId),
    accountId: given(f.accountId),
    nik: /^\d{16}$/.test(f.nik) ? f.nik : undefined,
    from: wibIso(f.from),
    to: wibIso(f.to),
    outcome: listed(OUTCOMES, f.outcome),
    protocol: listed(PROTOCOLS, f.protocol),
    method: listed(METHODS, f.method),
  };
}

export function AuditSearch() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const applied = filterOf(params);
  const appliedKey = KEYS.map((k) => applied[k]).join('|');
  const [draft, setDraft] = useState<Filter>(applied);
  useEffect(() => setDraft(filterOf(params)), [appliedKey]);
  const set = (k: keyof Filter, v: string) =>
    setDraft((d) => ({ ...d, [k]: v, ...(k === 'institutionId' ? { accountId: '' } : {}) }));
  const nikInvalid = draft.nik !== '' && !/^\d{16}$/.test(draft.nik);

  const institutions = useLoad(loadInstitutions, []);
  const accounts = useLoad(
    () =>
      draft.institutionId
        ? ok(client.GET('/v1/accounts', { params: { query: { institutionId: draft.institutionId } } })).then(
            (r) => r.items,
          )
        : Promise.resolve([] as Account[]),
    [draft.institutionId],
  );

  // The results of the applied filter, a page at a time.
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const load = async (before: number | null, live: () => boolean = () => true) => {
    setLoading(true);
    setError(null);
    try {
      const page = await ok(
        client.GET('/v1/audit', {
          params: { query: { ...apiQuery(applied), limit: 100, before: before ?? undefined } },
        }),
      );
      if (!live()) return;
      setRows((r) => (before ? [...r, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (e) {
      if (live()) setError(e);
    } finally {
      if (live()) setLoading(false);
    }
  };
  useEffect(() => {
    let live = true;
    setRows([]);
    void load(null, () => live);
    return () => {
      live = false;
    };
  }, [appliedKey]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    if (nikInvalid) return;
    setParams(qs(draft), { replace: false });
  };

  // The exports of the applied filter: XLSX (identifiers as text cells, for Excel) or CSV in the form
  // Indonesian-locale Excel splits (BOM, semicolons); see src/modules/audit/audit.export.ts.
  const [exp, setExp] = useState<{ bytes: number; rows: number | null; done: boolean } | null>(null);
  const [expError, setExpError] = useState<unknown>(null);
  const exportFile = async (kind: 'csv' | 'xlsx') => {
    setExpError(null);
    setExp({ bytes: 0, rows: null, done: false });
    // CSV rows are counted as the bytes come: one line per row (no field holds a line break), the header
    // aside. An XLSX is a zip: only its size is known.
    let lines = 0;
    const rows = () => (kind === 'csv' ? Math.max(0, lines - 1) : null);
    try {
      const path =
        kind === 'csv'
          ? `/v1/audit/export.csv${qs({ ...apiQuery(applied), excel: 'true' })}`
          : `/v1/audit/export.xlsx${qs(apiQuery(applied))}`;
      const total = await download(path, `audit.${kind}`, (received, chunk) => {
        if (kind === 'csv') for (const byte of chunk) if (byte === 10) lines += 1;
        setExp({ bytes: received, rows: rows(), done: false });
      });
      setExp({ bytes: total, rows: rows(), done: true });
    } catch (err) {
      setExp(null);
      setExpError(err);
    }
  };

  const code = (id: string | null) => institutions.data?.find((i) => i.id === id)?.code ?? id ?? '–';
  const els = (list: string[]) => (list.length === 0 ? '–' : list.join(', '));

  return (
    <Page title={t('audit.title')}>
      <form className="panel" onSubmit={search} aria-labelledby="audit-filters-title">
        <h2 id="audit-filters-title" className="sr-only">
          {t('audit.filters')}
        </h2>
        <div className="filters">
          <Field id="audit-nik" label={t('audit.nik')} hint={t('audit.nikHint')}>
            <input
              id="audit-nik"
              inputMode="numeric"
              autoComplete="off"
              maxLength={16}
              value={draft.nik}
              onChange={(e) => set('nik', e.target.value.replace(/\D/g, ''))}
              aria-describedby="audit-nik-hint"
              aria-invalid={nikInvalid}
            />
          </Field>
          <Field id="audit-institution" label={t('audit.institution')}>
            <select
              id="audit-institution"
              value={draft.institutionId}
              onChange={(e) => set('institutionId', e.target.value)}
            >
              <option value="">{t('audit.allInstitutions')}</option>
              {(institutions.data ?? []).map((i) => (
                <option key={i.id} value={i.id}>
                  {i.code} · {i.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="audit-account" label={t('audit.account')}>
            <select
              id="audit-account"
              value={draft.accountId}
              disabled={!draft.institutionId}
              onChange={(e) => set('accountId', e.target.value)}
            >
              <option value="">
                {draft.institutionId ? t('audit.allAccounts') : t('audit.chooseInstitutionFirst')}
              </option>
              {(accounts.data ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.username} · {a.fullName}
                </option>
              ))}
            </select>
          </Field>
          <Field id="audit-from" label={t('audit.from')}>
            <input
              id="audit-from"
              type="datetime-local"
              value={draft.from}
              onChange={(e) => set('from', e.target.value)}
            />
          </Field>
          <Field id="audit-to" label={t('audit.to')}>
            <input
              id="audit-to"
              type="datetime-local"
              value={draft.to}
              onChange={(e) => set('to', e.target.value)}
            />
          </Field>
          <Field id="audit-outcome" label={t('audit.outcome')}>
            <select id="audit-outcome" value={draft.outcome} onChange={(e) => set('outcome', e.target.value)}>
              <option value="">{t('audit.allOutcomes')}</option>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {outcomeText(t, o)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="audit-protocol" label={t('audit.protocol')}>
            <select
              id="audit-protocol"
              value={draft.protocol}
              onChange={(e) => set('protocol', e.target.value)}
            >
              <option value="">{t('audit.allProtocols')}</option>
              <option value="v1">{t('audit.protocols.v1')}</option>
              <option value="wire">{t('audit.protocols.wire')}</option>
            </select>
          </Field>
          <Field id="audit-method" label={t('audit.method')}>
            <select id="audit-method" value={draft.method} onChange={(e) => set('method', e.target.value)}>
              <option value="">{t('audit.allMethods')}</option>
              <option value="verification">{t('audit.methods.verification')}</option>
              <option value="portal">{t('audit.methods.portal')}</option>
              <option value="card_reader">{t('audit.methods.card_reader')}</option>
            </select>
          </Field>
        </div>
        {nikInvalid && (
          <p className="field-error" role="alert">
            {t('audit.nikInvalid')}
          </p>
        )}
        <div className="actions audit-actions">
          <button type="submit" disabled={nikInvalid}>
            {t('audit.search')}
          </button>
          <button type="button" className="secondary" onClick={() => setParams('')}>
            {t('audit.reset')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => void exportFile('xlsx')}
            disabled={exp !== null && !exp.done}
          >
            {t('audit.exportXlsx')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => void exportFile('csv')}
            disabled={exp !== null && !exp.done}
          >
            {t('audit.export')}
          </button>
        </div>
        <p className="muted small">
          {t('audit.exportCap', { max: EXPORT_MAX_ROWS.toLocaleString(i18n.language) })}
        </p>
        {exp && !exp.done && (
          <Progress
            label={
              exp.rows === null
                ? t('audit.exportingFile', { kb: kb(exp.bytes) })
                : t('audit.exporting', { kb: kb(exp.bytes), rows: exp.rows.toLocaleString(i18n.language) })
            }
          />
        )}
        {exp?.done && (
          <Notice kind="ok">
            {exp.rows === null
              ? t('audit.exportedFile', { kb: kb(exp.bytes) })
              : t('audit.exported', { kb: kb(exp.bytes), rows: exp.rows.toLocaleString(i18n.language) })}
          </Notice>
        )}
        <ErrorNotice error={expError} />
      </form>

      <section aria-labelledby="audit-results-title">
        <h2 id="audit-results-title">{t('audit.results')}</h2>
        <ErrorNotice
          error={error}
          fields={{ '/nik': t('audit.nik'), '/from': t('audit.from'), '/to': t('audit.to') }}
        />
        {!loading && !error && rows.length === 0 && <p>{t('audit.none')}</p>}
        {rows.length > 0 && (
          <>
            <p className="muted" aria-live="polite">
              {t('audit.shown', { count: rows.length })}
            </p>
            <div className="table-wrap">
              {/* Six columns that wrap, the outcome among the first; the rarely needed facts (elements, IP,
                  request ID) fold into the last cell. On a phone each row is a card (styles.css). */}
              <table className="data audit-table">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.time')}</th>
                    <th scope="col">NIK</th>
                    <th scope="col">{t('audit.outcome')}</th>
                    <th scope="col">
                      {t('audit.institutionCode')} / {t('audit.userId')}
                    </th>
                    <th scope="col">{t('audit.methodProtocol')}</th>
                    <th scope="col">{t('audit.details')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.id}>
                      <td data-label={t('audit.time')}>{formatDateTime(r.at, i18n.language)}</td>
                      <td data-label="NIK" className="nik">
                        <code>{r.nik ?? '–'}</code>
                      </td>
                      <td data-label={t('audit.outcome')} data-outcome={r.outcome} className="outcome">
                        {outcomeText(t, r.outcome)}
                      </td>
                      <td data-label={`${t('audit.institutionCode')} / ${t('audit.userId')}`} className="who">
                        {code(r.institutionId)}
                        <br />
                        <span className="muted small">{r.username ?? '–'}</span>
                      </td>
                      <td data-label={t('audit.methodProtocol')}>
                        {t(`audit.methods.${r.method}`, { defaultValue: r.method })} /{' '}
                        {t(`audit.protocols.${r.protocol}`, { defaultValue: r.protocol })}
                      </td>
                      <td data-label={t('audit.details')} className="elements">
                        <details>
                          <summary>{t('audit.moreDetails')}</summary>
                          <dl className="audit-facts">
                            <dt>{t('audit.requested')}</dt>
                            <dd>{els(r.elementsRequested)}</dd>
                            <dt>{t('audit.returned')}</dt>
                            <dd>{els(r.elementsReturned)}</dd>
                            <dt>{t('audit.callerIp')}</dt>
                            <dd>
                              <code>{r.callerIp}</code>
                            </dd>
                            <dt>{t('audit.requestId')}</dt>
                            <dd>
                              <code className="small">{r.requestId}</code>
                            </dd>
                          </dl>
                        </details>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {loading && <Loading />}
        {cursor !== null && !loading && (
          <button type="button" className="secondary" onClick={() => void load(cursor)}>
            {t('audit.more')}
          </button>
        )}
      </section>
    </Page>
  );
}
