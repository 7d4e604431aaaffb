import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../../api.ts';
import { formatDate } from '../../format.ts';

/** The API's network provisioning records (GET /v1/institutions/{id}/network-provisions). */
export type ProvisionList = Answer<'/v1/institutions/{id}/network-provisions'>;
export type Provision = ProvisionList['provisions'][number];
/** The institution's gates (GET /v1/institutions/{id}/gates): its client applications and their PoC. */
export type Gates = Answer<'/v1/institutions/{id}/gates'>;
export type ClientApp = Gates['clientApplications'][number];

const BADGE = {
  requested: 'badge-warn',
  provisioned: 'badge-warn',
  connected: 'badge-ok',
  withdrawn: 'badge-err',
};
export const POC_BADGE = { pending: 'badge-warn', passed: 'badge-ok', failed: 'badge-err' };

/** The records as a table; `actions` adds an officer's buttons per record. */
export function ProvisionTable({
  list,
  actions,
}: {
  list: ProvisionList;
  actions?: (p: Provision) => React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const date = (d: string | null) => (d ? formatDate(d, i18n.language) : '—');
  return (
    <>
      <p>
        <strong>{t('network.allowed')}:</strong>{' '}
        <span data-testid="allowed-networks">
          {list.allowedNetworks.length ? list.allowedNetworks.join(', ') : t('network.none')}
        </span>
      </p>
      <p className="muted small">{t('network.allowedHelp')}</p>
      {list.provisions.length === 0 ? (
        <p>{t('network.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('network.networks')}</th>
                <th scope="col">{t('network.provider')}</th>
                <th scope="col">{t('network.bandwidth')}</th>
                <th scope="col">{t('network.expectedOn')}</th>
                <th scope="col">{t('network.connectedOn')}</th>
                <th scope="col">{t('network.status')}</th>
                <th scope="col">{t('network.documents')}</th>
                {actions && <th scope="col" />}
              </tr>
            </thead>
            <tbody>
              {list.provisions.map((p) => (
                <tr key={p.id} data-provision={p.id} data-status={p.status}>
                  <td>{p.networks.join(', ') || '—'}</td>
                  <td>{p.provider}</td>
                  <td>{p.bandwidthMbps ?? '—'}</td>
                  <td>{date(p.expectedOn)}</td>
                  <td>{date(p.connectedOn)}</td>
                  <td>
                    <span className={`badge ${BADGE[p.status]}`}>{t(`network.statuses.${p.status}`)}</span>
                  </td>
                  <td>
                    {p.topologyDocumentId && (
                      <a href={`/v1/documents/${p.topologyDocumentId}`}>{t('network.topology')}</a>
                    )}{' '}
                    {p.requestLetterDocumentId && (
                      <a href={`/v1/documents/${p.requestLetterDocumentId}`}>{t('network.requestLetter')}</a>
                    )}
                  </td>
                  {actions && <td>{actions(p)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/**
 * One change at a time on these screens: `act(work)` clears the last error and "saved" notice, runs the request,
 * then says it is saved and reloads the page's data, or keeps the error to show.
 */
export function useSavingAction(reload: () => void) {
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  async function act(work: () => Promise<unknown>) {
    setError(null);
    setDone(false);
    try {
      await work();
      setDone(true);
      reload();
    } catch (err) {
      setError(err);
    }
  }
  return { act, error, done };
}
