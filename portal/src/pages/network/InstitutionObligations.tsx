import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDate } from '../../format.ts';
import { useMe } from '../../session.tsx';
import { fileToUpload, UPLOAD_ACCEPT } from '../institution/upload.ts';
import { useSavingAction } from './shared.tsx';

/** The institution's SPTJM upload and extension requests (flows that were API-only). */
export function InstitutionObligations() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const institutionId = me.institutionId ?? '';
  const path = { id: institutionId };
  const { data, error, loading, reload } = useLoad(
    async () => ({
      gates: await ok(client.GET('/v1/institutions/{id}/gates', { params: { path } })),
      agreements: (
        await ok(
          client.GET('/v1/agreements', { params: { query: { institutionId: institutionId || undefined } } }),
        )
      ).items,
    }),
    [me.institutionId],
  );
  const [sptjm, setSptjm] = useState({ signatoryName: '', signatoryPosition: '', signedOn: '' });
  const [file, setFile] = useState<File | null>(null);
  const [ext, setExt] = useState({ agreementId: '', newEndDate: '', reason: '' });
  const [cert, setCert] = useState({ number: '', validUntil: '' });
  const [certFile, setCertFile] = useState<File | null>(null);
  const { act, error: actionError, done } = useSavingAction(reload);

  function uploadSptjm(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    void act(async () =>
      ok(
        client.POST('/v1/institutions/{id}/responsibility-statement', {
          params: { path },
          body: { ...sptjm, document: await fileToUpload(file) },
        }),
      ),
    );
  }

  function recordCertificate(e: FormEvent) {
    e.preventDefault();
    void act(async () =>
      ok(
        client.POST('/v1/institutions/{id}/certificates', {
          params: { path },
          body: { ...cert, ...(certFile ? { document: await fileToUpload(certFile) } : {}) },
        }),
      ),
    );
  }

  function requestExtension(e: FormEvent) {
    e.preventDefault();
    const agreementId = ext.agreementId || data?.agreements[0]?.id || '';
    void act(() =>
      ok(
        client.POST('/v1/agreements/{id}/extension-requests', {
          params: { path: { id: agreementId } },
          body: { newEndDate: ext.newEndDate, reason: ext.reason },
        }),
      ),
    );
  }

  const s = data?.gates.responsibilityStatement;
  return (
    <Page title={t('network.obligations.title')}>
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      <ErrorNotice
        error={actionError}
        fields={{
          '/signatoryName': t('network.obligations.signatoryName'),
          '/signatoryPosition': t('network.obligations.signatoryPosition'),
          '/signedOn': t('network.obligations.signedOn'),
          '/newEndDate': t('network.obligations.newEndDate'),
          '/number': t('network.obligations.certificateNumber'),
          '/validUntil': t('network.obligations.certificateValidUntil'),
          '/reason': t('network.obligations.reason'),
        }}
      />
      {done && <Notice kind="ok">{t('network.saved')}</Notice>}
      {data && (
        <>
          <section className="panel" aria-labelledby="sptjm-title">
            <h2 id="sptjm-title">{t('network.obligations.sptjm')}</h2>
            <p data-testid="sptjm-current">
              {s
                ? t('network.obligations.sptjmRecorded', {
                    name: s.signatoryName,
                    position: s.signatoryPosition,
                    date: formatDate(s.signedOn, i18n.language),
                  })
                : t('network.obligations.sptjmMissing')}
            </p>
            <form onSubmit={uploadSptjm} className="stack">
              <Field id="sptjm-name" label={t('network.obligations.signatoryName')}>
                <input
                  id="sptjm-name"
                  value={sptjm.signatoryName}
                  onChange={(e) => setSptjm({ ...sptjm, signatoryName: e.target.value })}
                  required
                />
              </Field>
              <Field id="sptjm-position" label={t('network.obligations.signatoryPosition')}>
                <input
                  id="sptjm-position"
                  value={sptjm.signatoryPosition}
                  onChange={(e) => setSptjm({ ...sptjm, signatoryPosition: e.target.value })}
                  required
                />
              </Field>
              <Field id="sptjm-date" label={t('network.obligations.signedOn')}>
                <input
                  id="sptjm-date"
                  type="date"
                  value={sptjm.signedOn}
                  onChange={(e) => setSptjm({ ...sptjm, signedOn: e.target.value })}
                  required
                />
              </Field>
              <Field id="sptjm-file" label={t('network.obligations.document')}>
                <input
                  id="sptjm-file"
                  type="file"
                  accept={UPLOAD_ACCEPT}
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                  required
                />
              </Field>
              <button type="submit">{t('network.obligations.uploadSptjm')}</button>
            </form>
          </section>
          <section className="panel" aria-labelledby="iso-title">
            <h2 id="iso-title">{t('network.obligations.certificate')}</h2>
            <p>{t('network.obligations.certificateHint')}</p>
            <form onSubmit={recordCertificate} className="stack">
              <Field id="iso-number" label={t('network.obligations.certificateNumber')}>
                <input
                  id="iso-number"
                  value={cert.number}
                  onChange={(e) => setCert({ ...cert, number: e.target.value })}
                  required
                />
              </Field>
              <Field id="iso-valid" label={t('network.obligations.certificateValidUntil')}>
                <input
                  id="iso-valid"
                  type="date"
                  value={cert.validUntil}
                  onChange={(e) => setCert({ ...cert, validUntil: e.target.value })}
                  required
                />
              </Field>
              <Field id="iso-file" label={t('network.obligations.certificateDocument')}>
                <input
                  id="iso-file"
                  type="file"
                  accept={UPLOAD_ACCEPT}
                  onChange={(e) => setCertFile(e.target.files?.[0] ?? null)}
                  required
                />
              </Field>
              <button type="submit">{t('network.obligations.recordCertificate')}</button>
            </form>
          </section>
          <section className="panel" aria-labelledby="ext-title">
            <h2 id="ext-title">{t('network.obligations.extension')}</h2>
            {data.agreements.length === 0 ? (
              <p>{t('network.none')}</p>
            ) : (
              <form onSubmit={requestExtension} className="stack">
                <Field id="ext-agreement" label={t('network.obligations.agreement')}>
                  <select
                    id="ext-agreement"
                    value={ext.agreementId || data.agreements[0]!.id}
                    onChange={(e) => setExt({ ...ext, agreementId: e.target.value })}
                  >
                    {data.agreements.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.registryNumber} ({formatDate(a.endDate, i18n.language)})
                      </option>
                    ))}
                  </select>
                </Field>
                <Field id="ext-end" label={t('network.obligations.newEndDate')}>
                  <input
                    id="ext-end"
                    type="date"
                    value={ext.newEndDate}
                    onChange={(e) => setExt({ ...ext, newEndDate: e.target.value })}
                    required
                  />
                </Field>
                <Field id="ext-reason" label={t('network.obligations.reason')}>
                  <textarea
                    id="ext-reason"
                    value={ext.reason}
                    onChange={(e) => setExt({ ...ext, reason: e.target.value })}
                    required
                  />
                </Field>
                <button type="submit">{t('network.obligations.requestExtension')}</button>
              </form>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
