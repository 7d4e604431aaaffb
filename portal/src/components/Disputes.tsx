import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { client, ok, type Answer } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useMe } from '../session.tsx';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from './ui.tsx';

/** A dispute as the institution and the office see it (GET /v1/disputes/{id}): metadata, never the person. */
export type Dispute = Answer<'/v1/disputes/{id}'>;

const STATES = ['awaiting_institution', 'awaiting_decision', 'justified', 'misuse_found'] as const;
const BADGE: Record<Dispute['state'], string> = {
  awaiting_institution: 'badge badge-warn',
  awaiting_decision: 'badge badge-warn',
  justified: 'badge badge-ok',
  misuse_found: 'badge badge-err',
};

/** A deadline (the end of a WIB working day) shown as that day's last minute, e.g. 12 Januari 2027 23.59. */
const dueShown = (iso: string, lang: string) =>
  formatDateTime(new Date(Date.parse(iso) - 60_000).toISOString(), lang);

export function StateBadge({ state }: { state: Dispute['state'] }) {
  const { t } = useTranslation();
  return (
    <span className={BADGE[state]} data-state={state}>
      {t(`disputes.states.${state}`)}
    </span>
  );
}

/** The list (institution: its own; office: the board of its area), filterable by state. */
export function DisputeList({ base, board }: { base: string; board: boolean }) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<Dispute['state'] | ''>('');
  const list = useLoad(
    () => ok(client.GET('/v1/disputes', { params: { query: { state: state || undefined } } })),
    [state],
  );
  return (
    <Page title={t(board ? 'disputes.boardTitle' : 'disputes.title')}>
      <p className="muted">{t('disputes.intro')}</p>
      <Field id="dispute-state" label={t('disputes.filter')}>
        <select
          id="dispute-state"
          value={state}
          onChange={(e) => setState(e.target.value as Dispute['state'] | '')}
        >
          <option value="">{t('disputes.all')}</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {t(`disputes.states.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <ErrorNotice error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.items.length === 0 && <p>{t('disputes.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul className="dispute-list" aria-label={t('disputes.count', { count: list.data.items.length })}>
          {list.data.items.map((d) => (
            <li key={d.id} className="panel" data-dispute={d.id}>
              <div>
                <StateBadge state={d.state} />{' '}
                {(d.answerOverdue || d.decisionOverdue) && (
                  <span className="badge badge-err">{t('disputes.overdue')}</span>
                )}
              </div>
              <div>
                <strong>{t(`disputes.reasons.${d.reason}`)}</strong>
                {board && <> — {d.institution?.name ?? t('disputes.noInstitution')}</>}
              </div>
              <div className="small muted">
                {t('disputes.recordAt')}: {formatDateTime(d.record.at, i18n.language)} ·{' '}
                {t('disputes.openedAt')}: {formatDateTime(d.openedAt, i18n.language)}
              </div>
              <Link to={`${base}/${encodeURIComponent(d.id)}`} aria-label={`${t('disputes.open')} ${d.id}`}>
                {t('disputes.open')}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** One dispute with its trail, and the action the caller may take in its state. */
export function DisputeDetail({ base }: { base: string }) {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const [done, setDone] = useState<string | null>(null);
  const one = useLoad(() => ok(client.GET('/v1/disputes/{id}', { params: { path: { id } } })), [id]);
  const d = one.data;
  const isOfficer = me.role === 'central_officer' || me.role === 'office_officer';
  const isInstitution = me.role === 'institution_head' || me.role === 'institution_admin';
  const finished = (key: string) => {
    setDone(key);
    one.reload();
  };
  const lang = i18n.language;
  return (
    <Page title={t('disputes.title')} actions={<Link to={base}>{t('disputes.back')}</Link>}>
      <ErrorNotice error={one.error} />
      {one.loading && !d && <Loading />}
      {done && <Notice kind="ok">{t(done)}</Notice>}
      {d && (
        <>
          <section className="panel" aria-labelledby="dispute-head">
            <h2 id="dispute-head">
              <StateBadge state={d.state} /> <span className="small muted">{d.id}</span>
            </h2>
            <dl className="facts">
              <Row label={t('disputes.institution')}>
                {d.institution?.name ?? t('disputes.noInstitution')}
              </Row>
              <Row label={t('disputes.office')}>{d.office.name}</Row>
              <Row label={t('disputes.nik')}>
                <code>{d.nikMasked}</code>
              </Row>
              <Row label={t('disputes.recordAt')}>{formatDateTime(d.record.at, lang)}</Row>
              <Row label={t('disputes.method')}>
                {d.record.method} ({d.record.protocol})
              </Row>
              <Row label={t('disputes.purpose')}>{d.record.purposeLabel ?? d.record.purpose ?? '–'}</Row>
              <Row label={t('disputes.elements')}>{d.record.elementsDisclosed.join(', ') || '–'}</Row>
              <Row label={t('disputes.outcome')}>{d.record.outcome}</Row>
              <Row label={t('disputes.operator')}>{d.record.username ?? d.record.accountId ?? '–'}</Row>
              <Row label={t('disputes.requestId')}>
                <code>{d.record.requestId}</code>
              </Row>
              <Row label={t('disputes.reason')}>{t(`disputes.reasons.${d.reason}`)}</Row>
              <Row label={t('disputes.text')}>{d.text}</Row>
              <Row label={t('disputes.answerDue')}>
                {dueShown(d.answerDueAt, lang)}{' '}
                {d.answerOverdue && <span className="badge badge-err">{t('disputes.overdue')}</span>}
              </Row>
              {d.decisionDueAt && (
                <Row label={t('disputes.decisionDue')}>
                  {dueShown(d.decisionDueAt, lang)}{' '}
                  {d.decisionOverdue && <span className="badge badge-err">{t('disputes.overdue')}</span>}
                </Row>
              )}
              {d.institutionAnswer && <Row label={t('disputes.answer')}>{d.institutionAnswer}</Row>}
              {d.officeNote && <Row label={t('disputes.officeNote')}>{d.officeNote}</Row>}
            </dl>
            {d.answerMissed && <Notice kind="warn">{t('disputes.answerMissed')}</Notice>}
            {d.operatorSuspended && <Notice kind="warn">{t('disputes.operatorSuspended')}</Notice>}
            {d.state === 'misuse_found' && (
              <p>
                <span className={d.findingOpen ? 'badge badge-err' : 'badge badge-ok'}>
                  {t(d.findingOpen ? 'disputes.findingOpen' : 'disputes.findingClosed')}
                </span>
              </p>
            )}
          </section>
          {isInstitution && d.state === 'awaiting_institution' && !d.answerOverdue && (
            <AnswerForm id={d.id} onDone={() => finished('disputes.answered')} />
          )}
          {isOfficer && (d.state === 'awaiting_decision' || d.answerOverdue) && (
            <DecisionForm dispute={d} onDone={() => finished('disputes.decided')} />
          )}
          {isOfficer && d.findingOpen && <CloseForm id={d.id} onDone={() => finished('disputes.closed')} />}
          <section className="panel" aria-labelledby="dispute-trail">
            <h2 id="dispute-trail">{t('disputes.trail')}</h2>
            <ol className="trail">
              {d.trail.map((e, n) => (
                <li key={n}>
                  <span className="small muted">{formatDateTime(e.at, lang)}</span> —{' '}
                  <strong>{t(`disputes.parties.${e.party}`, { defaultValue: e.party })}</strong>:{' '}
                  {t(`disputes.states.${e.state}`, { defaultValue: e.state })}
                  {e.note && <div className="small">{e.note}</div>}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </Page>
  );
}

/** Runs a POST with busy/error state. */
function useSubmit(onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (e: FormEvent, send: () => Promise<unknown>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await send();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function AnswerForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const s = useSubmit(onDone);
  return (
    <form
      className="panel"
      aria-label={t('disputes.answerTitle')}
      onSubmit={(e) =>
        void s.run(e, () =>
          ok(
            client.POST('/v1/disputes/{id}/answer', {
              params: { path: { id } },
              body: { explanation: text },
            }),
          ),
        )
      }
    >
      <h2>{t('disputes.answerTitle')}</h2>
      <Field id="dispute-explanation" label={t('disputes.explanation')}>
        <textarea
          id="dispute-explanation"
          required
          maxLength={2000}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </Field>
      <ErrorNotice error={s.error} fields={{ '/explanation': t('disputes.explanation') }} />
      <button type="submit" disabled={s.busy}>
        {t('disputes.submitAnswer')}
      </button>
    </form>
  );
}

function DecisionForm({ dispute, onDone }: { dispute: Dispute; onDone: () => void }) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState<'justified' | 'misuse_found'>('justified');
  const [note, setNote] = useState('');
  const [suspend, setSuspend] = useState(false);
  const s = useSubmit(onDone);
  const misuse = decision === 'misuse_found';
  return (
    <form
      className="panel"
      aria-label={t('disputes.decisionTitle')}
      onSubmit={(e) =>
        void s.run(e, () =>
          ok(
            client.POST('/v1/disputes/{id}/decision', {
              params: { path: { id: dispute.id } },
              body: { decision, note, ...(misuse && suspend ? { suspendOperator: true } : {}) },
            }),
          ),
        )
      }
    >
      <h2>{t('disputes.decisionTitle')}</h2>
      <fieldset>
        <legend>{t('disputes.decision')}</legend>
        <label className="check">
          <input
            type="radio"
            name="decision"
            value="justified"
            checked={!misuse}
            onChange={() => setDecision('justified')}
          />{' '}
          {t('disputes.justified')}
        </label>
        <label className="check">
          <input
            type="radio"
            name="decision"
            value="misuse_found"
            checked={misuse}
            onChange={() => setDecision('misuse_found')}
          />{' '}
          {t('disputes.misuseFound')}
        </label>
      </fieldset>
      <Field id="dispute-note" label={t('disputes.note')}>
        <textarea
          id="dispute-note"
          required
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Field>
      {misuse && dispute.record.accountId && (
        <label className="check">
          <input type="checkbox" checked={suspend} onChange={(e) => setSuspend(e.target.checked)} />{' '}
          {t('disputes.suspendOperator')} ({dispute.record.username ?? dispute.record.accountId})
        </label>
      )}
      <ErrorNotice error={s.error} fields={{ '/note': t('disputes.note') }} />
      <button type="submit" disabled={s.busy}>
        {t('disputes.submitDecision')}
      </button>
    </form>
  );
}

function CloseForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const s = useSubmit(onDone);
  return (
    <form
      className="panel"
      aria-label={t('disputes.closeTitle')}
      onSubmit={(e) =>
        void s.run(e, () =>
          ok(client.POST('/v1/disputes/{id}/finding-closed', { params: { path: { id } }, body: { note } })),
        )
      }
    >
      <h2>{t('disputes.closeTitle')}</h2>
      <Field id="dispute-close-note" label={t('disputes.note')}>
        <textarea
          id="dispute-close-note"
          required
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Field>
      <ErrorNotice error={s.error} fields={{ '/note': t('disputes.note') }} />
      <button type="submit" disabled={s.busy}>
        {t('disputes.submitClose')}
      </button>
    </form>
  );
}

/** The dashboard's panel: dispute counts per institution in the officer's area. */
export function DisputeCountsPanel() {
  const { t } = useTranslation();
  const counts = useLoad(() => ok(client.GET('/v1/disputes/counts')), []);
  return (
    <section className="panel" aria-labelledby="dispute-counts-title">
      <h2 id="dispute-counts-title">{t('disputes.countsTitle')}</h2>
      <ErrorNotice error={counts.error} />
      {counts.loading && !counts.data && <Loading />}
      {counts.data && counts.data.items.length === 0 && <p>{t('disputes.countsNone')}</p>}
      {counts.data && counts.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="data" id="table-disputes">
            <thead>
              <tr>
                <th scope="col">{t('disputes.institution')}</th>
                <th scope="col">{t('disputes.opened')}</th>
                <th scope="col">{t('disputes.openNow')}</th>
                <th scope="col">{t('disputes.missed')}</th>
                <th scope="col">{t('disputes.justifiedCount')}</th>
                <th scope="col">{t('disputes.misuseCount')}</th>
              </tr>
            </thead>
            <tbody>
              {counts.data.items.map((c) => (
                <tr key={c.institutionId} data-institution={c.institutionId}>
                  <th scope="row">{c.name}</th>
                  <td>{c.opened}</td>
                  <td>{c.open}</td>
                  <td>{c.answerMissed}</td>
                  <td>{c.justified}</td>
                  <td>{c.misuseFound}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Link to="/officer/disputes">{t('disputes.toBoard')}</Link>
    </section>
  );
}
