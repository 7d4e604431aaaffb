import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { client, ok, qs } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { CategoryBars, DayBars } from '../../components/LazyCharts.tsx';
import { formatDate } from '../../format.ts';
import { outcomeText } from '../outcomes.ts';
import { MisuseAlerts } from './MisuseAlerts.tsx';
import { addDays, daysBetween, loadInstitutions, wibToday } from './oversight.shared.ts';
import { DisputeCountsPanel } from '../../components/Disputes.tsx';

/** How many institutions get their own colour in the per-day chart; the rest are "others". */
const TOP = 6;
const COLOURS = ['#0b5cad', '#d9730d', '#2f8f4e', '#8e44ad', '#b8860b', '#c0392b', '#7f8c8d'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A chart and its text alternative: a description for screen readers and a table anyone can open. */
function ChartPanel({
  id,
  title,
  desc,
  chart,
  table,
}: {
  id: string;
  title: string;
  desc: string;
  chart: React.ReactNode;
  table: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-desc`} className="sr-only">
        {desc}
      </p>
      <figure
        className="chart-figure"
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
      >
        {chart}
      </figure>
      <details>
        <summary>{t('dashboard.showTable')}</summary>
        <div className="table-wrap">{table}</div>
      </details>
    </section>
  );
}

export function Dashboard() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const today = wibToday();
  const from = DAY.test(params.get('from') ?? '') ? params.get('from')! : addDays(today, -29);
  const to = DAY.test(params.get('to') ?? '') ? params.get('to')! : today;
  const institutionId = params.get('institutionId') ?? '';
  const [draft, setDraft] = useState({ from, to, institutionId });
  const [alertsTick, setAlertsTick] = useState(0);
  const invalid = draft.from > draft.to;

  const institutions = useLoad(loadInstitutions, []);
  const stats = useLoad(
    () =>
      ok(
        client.GET('/v1/audit/stats', {
          params: { query: { from, to, institutionId: institutionId || undefined } },
        }),
      ),
    [from, to, institutionId],
  );

  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (invalid) return;
    setParams(qs(draft));
  };

  const view = useMemo(() => {
    const s = stats.data;
    if (!s) return null;
    const totals = s.days.reduce(
      (acc, d) => ({ hits: acc.hits + d.hits, refused: acc.refused + d.refused }),
      { hits: 0, refused: 0 },
    );
    const perInstitution = new Map<string, number>();
    for (const d of s.days)
      perInstitution.set(d.institutionCode, (perInstitution.get(d.institutionCode) ?? 0) + d.hits);
    const top = [...perInstitution.entries()]
      .filter(([, hits]) => hits > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, TOP)
      .map(([code]) => code);
    const hasOthers = [...perInstitution.values()].filter((hits) => hits > 0).length > top.length;
    const series = hasOthers ? [...top, 'others'] : top;
    const rows = daysBetween(from, to).map((day) => {
      const row: Record<string, number | string> = { day };
      for (const key of series) row[key] = 0;
      for (const d of s.days.filter((x) => x.day === day)) {
        const key = top.includes(d.institutionCode) ? d.institutionCode : 'others';
        row[key] = (row[key] as number) + d.hits;
      }
      return row;
    });
    return { totals, series, rows };
  }, [stats.data, from, to]);

  const seriesName = (key: string) => (key === 'others' ? t('dashboard.others') : key);

  return (
    <Page title={t('dashboard.title')}>
      <form className="panel filters" onSubmit={apply} aria-label={t('dashboard.period')}>
        <Field id="dash-from" label={t('oversightRange.from')}>
          <input
            id="dash-from"
            type="date"
            value={draft.from}
            max={draft.to}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            required
          />
        </Field>
        <Field id="dash-to" label={t('oversightRange.to')}>
          <input
            id="dash-to"
            type="date"
            value={draft.to}
            min={draft.from}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            required
          />
        </Field>
        <Field id="dash-institution" label={t('dashboard.institution')}>
          <select
            id="dash-institution"
            value={draft.institutionId}
            onChange={(e) => setDraft({ ...draft, institutionId: e.target.value })}
          >
            <option value="">{t('dashboard.allInstitutions')}</option>
            {(institutions.data ?? []).map((i) => (
              <option key={i.id} value={i.id}>
                {i.code} · {i.name}
              </option>
            ))}
          </select>
        </Field>
        <div>
          <button type="submit" disabled={invalid}>
            {t('oversightRange.apply')}
          </button>
        </div>
      </form>
      {invalid && <Notice kind="warn">{t('oversightRange.invalid')}</Notice>}
      <ErrorNotice error={stats.error ?? institutions.error} />
      {stats.loading && !stats.data && <Loading />}
      {view && stats.data && (
        <>
          <p className="muted">
            {t('dashboard.period')}: {formatDate(from, i18n.language)} – {formatDate(to, i18n.language)}
          </p>
          <div className="grid stat-cards">
            <div className="panel stat">
              <span className="muted">{t('dashboard.hits')}</span>
              <strong data-testid="total-hits">{view.totals.hits.toLocaleString(i18n.language)}</strong>
            </div>
            <div className="panel stat">
              <span className="muted">{t('dashboard.refused')}</span>
              <strong data-testid="total-refused">{view.totals.refused.toLocaleString(i18n.language)}</strong>
            </div>
            <OpenAlertsCard tick={alertsTick} />
          </div>
          {stats.data.days.length === 0 && stats.data.outcomes.length === 0 ? (
            <p>{t('dashboard.noData')}</p>
          ) : (
            <div className="charts">
              <ChartPanel
                id="chart-days"
                title={t('dashboard.perDay')}
                desc={t('dashboard.perDayDesc', { count: TOP })}
                chart={
                  <DayBars
                    rows={view.rows}
                    lang={i18n.language}
                    series={view.series.map((key, n) => ({
                      key,
                      name: seriesName(key),
                      colour: COLOURS[n % COLOURS.length]!,
                    }))}
                  />
                }
                table={
                  <table className="data">
                    <caption>{t('dashboard.perDay')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('dashboard.day')}</th>
                        {view.series.map((key) => (
                          <th scope="col" key={key}>
                            {seriesName(key)}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {view.rows
                        .filter((r) => view.series.some((k) => (r[k] as number) > 0))
                        .map((r) => (
                          <tr key={r.day}>
                            <th scope="row">{formatDate(r.day as string, i18n.language)}</th>
                            {view.series.map((key) => (
                              <td key={key}>{r[key]}</td>
                            ))}
                          </tr>
                        ))}
                    </tbody>
                  </table>
                }
              />
              <ChartPanel
                id="chart-outcomes"
                title={t('dashboard.outcomes')}
                desc={t('dashboard.outcomesDesc')}
                chart={
                  <CategoryBars
                    data={stats.data.outcomes.map((o) => ({
                      name: outcomeText(t, o.outcome),
                      value: o.count,
                    }))}
                    valueName={t('dashboard.count')}
                    colour={COLOURS[0]!}
                  />
                }
                table={
                  <table className="data">
                    <caption>{t('dashboard.outcomes')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('common.outcome')}</th>
                        <th scope="col">{t('dashboard.count')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {stats.data.outcomes.map((o) => (
                        <tr key={o.outcome}>
                          <th scope="row">{outcomeText(t, o.outcome)}</th>
                          <td>{o.count}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                }
              />
              <ChartPanel
                id="chart-busiest"
                title={t('dashboard.busiest')}
                desc={t('dashboard.busiestDesc')}
                chart={
                  <CategoryBars
                    data={stats.data.busiest.map((b) => ({ name: b.institutionCode, value: b.hits }))}
                    valueName={t('dashboard.hits')}
                    colour={COLOURS[1]!}
                  />
                }
                table={
                  <table className="data">
                    <caption>{t('dashboard.busiest')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('common.institution')}</th>
                        <th scope="col">{t('dashboard.hits')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {stats.data.busiest.map((b) => (
                        <tr key={b.institutionId}>
                          <th scope="row">
                            {b.institutionCode} · {b.institutionName}
                          </th>
                          <td>{b.hits}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                }
              />
              <table className="data" id="table-methods">
                <caption>{t('dashboard.methods')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('officerCommon.methods')}</th>
                    <th scope="col">{t('dashboard.hits')}</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.data.methods.map((m) => (
                    <tr key={m.method}>
                      <th scope="row">{t(`officerCommon.method.${m.method}`)}</th>
                      <td>{m.hits}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <MisuseAlerts institutions={institutions.data ?? []} onChange={() => setAlertsTick((n) => n + 1)} />
      <DisputeCountsPanel />
    </Page>
  );
}

/** The count of open misuse alerts, linking to the list below. */
function OpenAlertsCard({ tick }: { tick: number }) {
  const { t, i18n } = useTranslation();
  const open = useLoad(
    () => ok(client.GET('/v1/misuse-alerts', { params: { query: { status: 'open', limit: 500 } } })),
    [tick],
  );
  const n = open.data?.items.length;
  return (
    <div className="panel stat">
      <span className="muted">{t('dashboard.openAlerts')}</span>
      <strong data-testid="open-alerts">
        {n === undefined ? '…' : `${n.toLocaleString(i18n.language)}${open.data?.nextCursor ? '+' : ''}`}
      </strong>
      <a href="#misuse-alerts">{t('dashboard.alertsTitle')}</a>
    </div>
  );
}
