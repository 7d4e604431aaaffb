import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiFailure, client, download, ok } from '../api.ts';
import { ErrorNotice, Loading, Page, useLoad } from '../components/ui.tsx';
import { formatDateTime } from '../format.ts';
import { isRefused, methodWords, outcomeWords, useElementLabels, type HistoryRecord } from './words.ts';

const PAGE_SIZE = 20;

/** The purpose in words, with "tujuan bawaan" when the client sent none and the agreement's default applied. */
function PurposeText({ r }: { r: HistoryRecord }) {
  const { t } = useTranslation();
  const label = r.purposeLabel ?? r.purpose;
  if (!label) return <>{t('resident.record.noPurpose')}</>;
  return (
    <>
      {label}
      {r.purposeDefaulted && <span className="muted"> ({t('resident.record.defaulted')})</span>}
    </>
  );
}

/** The facts of one record, the same on the list and on its own page. */
function RecordFacts({ r, label }: { r: HistoryRecord; label: (code: string) => string }) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="facts">
      <dt>{t('resident.record.institution')}</dt>
      <dd>{r.institutionName ?? t('resident.record.unknownInstitution')}</dd>
      <dt>{t('resident.record.method')}</dt>
      <dd>{methodWords(t, r.method)}</dd>
      <dt>{t('resident.record.purpose')}</dt>
      <dd>
        <PurposeText r={r} />
      </dd>
      <dt>{t('resident.record.elements')}</dt>
      <dd>
        {r.elementsDisclosed.length > 0
          ? r.elementsDisclosed.map(label).join(', ')
          : t('resident.record.noElements')}
      </dd>
      <dt>{t('resident.record.outcome')}</dt>
      <dd data-outcome={r.outcome}>{outcomeWords(t, (k) => i18n.exists(k), r.outcome)}</dd>
    </dl>
  );
}

export function History() {
  const { t, i18n } = useTranslation();
  const label = useElementLabels();
  const [items, setItems] = useState<HistoryRecord[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const [state, setState] = useState<'loading' | 'more' | 'idle'>('loading');
  const [error, setError] = useState<unknown>(null);
  const [pdfBusy, setPdfBusy] = useState(false);

  async function load(before: number | null) {
    setState(before === null ? 'loading' : 'more');
    setError(null);
    try {
      const page = await ok(
        client.GET('/v1/resident/history', {
          params: { query: { limit: PAGE_SIZE, before: before ?? undefined } },
        }),
      );
      setItems((old) => (before === null ? page.items : [...old, ...page.items]));
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setState('idle');
    }
  }
  useEffect(() => {
    void load(null);
  }, []);

  async function pdf() {
    setPdfBusy(true);
    setError(null);
    try {
      await download('/v1/resident/history/document?format=pdf', 'riwayat-akses.pdf', () => undefined);
    } catch (e) {
      setError(e);
    } finally {
      setPdfBusy(false);
    }
  }

  return (
    <Page
      title={t('resident.history.title')}
      actions={
        <button type="button" className="secondary" onClick={() => void pdf()} disabled={pdfBusy}>
          {pdfBusy ? t('resident.history.pdfBusy') : t('resident.history.pdf')}
        </button>
      }
    >
      <p className="muted">{t('resident.history.intro')}</p>
      <ErrorNotice error={error} />
      {state === 'loading' ? (
        <Loading />
      ) : items.length === 0 && !error ? (
        <p className="notice">{t('resident.history.empty')}</p>
      ) : (
        <ol className="resident-records" aria-label={t('resident.history.title')}>
          {items.map((r) => (
            <li key={r.id} className={`panel resident-record${isRefused(r.outcome) ? ' refused' : ''}`}>
              <h2 className="resident-when">
                <time dateTime={r.at}>{formatDateTime(r.at, i18n.language)}</time>
                {r.disputeId && <span className="badge badge-warn">{t('resident.history.disputed')}</span>}
              </h2>
              <RecordFacts r={r} label={label} />
              <Link to={`/warga/catatan/${r.id}`}>{t('resident.history.details')}</Link>
            </li>
          ))}
        </ol>
      )}
      {state !== 'loading' && items.length > 0 && (
        <p>
          {cursor !== null ? (
            <button
              type="button"
              className="secondary"
              onClick={() => void load(cursor)}
              disabled={state === 'more'}
            >
              {state === 'more' ? t('resident.history.loadingMore') : t('resident.history.more')}
            </button>
          ) : (
            <span className="muted">{t('resident.history.end')}</span>
          )}
        </p>
      )}
    </Page>
  );
}

export function RecordDetail() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const label = useElementLabels();
  const {
    data: r,
    error,
    loading,
  } = useLoad(
    () => ok(client.GET('/v1/resident/history/{id}', { params: { path: { id: Number(id) } } })),
    [id],
  );
  return (
    <Page title={t('resident.record.title')}>
      <p>
        <Link to="/warga">{t('resident.record.back')}</Link>
      </p>
      {loading ? (
        <Loading />
      ) : error instanceof ApiFailure &&
        (error.code === 'NOT_FOUND' || error.code === 'VALIDATION_FAILED') ? (
        <p className="notice notice-warn">{t('resident.record.notFound')}</p>
      ) : error || !r ? (
        <ErrorNotice error={error} />
      ) : (
        <div className="panel">
          <dl className="facts">
            <dt>{t('resident.record.at')}</dt>
            <dd>
              <time dateTime={r.at}>{formatDateTime(r.at, i18n.language)}</time>
            </dd>
            <dt>{t('resident.record.number')}</dt>
            <dd>{r.id}</dd>
            <dt>{t('resident.record.logged')}</dt>
            <dd>
              {r.leafIndex === null
                ? t('resident.record.notLogged')
                : t('resident.record.loggedAt', { n: r.leafIndex })}
            </dd>
          </dl>
          <RecordFacts r={r} label={label} />
          <div className="actions">
            {r.disputeId ? (
              <Link className="button-link" to={`/warga/keberatan/${r.disputeId}`}>
                {t('resident.record.seeDispute')}
              </Link>
            ) : (
              <Link className="button-link" to={`/warga/catatan/${r.id}/keberatan`}>
                {t('resident.record.dispute')}
              </Link>
            )}
          </div>
        </div>
      )}
    </Page>
  );
}
