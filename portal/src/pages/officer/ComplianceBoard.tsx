import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { client, ok, type Answer } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDateTime } from '../../format.ts';
import { useMe } from '../../session.tsx';
import type { Account } from './oversight.shared.ts';

type BoardRow = Answer<'/v1/compliance'>['items'][number];
type State = BoardRow['state'];
const STATES = ['in_order', 'warned', 'suspended', 'reinstated'] as const satisfies readonly State[];
const BADGE: Record<State, string> = {
  in_order: 'badge badge-ok',
  warned: 'badge badge-warn',
  suspended: 'badge badge-err',
  reinstated: 'badge',
};

export function ComplianceBoard() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter = (STATES as readonly string[]).includes(params.get('state') ?? '')
    ? params.get('state')!
    : '';
  const board = useLoad(() => ok(client.GET('/v1/compliance')).then((r) => r.items), []);
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const rows = (board.data ?? []).filter((r) => !filter || r.state === filter);
  const openRow = rows.find((r) => r.institutionId === open);
  const count = (s: State) => (board.data ?? []).filter((r) => r.state === s).length;

  return (
    <Page title={t('complianceBoard.title')}>
      <div className="panel filters narrow">
        <Field id="compliance-state" label={t('complianceBoard.state')}>
          <select
            id="compliance-state"
            value={filter}
            onChange={(e) => setParams(e.target.value ? { state: e.target.value } : {})}
          >
            <option value="">
              {t('complianceBoard.allStates')} ({board.data?.length ?? '…'})
            </option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`complianceBoard.states.${s}`)} ({board.data ? count(s) : '…'})
              </option>
            ))}
          </select>
        </Field>
      </div>
      {done && <Notice kind="ok">{done}</Notice>}
      <ErrorNotice error={board.error} />
      {board.loading && !board.data && <Loading />}
      {board.data && (
        <>
          <p className="muted">{t('complianceBoard.count', { count: rows.length })}</p>
          {rows.length === 0 ? (
            <p>{t('complianceBoard.none')}</p>
          ) : (
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t('complianceBoard.code')}</th>
                    <th scope="col">{t('complianceBoard.name')}</th>
                    <th scope="col">{t('complianceBoard.state')}</th>
                    <th scope="col">{t('complianceBoard.since')}</th>
                    <th scope="col">{t('complianceBoard.reason')}</th>
                    <th scope="col">{t('complianceBoard.access')}</th>
                    <th scope="col">{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.institutionId} data-state={r.state}>
                      <th scope="row">{r.code}</th>
                      <td>{r.name}</td>
                      <td>
                        <span className={BADGE[r.state]}>{t(`complianceBoard.states.${r.state}`)}</span>
                      </td>
                      <td>{r.since ? formatDateTime(r.since, i18n.language) : '–'}</td>
                      <td>{r.reason ?? '–'}</td>
                      <td>{r.isActive ? t('complianceBoard.active') : t('complianceBoard.inactive')}</td>
                      <td>
                        <button
                          type="button"
                          className="secondary"
                          aria-expanded={open === r.institutionId}
                          aria-controls={`compliance-${r.institutionId}`}
                          aria-label={`${open === r.institutionId ? t('complianceBoard.hide') : t('complianceBoard.details')}: ${r.code}`}
                          onClick={() => {
                            setOpen(open === r.institutionId ? null : r.institutionId);
                            setDone(null);
                          }}
                        >
                          {open === r.institutionId
                            ? t('complianceBoard.hide')
                            : t('complianceBoard.details')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {openRow && (
            <ComplianceDetail
              key={openRow.institutionId}
              row={openRow}
              onReinstated={() => {
                setOpen(null);
                setDone(t('complianceBoard.reinstated', { name: openRow.name }));
                board.reload();
              }}
            />
          )}
        </>
      )}
    </Page>
  );
}

function ComplianceDetail({ row, onReinstated }: { row: BoardRow; onReinstated: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const canReinstate = me.role === 'central_officer' || me.role === 'office_officer';
  const detail = useLoad(
    () => ok(client.GET('/v1/institutions/{id}/compliance', { params: { path: { id: row.institutionId } } })),
    [row.institutionId],
  );
  const accounts = useLoad(
    () =>
      ok(client.GET('/v1/accounts')).then(
        (r) => r.items,
        () => [] as Account[],
      ),
    [],
  );
  const who = (id: string | null) =>
    id === null ? t('complianceBoard.system') : (accounts.data?.find((a) => a.id === id)?.username ?? id);
  const state = (s: string) => t(`complianceBoard.states.${s}`, { defaultValue: s });
  // Opened from the table: bring the details into view and announce them.
  useEffect(() => {
    const heading = document.getElementById('compliance-detail-title');
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus();
  }, [row.institutionId]);

  return (
    <section
      className="panel compliance-detail"
      id={`compliance-${row.institutionId}`}
      aria-labelledby="compliance-detail-title"
    >
      <h2 id="compliance-detail-title" tabIndex={-1}>
        {t('complianceBoard.detailsOf', { name: row.name })}
      </h2>
      <ErrorNotice error={detail.error} />
      {detail.loading && !detail.data && <Loading />}
      {detail.data && (
        <>
          <h3>{t('complianceBoard.findings')}</h3>
          {detail.data.findings.length === 0 ? (
            <p>{t('complianceBoard.noFindings')}</p>
          ) : (
            <ul>
              {detail.data.findings.map((f) => (
                <li key={`${f.obligation}-${f.message}`}>
                  <span className={f.severity === 'breach' ? 'badge badge-err' : 'badge'}>
                    {t(`complianceBoard.${f.severity}`)}
                  </span>{' '}
                  {f.message}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('complianceBoard.trail')}</h3>
          {detail.data.events.length === 0 ? (
            <p>{t('complianceBoard.noTrail')}</p>
          ) : (
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t('common.time')}</th>
                    <th scope="col">{t('complianceBoard.change')}</th>
                    <th scope="col">{t('complianceBoard.reason')}</th>
                    <th scope="col">{t('complianceBoard.by')}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.data.events.map((e) => (
                    <tr key={e.id}>
                      <td>{formatDateTime(e.at, i18n.language)}</td>
                      <td>
                        {state(e.fromState)} → {state(e.toState)}
                      </td>
                      <td>{e.reason}</td>
                      <td>{who(e.actorId)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {canReinstate && detail.data.state === 'suspended' && (
            <ReinstateForm row={row} onDone={onReinstated} />
          )}
        </>
      )}
    </section>
  );
}

function ReinstateForm({ row, onDone }: { row: BoardRow; onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = `reinstate-${row.institutionId}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await ok(
        client.POST('/v1/institutions/{id}/compliance/reinstate', {
          params: { path: { id: row.institutionId } },
          body: { reason: reason.trim() },
        }),
      );
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="narrow" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('complianceBoard.reinstate')}</h3>
      <Field id={id} label={t('complianceBoard.reinstateReason')} hint={t('complianceBoard.reinstateHint')}>
        <textarea
          id={id}
          value={reason}
          required
          minLength={3}
          maxLength={1000}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setReason(e.target.value)}
        />
      </Field>
      <ErrorNotice error={error} fields={{ '/reason': t('complianceBoard.reinstateReason') }} />
      <button type="submit" className="danger" disabled={busy || reason.trim().length < 3}>
        {t('complianceBoard.reinstateSubmit')}
      </button>
    </form>
  );
}
