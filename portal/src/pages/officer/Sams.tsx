import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { client, download, ok, valuesOf, type Answer } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDateTime } from '../../format.ts';
import { useMe } from '../../session.tsx';
import { SamState, SamTrail, type Sam } from '../institution/CardReaders.tsx';

/** A step's answer: the SAM, and after a personalisation the private key made for it (once). */
type StepAnswer = Answer<'/v1/sams/{id}/activate', 'post'> | Answer<'/v1/sams/{id}/personalise', 'post'>;
import { listed, loadInstitutions } from './oversight.shared.ts';

const STATES = valuesOf<Sam['state']>({
  requested: true,
  personalised: true,
  activated: true,
  deactivated: true,
  config_returned: true,
  config_confirmed: true,
});

/** The registry's SAM work: the SIFILMA export and its answers, personalise, activate, deactivate, confirm. */
export function Sams() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  // The state the URL names; one outside the API's list is no filter.
  const state = listed(STATES, params.get('state'));
  const institutions = useLoad(loadInstitutions, []);
  const sams = useLoad(
    () => ok(client.GET('/v1/sams', { params: { query: { state } } })).then((r) => r.items),
    [state],
  );
  const [secret, setSecret] = useState<{ samId: string; pem: string } | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const officer = me.role === 'central_officer' || me.role === 'office_officer';
  const nameOf = (id: string) => institutions.data?.find((i) => i.id === id)?.name ?? id;
  const exportAs = async (ext: 'csv' | 'pdf') => {
    setExportError(null);
    try {
      await download(`/v1/sams/sifilma-request.${ext}`, `sifilma-request.${ext}`, () => undefined);
    } catch (e) {
      setExportError(e);
    }
  };
  return (
    <Page title={t('readers.officerTitle')}>
      {officer && (
        <section className="panel" aria-labelledby="sifilma-export">
          <h2 id="sifilma-export">{t('readers.sifilmaExport')}</h2>
          <div className="actions">
            <button type="button" className="secondary" onClick={() => void exportAs('csv')}>
              {t('readers.sifilmaCsv')}
            </button>{' '}
            <button type="button" className="secondary" onClick={() => void exportAs('pdf')}>
              {t('readers.sifilmaPdf')}
            </button>
          </div>
          <ErrorNotice error={exportError} />
        </section>
      )}
      <div className="panel filters">
        <Field id="sam-state" label={t('readers.filterState')}>
          <select
            id="sam-state"
            value={state ?? ''}
            onChange={(e) => setParams(e.target.value ? new URLSearchParams({ state: e.target.value }) : {})}
          >
            <option value="">{t('readers.all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`readers.state_${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {secret && (
        <Notice kind="warn">
          {t('readers.privateKey')}
          <textarea
            data-testid="sam-private-key"
            aria-label={t('readers.privateKey')}
            readOnly
            rows={6}
            value={secret.pem}
          />
        </Notice>
      )}
      <ErrorNotice error={sams.error} />
      {sams.loading && !sams.data && <Loading />}
      {sams.data && sams.data.length === 0 && <p>{t('readers.none')}</p>}
      {(sams.data ?? []).map((s) => (
        <section key={s.id} className="panel" data-testid="sam" data-reader={s.readerSerial}>
          <h2>{s.readerSerial}</h2>
          <p className="small">
            {nameOf(s.institutionId)} · <SamState sam={s} /> · {formatDateTime(s.updatedAt, i18n.language)}
          </p>
          {s.deactivationReason && <p className="small muted">{s.deactivationReason}</p>}
          <SamTrail samId={s.id} />
          {officer && (
            <SamActions
              sam={s}
              onDone={(pem) => {
                if (pem) setSecret({ samId: s.id, pem });
                sams.reload();
              }}
            />
          )}
        </section>
      ))}
    </Page>
  );
}

function SamActions({ sam, onDone }: { sam: Sam; onDone: (privateKeyPem?: string | null) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const at = { params: { path: { id: sam.id } } };
  const act = async (call: () => Promise<StepAnswer>) => {
    setBusy(true);
    setFailure(null);
    try {
      const r = await call();
      onDone('privateKeyPem' in r ? r.privateKeyPem : undefined);
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };
  const button = (label: string, call: () => Promise<StepAnswer>) => (
    <button type="button" disabled={busy} onClick={() => void act(call)}>
      {label}
    </button>
  );
  const pending = sam.state === 'requested' && sam.sifilmaStatus === 'pending';
  const answer = (accepted: boolean) =>
    ok(client.POST('/v1/sams/{id}/sifilma-answer', { ...at, body: { accepted, reference: text.trim() } }));
  return (
    <div>
      {(pending || sam.state === 'activated') && (
        <Field id={`sam-text-${sam.id}`} label={pending ? t('readers.reference') : t('readers.reason')}>
          <input id={`sam-text-${sam.id}`} value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
      )}
      <div className="actions">
        {pending && button(t('readers.accept'), () => answer(true))}{' '}
        {pending && button(t('readers.rejectSifilma'), () => answer(false))}
        {sam.state === 'requested' &&
          sam.sifilmaStatus === 'accepted' &&
          button(t('readers.personalise'), () =>
            ok(client.POST('/v1/sams/{id}/personalise', { ...at, body: {} })),
          )}
        {sam.state === 'personalised' &&
          button(t('readers.activate'), () => ok(client.POST('/v1/sams/{id}/activate', at)))}
        {sam.state === 'activated' &&
          button(t('readers.deactivate'), () =>
            ok(client.POST('/v1/sams/{id}/deactivate', { ...at, body: { reason: text.trim() } })),
          )}
        {sam.state === 'config_returned' &&
          button(t('readers.confirmConfig'), () =>
            ok(client.POST('/v1/sams/{id}/configuration/confirm', at)),
          )}
      </div>
      <ErrorNotice
        error={failure}
        fields={{ '/reference': t('readers.reference'), '/reason': t('readers.reason') }}
      />
    </div>
  );
}
