import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useMe } from '../../session.tsx';

const BADGE = { in_order: 'badge-ok', reinstated: 'badge-ok', warned: 'badge-warn', suspended: 'badge-err' };

export function Compliance() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { data, error, loading } = useLoad(async () => {
    const [view, notes] = await Promise.all([
      ok(
        client.GET('/v1/institutions/{id}/compliance', { params: { path: { id: me.institutionId ?? '' } } }),
      ),
      ok(client.GET('/v1/notifications')),
    ]);
    return { view, notes: notes.items };
  }, [me.institutionId]);

  return (
    <Page title={t('complianceView.title')}>
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      {data && (
        <>
          <section className="panel">
            <h2>
              {t('complianceView.state')}:{' '}
              <span className={`badge ${BADGE[data.view.state]}`} data-state={data.view.state}>
                {t(`complianceView.states.${data.view.state}`)}
              </span>
            </h2>
            {data.view.since && (
              <p className="muted">
                {t('complianceView.since')} {formatDate(data.view.since, i18n.language)}
                {data.view.reason ? ` — ${data.view.reason}` : ''}
              </p>
            )}
            {data.view.state === 'suspended' && (
              <Notice kind="warn">{t('complianceView.suspendedHelp')}</Notice>
            )}
          </section>
          <section className="panel">
            <h2>{t('complianceView.findings')}</h2>
            {data.view.findings.length === 0 ? (
              <p>{t('complianceView.noFindings')}</p>
            ) : (
              <ul className="findings">
                {data.view.findings.map((f) => (
                  <li key={f.obligation} data-obligation={f.obligation}>
                    <span className={`badge ${f.severity === 'breach' ? 'badge-err' : 'badge-warn'}`}>
                      {t(`complianceView.${f.severity}`)}
                    </span>{' '}
                    {f.message}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {data.view.events.length > 0 && (
            <section className="panel">
              <h2>{t('complianceView.trail')}</h2>
              <ol>
                {data.view.events.map((e) => (
                  <li key={e.id}>
                    {formatDateTime(e.at, i18n.language)}:{' '}
                    {t(`complianceView.states.${e.fromState}`, { defaultValue: e.fromState })} →{' '}
                    {t(`complianceView.states.${e.toState}`, { defaultValue: e.toState })} — {e.reason}
                  </li>
                ))}
              </ol>
            </section>
          )}
          <section className="panel">
            <h2>{t('complianceView.notifications')}</h2>
            {data.notes.length === 0 ? (
              <p>{t('common.empty')}</p>
            ) : (
              <ul>
                {data.notes.slice(0, 20).map((n) => (
                  <li key={n.id}>
                    <strong>{n.subject}</strong>{' '}
                    <span className="muted small">{formatDateTime(n.at, i18n.language)}</span>
                    <div className="small">{n.body}</div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
