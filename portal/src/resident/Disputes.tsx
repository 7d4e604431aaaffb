import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { ApiFailure, client, ok, type Answer } from '../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../components/ui.tsx';
import { formatDateTime } from '../format.ts';
import { methodWords, outcomeWords, useElementLabels } from './words.ts';

/** A dispute as /v1/resident/disputes/{id} gives it (the disputes module's contract). */
export type ResidentDispute = Answer<'/v1/resident/disputes/{id}'>;

const REASONS = ['never_dealt', 'wrong_purpose', 'other'] as const;

/** The server has no disputes module yet: the route itself is missing (not a dispute that is). */
export const disputesMissing = (e: unknown) =>
  e instanceof ApiFailure && e.status === 404 && e.message.startsWith('No route');

function Unavailable({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return disputesMissing(error) ? (
    <p className="notice notice-warn">{t('resident.disputes.unavailable')}</p>
  ) : (
    <ErrorNotice error={error} />
  );
}

function StateBadge({ state }: { state: ResidentDispute['state'] }) {
  const { t } = useTranslation();
  const kind = state === 'misuse_found' ? 'err' : state === 'justified' ? 'ok' : 'warn';
  return (
    <span className={`badge badge-${kind}`} data-state={state}>
      {t(`resident.disputes.states.${state}`)}
    </span>
  );
}

export function DisputeForm() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const record = useLoad(
    () => ok(client.GET('/v1/resident/history/{id}', { params: { path: { id: Number(id) } } })),
    [id],
  );
  const [reason, setReason] = useState<(typeof REASONS)[number] | ''>('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!reason) return setInvalid(t('resident.disputes.reasonRequired'));
    if (!text.trim()) return setInvalid(t('resident.disputes.textRequired'));
    setInvalid(null);
    setBusy(true);
    try {
      const d = await ok(
        client.POST('/v1/resident/disputes', { body: { recordId: Number(id), reason, text: text.trim() } }),
      );
      void navigate(`/warga/keberatan/${d.id}`, { state: { sent: true } });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const r = record.data;
  return (
    <Page title={t('resident.disputes.newTitle')}>
      <p>
        <Link to={`/warga/catatan/${id}`}>{t('resident.record.back')}</Link>
      </p>
      <p className="muted">{t('resident.disputes.intro')}</p>
      {record.loading && <Loading />}
      {record.error !== undefined && <p className="notice notice-warn">{t('resident.record.notFound')}</p>}
      {r && (
        <div className="panel">
          <p>
            <strong>{formatDateTime(r.at, i18n.language)}</strong> — {r.institutionName ?? '—'}
          </p>
          <p className="muted small">
            {methodWords(t, r.method)} · {outcomeWords(t, (k) => i18n.exists(k), r.outcome)}
          </p>
        </div>
      )}
      {r && (
        <form onSubmit={submit} noValidate className="panel">
          <fieldset>
            <legend>{t('resident.disputes.reason')}</legend>
            {REASONS.map((x) => (
              <label key={x} className="resident-choice">
                <input
                  type="radio"
                  name="reason"
                  value={x}
                  checked={reason === x}
                  onChange={() => setReason(x)}
                />
                {t(`resident.disputes.reasons.${x}`)}
              </label>
            ))}
          </fieldset>
          <Field id="dispute-text" label={t('resident.disputes.text')} hint={t('resident.disputes.textHint')}>
            <textarea
              id="dispute-text"
              rows={4}
              maxLength={1000}
              aria-describedby="dispute-text-hint"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </Field>
          {invalid && (
            <p role="alert" className="notice notice-error">
              {invalid}
            </p>
          )}
          {error instanceof ApiFailure && error.code === 'DISPUTE_EXISTS' ? (
            <p role="alert" className="notice notice-error">
              {t('resident.disputes.exists')}
            </p>
          ) : (
            error !== null && <Unavailable error={error} />
          )}
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? t('resident.disputes.busy') : t('resident.disputes.submit')}
            </button>
            <Link to={`/warga/catatan/${id}`}>{t('resident.disputes.cancel')}</Link>
          </div>
        </form>
      )}
    </Page>
  );
}

export function DisputeList() {
  const { t, i18n } = useTranslation();
  const { data, error, loading } = useLoad(() => ok(client.GET('/v1/resident/disputes')), []);
  return (
    <Page title={t('resident.disputes.title')}>
      {loading ? (
        <Loading />
      ) : error ? (
        <Unavailable error={error} />
      ) : data && data.items.length === 0 ? (
        <p className="notice">{t('resident.disputes.empty')}</p>
      ) : (
        <ul className="resident-records">
          {data?.items.map((d) => (
            <li key={d.id} className="panel">
              <p>
                <StateBadge state={d.state} />
              </p>
              <p>
                <strong>{d.institution?.name ?? '—'}</strong> · {formatDateTime(d.record.at, i18n.language)}
              </p>
              <p className="muted small">
                {t('resident.disputes.openedAt')}: {formatDateTime(d.openedAt, i18n.language)}
              </p>
              <Link to={`/warga/keberatan/${d.id}`}>{t('resident.disputes.open')}</Link>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

export function DisputeDetail() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const label = useElementLabels();
  const {
    data: d,
    error,
    loading,
  } = useLoad(
    () => ok(client.GET('/v1/resident/disputes/{id}', { params: { path: { id: id ?? '' } } })),
    [id],
  );
  const sent = (useLocation().state as { sent?: boolean } | null)?.sent === true;
  const when = (iso: string | null) =>
    iso ? formatDateTime(iso, i18n.language) : t('resident.disputes.none');
  return (
    <Page title={t('resident.disputes.detailTitle')}>
      <p>
        <Link to="/warga/keberatan">{t('resident.disputes.title')}</Link>
      </p>
      {sent && <Notice kind="ok">{t('resident.disputes.sent')}</Notice>}
      {loading ? (
        <Loading />
      ) : error || !d ? (
        <Unavailable error={error} />
      ) : (
        <>
          <div className="panel">
            <dl className="facts">
              <dt>{t('resident.disputes.state')}</dt>
              <dd>
                <StateBadge state={d.state} />
              </dd>
              <dt>{t('resident.disputes.reason')}</dt>
              <dd>
                {i18n.exists(`resident.disputes.reasons.${d.reason}`)
                  ? t(`resident.disputes.reasons.${d.reason}`)
                  : d.reason}
              </dd>
              <dt>{t('resident.disputes.text')}</dt>
              <dd>{d.text}</dd>
              <dt>{t('resident.disputes.openedAt')}</dt>
              <dd>{when(d.openedAt)}</dd>
              <dt>{t('resident.disputes.answerDueAt')}</dt>
              <dd>{when(d.answerDueAt)}</dd>
              <dt>{t('resident.disputes.decisionDueAt')}</dt>
              <dd>{when(d.decisionDueAt)}</dd>
              <dt>{t('resident.disputes.institutionAnswer')}</dt>
              <dd>{d.institutionAnswer ?? t('resident.disputes.none')}</dd>
              <dt>{t('resident.disputes.officeNote')}</dt>
              <dd>{d.officeNote ?? t('resident.disputes.none')}</dd>
            </dl>
          </div>
          <h2>{t('resident.disputes.record')}</h2>
          <div className="panel">
            <dl className="facts">
              <dt>{t('resident.record.at')}</dt>
              <dd>{when(d.record.at)}</dd>
              <dt>{t('resident.record.institution')}</dt>
              <dd>{d.institution?.name ?? t('resident.record.unknownInstitution')}</dd>
              <dt>{t('resident.record.method')}</dt>
              <dd>{methodWords(t, d.record.method)}</dd>
              <dt>{t('resident.record.purpose')}</dt>
              <dd>{d.record.purposeLabel ?? d.record.purpose ?? t('resident.record.noPurpose')}</dd>
              <dt>{t('resident.record.elements')}</dt>
              <dd>
                {d.record.elementsDisclosed.length > 0
                  ? d.record.elementsDisclosed.map(label).join(', ')
                  : t('resident.record.noElements')}
              </dd>
              <dt>{t('resident.record.outcome')}</dt>
              <dd>{outcomeWords(t, (k) => i18n.exists(k), d.record.outcome)}</dd>
            </dl>
            <Link to={`/warga/catatan/${d.recordId}`}>{t('resident.history.details')}</Link>
          </div>
          <h2>{t('resident.disputes.trail')}</h2>
          <ol className="resident-trail">
            {d.trail.map((s, i) => (
              <li key={`${s.at}-${i}`}>
                <time dateTime={s.at}>{formatDateTime(s.at, i18n.language)}</time> —{' '}
                <strong>{t(`resident.disputes.parties.${s.party}`)}</strong>:{' '}
                {i18n.exists(`resident.disputes.states.${s.state}`)
                  ? t(`resident.disputes.states.${s.state}`)
                  : s.state}
                {s.note && <p className="muted small">{s.note}</p>}
              </li>
            ))}
          </ol>
        </>
      )}
    </Page>
  );
}
