import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { useMe } from '../../session.tsx';
import { POC_BADGE, ProvisionTable } from './shared.tsx';

/** The institution's network record (read only) and its client applications, where it requests a PoC. */
export function InstitutionNetwork() {
  const { t } = useTranslation();
  const me = useMe();
  const path = { id: me.institutionId ?? '' };
  const { data, error, loading, reload } = useLoad(
    async () => ({
      list: await ok(client.GET('/v1/institutions/{id}/network-provisions', { params: { path } })),
      gates: await ok(client.GET('/v1/institutions/{id}/gates', { params: { path } })),
    }),
    [me.institutionId],
  );
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [saveError, setSaveError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  async function register(e: FormEvent) {
    e.preventDefault();
    setSaveError(null);
    setDone(false);
    try {
      await ok(
        client.POST('/v1/institutions/{id}/client-applications', {
          params: { path },
          body: { name, description },
        }),
      );
      setName('');
      setDescription('');
      setDone(true);
      reload();
    } catch (err) {
      setSaveError(err);
    }
  }

  return (
    <Page title={t('network.institutionTitle')}>
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      {data && (
        <>
          <section className="panel" aria-labelledby="net-records">
            <h2 id="net-records">{t('network.records')}</h2>
            <ProvisionTable list={data.list} />
          </section>
          <section className="panel" aria-labelledby="net-apps">
            <h2 id="net-apps">{t('network.clientApps')}</h2>
            <p className="muted small">
              {t('network.clientAppsHelp', { quota: data.gates.developmentQuota })}
            </p>
            {data.gates.clientApplications.length === 0 ? (
              <p>{t('network.none')}</p>
            ) : (
              <ul>
                {data.gates.clientApplications.map((c) => (
                  <li key={c.id} data-app={c.name}>
                    {c.name}:{' '}
                    <span className={`badge ${POC_BADGE[c.pocStatus]}`}>
                      {t(`network.poc.${c.pocStatus}`)}
                    </span>
                    {c.pocNote ? ` — ${c.pocNote}` : ''}
                  </li>
                ))}
              </ul>
            )}
            {
              <form onSubmit={register} className="stack">
                <Field id="app-name" label={t('network.appName')}>
                  <input id="app-name" value={name} onChange={(e) => setName(e.target.value)} required />
                </Field>
                <Field id="app-description" label={t('network.appDescription')}>
                  <input
                    id="app-description"
                    value={description}
                    onChange={(e) => setDescription(e.target.value)}
                  />
                </Field>
                <ErrorNotice error={saveError} fields={{ '/name': t('network.appName') }} />
                {done && <Notice kind="ok">{t('network.saved')}</Notice>}
                <button type="submit">{t('network.registerApp')}</button>
              </form>
            }
          </section>
        </>
      )}
    </Page>
  );
}
