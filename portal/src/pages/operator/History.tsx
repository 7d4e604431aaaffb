import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Loading, Page, useLoad } from '../../components/ui.tsx';
import { formatDateTime } from '../../format.ts';
import { outcomeText } from '../outcomes.ts';

export function History() {
  const { t, i18n } = useTranslation();
  const { data, error, loading } = useLoad(() => ok(client.GET('/v1/audit/mine')), []);
  return (
    <Page title={t('history.title')}>
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      {data && (
        <>
          <p className="muted">{t('history.count', { count: data.items.length })}</p>
          {data.items.length === 0 ? (
            <p>{t('common.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t('common.time')}</th>
                    <th scope="col">NIK</th>
                    <th scope="col">{t('history.method')}</th>
                    <th scope="col">{t('common.outcome')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((r) => (
                    <tr key={r.id}>
                      <td>{formatDateTime(r.at, i18n.language)}</td>
                      <td>
                        <code>{r.nik ?? '–'}</code>
                      </td>
                      <td>{t(`history.${r.method}`)}</td>
                      <td data-outcome={r.outcome}>{outcomeText(t, r.outcome)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Page>
  );
}
