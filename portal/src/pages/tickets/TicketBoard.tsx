import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useMe } from '../../session.tsx';
import { StateBadge } from './StateBadge.tsx';
import { NEXT, TICKET_STATES, type TicketState, type TicketStep } from './types.ts';

/** The officers' board: tickets owned by the office or an office below it, soonest deadline first. */
export function TicketBoard() {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<TicketState | ''>('');
  const [overdue, setOverdue] = useState(false);
  const list = useLoad(
    () =>
      ok(
        client.GET('/v1/data-quality-tickets', {
          params: { query: { state: state || undefined, overdue: overdue ? 'true' : undefined } },
        }),
      ),
    [state, overdue],
  );
  return (
    <Page title={t('tickets.boardTitle')}>
      <p className="muted">{t('tickets.boardIntro')}</p>
      <div className="row">
        <Field id="dqt-state" label={t('tickets.filterState')}>
          <select id="dqt-state" value={state} onChange={(e) => setState(e.target.value as TicketState | '')}>
            <option value="">{t('tickets.all')}</option>
            {TICKET_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`tickets.state.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <label>
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} />{' '}
          {t('tickets.overdueOnly')}
        </label>
      </div>
      <ErrorNotice error={list.error} />
      {list.loading && <Loading />}
      {list.data && list.data.items.length === 0 && <p>{t('tickets.empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="data" data-testid="ticket-board">
            <thead>
              <tr>
                <th scope="col">{t('tickets.id')}</th>
                <th scope="col">{t('tickets.institution')}</th>
                <th scope="col">{t('tickets.office')}</th>
                <th scope="col">{t('tickets.stateLabel')}</th>
                <th scope="col">{t('tickets.deadline')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((x) => (
                <tr key={x.id} data-ticket={x.id}>
                  <th scope="row">
                    <Link to={`/officer/tickets/${x.id}`}>{x.id}</Link>
                  </th>
                  <td>{x.institutionName}</td>
                  <td>{x.owningOfficeName}</td>
                  <td>
                    <StateBadge state={x.state} overdue={x.overdue} />
                  </td>
                  <td>{formatDate(x.deadline, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

/** One ticket: what the institution reported, its source, its history; the office's next step. */
export function TicketDetail() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const ticket = useLoad(
    () => ok(client.GET('/v1/data-quality-tickets/{id}', { params: { path: { id } } })),
    [id],
  );
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missingNote, setMissingNote] = useState(false);
  const canAct = me.role === 'central_officer' || me.role === 'office_officer';
  const act = async (to: TicketStep, e?: FormEvent) => {
    e?.preventDefault();
    setError(null);
    setMissingNote(to === 'rejected' && note.trim() === '');
    if (to === 'rejected' && note.trim() === '') return;
    try {
      await ok(
        client.POST('/v1/data-quality-tickets/{id}/transition', {
          params: { path: { id } },
          body: { to, ...(note.trim() ? { note: note.trim() } : {}) },
        }),
      );
      setNote('');
      ticket.reload();
    } catch (err) {
      setError(err);
    }
  };
  const x = ticket.data;
  return (
    <Page title={`${t('tickets.detail')} ${id}`}>
      <p>
        <Link to="/officer/tickets">{t('tickets.back')}</Link>
      </p>
      <ErrorNotice error={ticket.error} />
      {ticket.loading && !x && <Loading />}
      {x && (
        <>
          <section className="panel">
            <p>
              <StateBadge state={x.state} overdue={x.overdue} /> {t('tickets.deadline')}{' '}
              {formatDate(x.deadline, i18n.language)}
            </p>
            <dl className="facts">
              <dt>{t('tickets.institution')}</dt>
              <dd>{x.institutionName}</dd>
              <dt>{t('tickets.office')}</dt>
              <dd>{x.owningOfficeName}</dd>
              <dt>NIK</dt>
              <dd>{x.nik}</dd>
              <dt>{t('tickets.source')}</dt>
              <dd>
                {t(`tickets.source_${x.source.kind}`)} {x.source.requestId ?? x.source.period ?? ''}
              </dd>
              <dt>{t('tickets.sourceDetail')}</dt>
              <dd>
                <SourceDetail detail={x.sourceDetail ?? {}} lang={i18n.language} />
              </dd>
              <dt>{t('tickets.description')}</dt>
              <dd data-testid="ticket-description">{x.description}</dd>
              {x.officeNote && (
                <>
                  <dt>{t('tickets.officeNote')}</dt>
                  <dd>{x.officeNote}</dd>
                </>
              )}
            </dl>
          </section>
          {canAct && NEXT[x.state].length > 0 && (
            <form className="panel" onSubmit={(e) => e.preventDefault()}>
              <Field id="dqt-note" label={t('tickets.note')}>
                <textarea
                  id="dqt-note"
                  rows={3}
                  maxLength={1000}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                />
              </Field>
              {missingNote && <Notice kind="warn">{t('tickets.noteRequired')}</Notice>}
              <div className="row">
                {NEXT[x.state].map((to) => (
                  <button key={to} type="button" data-to={to} onClick={(e) => void act(to, e)}>
                    {t(`tickets.act_${to}`)}
                  </button>
                ))}
              </div>
              <ErrorNotice error={error} />
            </form>
          )}
          <section className="panel">
            <h2>{t('tickets.events')}</h2>
            <ol>
              {(x.events ?? []).map((ev, i) => (
                <li key={i}>
                  {formatDateTime(ev.at, i18n.language)} — {t(`tickets.state.${ev.state}`)}
                  {ev.actor ? ` (${ev.actor})` : ''}
                  {ev.note ? `: ${ev.note}` : ''}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </Page>
  );
}

/** The source as the office reads it: times in WIB, lists and the row's values spelled out. */
function SourceDetail({ detail, lang }: { detail: Record<string, unknown>; lang: string }) {
  const text = (k: string, v: unknown): string => {
    if ((k === 'at' || k === 'receivedAt') && typeof v === 'string') return formatDateTime(v, lang);
    if (Array.isArray(v)) return v.join(', ');
    if (v && typeof v === 'object')
      return Object.entries(v)
        .map(([a, b]) => `${a} ${String(b)}`)
        .join(', ');
    return String(v);
  };
  return (
    <ul className="small plain-list">
      {Object.entries(detail).map(([k, v]) => (
        <li key={k}>
          <code>{k}</code>: {text(k, v)}
        </li>
      ))}
    </ul>
  );
}
