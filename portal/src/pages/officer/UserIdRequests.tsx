import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ApiFailure, client, download, ok, type Answer } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDateTime } from '../../format.ts';
import { kb, loadInstitutions } from './oversight.shared.ts';

type UserIdRequest = Answer<'/v1/user-id-requests'>['items'][number];

const KINDS = ['issue', 'change', 'deactivate'] as const;

export function UserIdRequests() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const institutionId = params.get('institutionId') ?? '';
  const kind = params.get('kind') ?? '';
  const institutions = useLoad(loadInstitutions, []);
  const list = useLoad(
    () =>
      ok(
        client.GET('/v1/user-id-requests', {
          params: { query: { institutionId: institutionId || undefined } },
        }),
      ).then((r) => r.items),
    [institutionId],
  );
  const missing = list.error instanceof ApiFailure && list.error.status === 404;
  const rows: UserIdRequest[] = (list.data ?? []).filter((r) => !kind || r.kind === kind);
  const setFilter = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  const code = (id: string) => institutions.data?.find((i) => i.id === id)?.code ?? id;

  return (
    <Page title={t('userIdRequests.title')}>
      <div className="panel filters">
        <Field id="uid-institution" label={t('userIdRequests.institution')}>
          <select
            id="uid-institution"
            value={institutionId}
            onChange={(e) => setFilter('institutionId', e.target.value)}
          >
            <option value="">{t('userIdRequests.allInstitutions')}</option>
            {(institutions.data ?? []).map((i) => (
              <option key={i.id} value={i.id}>
                {i.code} · {i.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="uid-kind" label={t('userIdRequests.kind')}>
          <select id="uid-kind" value={kind} onChange={(e) => setFilter('kind', e.target.value)}>
            <option value="">{t('userIdRequests.allKinds')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`userIdRequests.kinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {missing ? (
        <Notice kind="warn">{t('userIdRequests.notAvailable')}</Notice>
      ) : (
        <ErrorNotice error={list.error} />
      )}
      {list.loading && !list.data && <Loading />}
      {list.data && rows.length === 0 && <p>{t('userIdRequests.none')}</p>}
      {rows.length > 0 && (
        <>
          <p className="muted">{t('userIdRequests.count', { count: rows.length })}</p>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('userIdRequests.created')}</th>
                  <th scope="col">{t('userIdRequests.institution')}</th>
                  <th scope="col">{t('userIdRequests.kind')}</th>
                  <th scope="col">{t('userIdRequests.person')}</th>
                  <th scope="col">{t('userIdRequests.position')}</th>
                  <th scope="col">{t('userIdRequests.office')}</th>
                  <th scope="col">{t('userIdRequests.localUserId')}</th>
                  <th scope="col">{t('userIdRequests.handover')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDateTime(r.requestedAt, i18n.language)}</td>
                    <td>{code(r.institutionId)}</td>
                    <td>{t(`userIdRequests.kinds.${r.kind}`, { defaultValue: r.kind })}</td>
                    <td>
                      {r.form.fullName ?? '–'}
                      {r.form.nik && (
                        <div>
                          <code>{r.form.nik}</code>
                        </div>
                      )}
                    </td>
                    <td>{r.form.position ?? '–'}</td>
                    <td>{r.form.officeName ?? r.form.officeRegionCode ?? '–'}</td>
                    <td>{r.form.localUserId ?? '–'}</td>
                    <td>
                      {r.handoverDocumentId ? (
                        <HandoverLink documentId={r.handoverDocumentId} name={`bast-${r.id}.pdf`} />
                      ) : (
                        <span className="muted">{t('userIdRequests.noDocument')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Page>
  );
}

function HandoverLink({ documentId, name }: { documentId: string; name: string }) {
  const { t } = useTranslation();
  const [bytes, setBytes] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const fetchPdf = async () => {
    setError(null);
    setBytes(0);
    try {
      await download(`/v1/documents/${encodeURIComponent(documentId)}`, name, (n) => setBytes(n));
    } catch (e) {
      setError(e);
    } finally {
      setBytes(null);
    }
  };
  return (
    <>
      <button type="button" className="link" disabled={bytes !== null} onClick={() => void fetchPdf()}>
        {bytes !== null
          ? t('userIdRequests.downloading', { kb: kb(bytes) })
          : t('userIdRequests.downloadPdf')}
      </button>
      <ErrorNotice error={error} />
    </>
  );
}
