import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, download, ok, type Answer } from '../../api.ts';
import { ErrorNotice, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { wibToday } from '../../days.ts';
import { formatDate, formatMonth, formatRupiah } from '../../format.ts';
import { useMe } from '../../session.tsx';

/** An institution's balance and its forecast (GET /v1/fees/institutions/{id}/balance). */
export type Balance = Answer<'/v1/fees/institutions/{id}/balance'>;

/** The balance, its forecast and the figures of one institution (shared with the registry's screen). */
export function BalancePanel({ balance }: { balance: Balance }) {
  const { t, i18n } = useTranslation();
  const rp = (n: number) => formatRupiah(n, i18n.language);
  if (balance.feeClass === 'government') return <Notice>{t('fees.government')}</Notice>;
  return (
    <dl className="panel" data-testid="fee-balance">
      <dt>{t('fees.balance')}</dt>
      <dd data-testid="balance-value">{rp(balance.balanceRupiah)}</dd>
      <dt>{t('fees.tariff')}</dt>
      <dd>{rp(balance.tariffRupiah)}</dd>
      <dt>{t('fees.accessesLeft')}</dt>
      <dd>{balance.accessesLeft ?? '—'}</dd>
      <dt>{t('fees.daysLeft')}</dt>
      <dd>
        {balance.daysLeft === null
          ? t('fees.noRecentUse')
          : t('fees.daysLeftValue', { days: balance.daysLeft, daily: rp(balance.recentDailyRupiah) })}
      </dd>
      <dt>{t('fees.deposits')}</dt>
      <dd>{rp(balance.depositsRupiah)}</dd>
      <dt>{t('fees.charges')}</dt>
      <dd>{rp(balance.chargesRupiah)}</dd>
    </dl>
  );
}

/** A month's statement: reconciliation, deposits and charges per day, with the PDF and XLSX. */
export function StatementPanel({ institutionId }: { institutionId: string }) {
  const { t, i18n } = useTranslation();
  const rp = (n: number) => formatRupiah(n, i18n.language);
  const [month, setMonth] = useState(wibToday().slice(0, 7));
  const path = `/v1/fees/institutions/${institutionId}/statements/${month}`;
  const { data, error, loading } = useLoad(
    () =>
      ok(
        client.GET('/v1/fees/institutions/{id}/statements/{month}', {
          params: { path: { id: institutionId, month } },
        }),
      ),
    [path],
  );
  const [failure, setFailure] = useState<unknown>(null);
  const fetchFile = (format: 'pdf' | 'xlsx') => {
    setFailure(null);
    download(`${path}?format=${format}`, `rekening-koran-${month}.${format}`, () => {}).catch(setFailure);
  };
  return (
    <section className="panel" aria-labelledby="statement-title">
      <h2 id="statement-title">{t('fees.statement')}</h2>
      <label>
        {t('fees.month')}{' '}
        <input
          type="month"
          value={month}
          max={wibToday().slice(0, 7)}
          onChange={(e) => e.target.value && setMonth(e.target.value)}
        />
      </label>
      <ErrorNotice error={error ?? failure} />
      {loading && !data && <Loading />}
      {data && (
        <>
          <table data-testid="statement">
            <caption>{formatMonth(data.month, i18n.language)}</caption>
            <tbody>
              <tr>
                <th scope="row">{t('fees.opening')}</th>
                <td>{rp(data.openingRupiah)}</td>
              </tr>
              <tr>
                <th scope="row">{t('fees.deposits')}</th>
                <td>{rp(data.depositsRupiah)}</td>
              </tr>
              <tr>
                <th scope="row">
                  {t('fees.charges')} ({data.accesses} {t('fees.accesses').toLowerCase()})
                </th>
                <td>{rp(data.chargesRupiah)}</td>
              </tr>
              <tr>
                <th scope="row">{t('fees.closing')}</th>
                <td data-testid="statement-closing">{rp(data.closingRupiah)}</td>
              </tr>
            </tbody>
          </table>
          {data.deposits.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th>{t('fees.paidOn')}</th>
                  <th>{t('fees.reference')}</th>
                  <th>{t('fees.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {data.deposits.map((d) => (
                  <tr key={d.id}>
                    <td>{formatDate(d.paidOn, i18n.language)}</td>
                    <td>{d.paymentReference}</td>
                    <td>{rp(d.rupiah)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            <button type="button" onClick={() => fetchFile('pdf')}>
              {t('fees.pdf')}
            </button>{' '}
            <button type="button" onClick={() => fetchFile('xlsx')}>
              {t('fees.xlsx')}
            </button>
          </p>
        </>
      )}
    </section>
  );
}

export function Fees() {
  const { t } = useTranslation();
  const me = useMe();
  const id = me.institutionId ?? '';
  const { data, error, loading } = useLoad(
    () => ok(client.GET('/v1/fees/institutions/{id}/balance', { params: { path: { id } } })),
    [id],
  );
  return (
    <Page title={t('fees.title')}>
      <p className="muted">{t('fees.basis')}</p>
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      {data && <BalancePanel balance={data} />}
      {data?.feeClass === 'profit_oriented' && <StatementPanel institutionId={id} />}
    </Page>
  );
}
