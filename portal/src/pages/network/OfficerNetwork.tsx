import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { fileToUpload, UPLOAD_ACCEPT } from '../institution/upload.ts';
import { POC_BADGE, ProvisionTable, type Provision, useSavingAction } from './shared.tsx';

const NEXT: Record<Provision['status'], ('provisioned' | 'connected' | 'withdrawn')[]> = {
  requested: ['provisioned', 'withdrawn'],
  provisioned: ['connected', 'withdrawn'],
  connected: ['withdrawn'],
  withdrawn: [],
};

/** An officer's screen of one institution: the network provisioning records and the PoC results. */
export function OfficerNetwork() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { data, error, loading, reload } = useLoad(
    async () => ({
      list: await ok(client.GET('/v1/institutions/{id}/network-provisions', { params: { path: { id } } })),
      gates: await ok(client.GET('/v1/institutions/{id}/gates', { params: { path: { id } } })),
    }),
    [id],
  );
  const { act, error: actionError, done } = useSavingAction(reload);
  const [form, setForm] = useState({ provider: '', networks: '', bandwidth: '', expectedOn: '' });
  const [pocNote, setPocNote] = useState('');

  function create(e: FormEvent) {
    e.preventDefault();
    void act(async () => {
      await ok(
        client.POST('/v1/institutions/{id}/network-provisions', {
          params: { path: { id } },
          body: {
            provider: form.provider,
            networks: form.networks
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
            bandwidthMbps: form.bandwidth.trim() === '' ? null : Number(form.bandwidth),
            expectedOn: form.expectedOn || null,
          },
        }),
      );
      setForm({ provider: '', networks: '', bandwidth: '', expectedOn: '' });
    });
  }

  const upload = (p: Provision, kind: 'topology' | 'request_letter', file: File | undefined) =>
    file &&
    act(async () =>
      ok(
        client.POST('/v1/network-provisions/{id}/documents/{kind}', {
          params: { path: { id: p.id, kind } },
          body: { document: await fileToUpload(file) },
        }),
      ),
    );

  return (
    <Page title={t('network.officerTitle')}>
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      <ErrorNotice
        error={actionError}
        fields={{ '/provider': t('network.provider'), '/networks': t('network.networks') }}
      />
      {done && <Notice kind="ok">{t('network.saved')}</Notice>}
      {data && (
        <>
          <section className="panel" aria-labelledby="net-records">
            <h2 id="net-records">{t('network.records')}</h2>
            <ProvisionTable
              list={data.list}
              actions={(p) => (
                <div className="actions">
                  {NEXT[p.status].map((to) => (
                    <button
                      key={to}
                      type="button"
                      className={to === 'withdrawn' ? 'secondary' : undefined}
                      onClick={() =>
                        void act(() =>
                          ok(
                            client.POST('/v1/network-provisions/{id}/status', {
                              params: { path: { id: p.id } },
                              body: { status: to },
                            }),
                          ),
                        )
                      }
                    >
                      {t(`network.moveTo.${to}`)}
                    </button>
                  ))}
                  {p.status !== 'withdrawn' && (
                    <>
                      <label className="small">
                        {t('network.uploadTopology')}
                        <input
                          type="file"
                          accept={UPLOAD_ACCEPT}
                          onChange={(e) => void upload(p, 'topology', e.target.files?.[0])}
                        />
                      </label>
                      <label className="small">
                        {t('network.uploadLetter')}
                        <input
                          type="file"
                          accept={UPLOAD_ACCEPT}
                          onChange={(e) => void upload(p, 'request_letter', e.target.files?.[0])}
                        />
                      </label>
                    </>
                  )}
                </div>
              )}
            />
            <h3>{t('network.newRecord')}</h3>
            <form onSubmit={create} className="stack">
              <Field id="net-provider" label={t('network.provider')}>
                <input
                  id="net-provider"
                  value={form.provider}
                  onChange={(e) => setForm({ ...form, provider: e.target.value })}
                  required
                />
              </Field>
              <Field id="net-networks" label={t('network.networks')} hint={t('network.networksHint')}>
                <input
                  id="net-networks"
                  value={form.networks}
                  onChange={(e) => setForm({ ...form, networks: e.target.value })}
                  aria-describedby="net-networks-hint"
                />
              </Field>
              <Field id="net-bandwidth" label={t('network.bandwidth')}>
                <input
                  id="net-bandwidth"
                  inputMode="numeric"
                  value={form.bandwidth}
                  onChange={(e) => setForm({ ...form, bandwidth: e.target.value })}
                />
              </Field>
              <Field id="net-expected" label={t('network.expectedOn')}>
                <input
                  id="net-expected"
                  type="date"
                  value={form.expectedOn}
                  onChange={(e) => setForm({ ...form, expectedOn: e.target.value })}
                />
              </Field>
              <button type="submit">{t('network.save')}</button>
            </form>
          </section>
          <section className="panel" aria-labelledby="net-apps">
            <h2 id="net-apps">{t('network.clientApps')}</h2>
            <p className="muted small">
              {t('network.clientAppsHelp', { quota: data.gates.developmentQuota })}
            </p>
            <Field id="poc-note" label={t('network.pocNote')}>
              <input id="poc-note" value={pocNote} onChange={(e) => setPocNote(e.target.value)} />
            </Field>
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
                    {c.pocNote ? ` — ${c.pocNote}` : ''}{' '}
                    {c.pocStatus !== 'passed' && (
                      <>
                        <button
                          type="button"
                          onClick={() =>
                            void act(() =>
                              ok(
                                client.POST('/v1/client-applications/{id}/poc', {
                                  params: { path: { id: c.id } },
                                  body: { passed: true, note: pocNote.trim() || t('network.poc.passed') },
                                }),
                              ),
                            )
                          }
                        >
                          {t('network.pass')}
                        </button>{' '}
                        <button
                          type="button"
                          className="secondary"
                          onClick={() =>
                            void act(() =>
                              ok(
                                client.POST('/v1/client-applications/{id}/poc', {
                                  params: { path: { id: c.id } },
                                  body: { passed: false, note: pocNote.trim() || t('network.poc.failed') },
                                }),
                              ),
                            )
                          }
                        >
                          {t('network.fail')}
                        </button>
                      </>
                    )}
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
