import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok, type Answer } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, useLoad } from '../../components/ui.tsx';
import { formatDateTime } from '../../format.ts';
import { useMe } from '../../session.tsx';
import type { Institution } from './oversight.shared.ts';

type Alert = Answer<'/v1/misuse-alerts'>['items'][number];

const SEVERITY_BADGE: Record<string, string> = {
  low: 'badge',
  medium: 'badge badge-warn',
  high: 'badge badge-err',
};

/** Misuse alerts, open first; officers acknowledge them (with a note, and may re-enable a suspended account). */
export function MisuseAlerts({
  institutions,
  onChange,
}: {
  institutions: Institution[];
  onChange: () => void;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const canAcknowledge = me.role === 'central_officer' || me.role === 'office_officer';
  const [all, setAll] = useState(false);
  const alerts = useLoad(
    () =>
      ok(
        client.GET('/v1/misuse-alerts', {
          params: { query: { status: all ? undefined : 'open', limit: 100 } },
        }),
      ),
    [all],
  );
  const accounts = useLoad(() => ok(client.GET('/v1/accounts')).then((r) => r.items), []);
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const code = (id: string) => institutions.find((i) => i.id === id)?.code ?? id;
  const user = (id: string) => accounts.data?.find((a) => a.id === id)?.username ?? id;

  return (
    <section className="panel" id="misuse-alerts" aria-labelledby="misuse-alerts-title">
      <h2 id="misuse-alerts-title">{t('dashboard.alertsTitle')}</h2>
      <label className="check">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />{' '}
        {t('dashboard.showAcknowledged')}
      </label>
      {done && <Notice kind="ok">{t('misuseAlerts.done')}</Notice>}
      <ErrorNotice error={alerts.error} />
      {alerts.loading && !alerts.data && <Loading />}
      {alerts.data && alerts.data.items.length === 0 && <p>{t('dashboard.alertsNone')}</p>}
      {alerts.data && alerts.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('misuseAlerts.time')}</th>
                <th scope="col">{t('misuseAlerts.institution')}</th>
                <th scope="col">{t('misuseAlerts.account')}</th>
                <th scope="col">{t('misuseAlerts.reason')}</th>
                <th scope="col">{t('misuseAlerts.severity')}</th>
                <th scope="col">{t('misuseAlerts.action')}</th>
                <th scope="col">{t('misuseAlerts.evidence')}</th>
                <th scope="col">{t('misuseAlerts.status')}</th>
              </tr>
            </thead>
            <tbody>
              {alerts.data.items.map((a) => (
                <tr key={a.id}>
                  <td>{formatDateTime(a.createdAt, i18n.language)}</td>
                  <td>{code(a.institutionId)}</td>
                  <td>{user(a.accountId)}</td>
                  <td>{t(`misuseAlerts.reasons.${a.reason}`, { defaultValue: a.reason })}</td>
                  <td>
                    <span className={SEVERITY_BADGE[a.severity] ?? 'badge'}>
                      {t(`misuseAlerts.severities.${a.severity}`, { defaultValue: a.severity })}
                    </span>
                  </td>
                  <td>{t(`misuseAlerts.actions.${a.action}`, { defaultValue: a.action })}</td>
                  <td>
                    {t('misuseAlerts.evidenceText', {
                      count: a.evidence.count,
                      seconds: a.evidence.windowSeconds,
                      threshold: a.evidence.threshold,
                    })}
                  </td>
                  <td>
                    {a.acknowledgedAt ? (
                      <>
                        <span className="badge badge-ok">{t('misuseAlerts.acknowledged')}</span>
                        {a.note && <div className="small muted">{a.note}</div>}
                      </>
                    ) : canAcknowledge && open !== a.id ? (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => {
                          setOpen(a.id);
                          setDone(false);
                        }}
                        aria-label={`${t('misuseAlerts.acknowledge')} ${code(a.institutionId)} ${user(a.accountId)}`}
                      >
                        {t('misuseAlerts.acknowledge')}
                      </button>
                    ) : canAcknowledge ? (
                      <AcknowledgeForm
                        alert={a}
                        onCancel={() => setOpen(null)}
                        onDone={() => {
                          setOpen(null);
                          setDone(true);
                          alerts.reload();
                          onChange();
                        }}
                      />
                    ) : (
                      <span className="badge badge-warn">{t('misuseAlerts.open')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AcknowledgeForm({
  alert,
  onCancel,
  onDone,
}: {
  alert: Alert;
  onCancel: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [reinstate, setReinstate] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await ok(
        client.POST('/v1/misuse-alerts/{id}/acknowledge', {
          params: { path: { id: alert.id } },
          body: { ...(note.trim() ? { note: note.trim() } : {}), reinstate },
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
    <form
      onSubmit={(e) => void submit(e)}
      aria-label={t('misuseAlerts.acknowledgeTitle')}
      className="ack-form"
    >
      <Field id={`ack-note-${alert.id}`} label={t('misuseAlerts.note')}>
        <textarea
          id={`ack-note-${alert.id}`}
          value={note}
          maxLength={1000}
          onChange={(e) => setNote(e.target.value)}
        />
      </Field>
      {alert.action === 'suspend' && (
        <label className="check">
          <input type="checkbox" checked={reinstate} onChange={(e) => setReinstate(e.target.checked)} />{' '}
          {t('misuseAlerts.reinstate')}
        </label>
      )}
      <ErrorNotice error={error} fields={{ '/note': t('misuseAlerts.note') }} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('misuseAlerts.confirm')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
