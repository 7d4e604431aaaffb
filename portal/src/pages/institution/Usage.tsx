import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api.ts';
import { DayBars } from '../../components/LazyCharts.tsx';
import { ErrorNotice, Loading, Page, useLoad } from '../../components/ui.tsx';
import { formatDate } from '../../format.ts';
import { addDays, daysBetween, wibToday } from '../../days.ts';
import { useMe } from '../../session.tsx';

export function Usage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [range, setRange] = useState(30);
  const days = useMemo(() => {
    const today = wibToday();
    return daysBetween(addDays(today, 1 - range), today);
  }, [range]);
  const { data, error, loading } = useLoad(
    () =>
      ok(
        client.GET('/v1/audit/stats', {
          params: {
            query: {
              from: days[0] ?? '',
              to: days.at(-1) ?? '',
              institutionId: me.institutionId ?? undefined,
            },
          },
        }),
      ),
    [days.join(), me.institutionId],
  );
  const accounts = useLoad(
    () =>
      ok(client.GET('/v1/accounts', { params: { query: { institutionId: me.institutionId ?? undefined } } })),
    [me.institutionId],
  );
  // Every day of the range, zero where nothing happened.
  const series = useMemo(() => {
    const byDay = new Map<string, { hits: number; refused: number }>();
    for (const d of data?.days ?? []) {
      const x = byDay.get(d.day) ?? { hits: 0, refused: 0 };
      byDay.set(d.day, { hits: x.hits + d.hits, refused: x.refused + d.refused });
    }
    return days.map((day) => ({ day, ...(byDay.get(day) ?? { hits: 0, refused: 0 }) }));
  }, [data, days]);
  const total = series.reduce((s, d) => ({ hits: s.hits + d.hits, refused: s.refused + d.refused }), {
    hits: 0,
    refused: 0,
  });

  return (
    <Page
      title={t('usage.title')}
      actions={
        <label>
          {t('usage.range')}{' '}
          <select value={range} onChange={(e) => setRange(Number(e.target.value))}>
            <option value={7}>{t('usage.days7')}</option>
            <option value={30}>{t('usage.days30')}</option>
            <option value={90}>{t('usage.days90')}</option>
          </select>
        </label>
      }
    >
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      {data && (
        <figure className="panel">
          <figcaption>
            <strong>{t('usage.chart')}</strong> ·{' '}
            <span data-testid="usage-total">{t('usage.total', total)}</span>
          </figcaption>
          <div aria-hidden="true">
            <DayBars
              rows={series}
              lang={i18n.language}
              series={[
                { key: 'hits', name: t('usage.hits'), colour: '#0b5cad' },
                { key: 'refused', name: t('usage.refused'), colour: '#d97706' },
              ]}
            />
          </div>
          <details>
            <summary>{t('common.details')}</summary>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('common.date')}</th>
                  <th scope="col">{t('usage.hits')}</th>
                  <th scope="col">{t('usage.refused')}</th>
                </tr>
              </thead>
              <tbody>
                {series
                  .filter((d) => d.hits + d.refused > 0)
                  .map((d) => (
                    <tr key={d.day}>
                      <th scope="row">{formatDate(d.day, i18n.language)}</th>
                      <td>{d.hits}</td>
                      <td>{d.refused}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </details>
        </figure>
      )}
      {data && (data.methods ?? []).some((m) => m.method === 'card_reader') && (
        <p className="panel" data-testid="usage-card-reader">
          {t('readers.usage')}: <strong>{data.methods!.find((m) => m.method === 'card_reader')!.hits}</strong>
        </p>
      )}
      {accounts.data && (
        <section className="panel">
          <h2>{t('usage.perOperator')}</h2>
          <ul>
            {accounts.data.items
              .filter((a) => a.role === 'operator' && a.isActive)
              .map((a) => (
                <li key={a.id}>
                  <code>{a.username}</code>: {a.dailyQuota ?? t('common.unlimited')}
                </li>
              ))}
          </ul>
        </section>
      )}
    </Page>
  );
}
