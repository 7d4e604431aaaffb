import { Fragment, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { download, type Answer } from '../api.ts';
import { ErrorNotice } from '../components/ui.tsx';
import { formatDate, formatDateTime, formatMonth } from '../format.ts';
import { outcomeText } from './outcomes.ts';

/** The semester report and evaluation shapes of the API (GET /v1/semester-reports/{id}, /v1/evaluations/{id}). */
export type Report = Answer<'/v1/semester-reports/{id}'>;
export type Figures = NonNullable<Report['figures']>;
export type Narrative = Report['narrative'];
export type Evaluation = Answer<'/v1/evaluations/{id}'>;
export type ChecklistItem = Evaluation['checklist'][number];

export const STATE_BADGE: Record<string, string> = {
  in_progress: 'badge',
  open: 'badge badge-warn',
  overdue: 'badge badge-err',
  submitted: 'badge badge-ok',
};
export const RESULT_BADGE: Record<string, string> = {
  baik: 'badge badge-ok',
  cukup: 'badge badge-warn',
  kurang: 'badge badge-err',
};

/** '2026-S2' → "Semester II (Juli–Desember) 2026". */
export function useSemesterName(): (semester: string) => string {
  const { t } = useTranslation();
  return (s) =>
    t('semesterReports.semesterName', {
      half: t(s.endsWith('S1') ? 'semesterReports.half1' : 'semesterReports.half2'),
      year: s.slice(0, 4),
    });
}

/** The recent semesters, newest first (the filters of the officer's screens). */
export function recentSemesters(today: string, n = 6): string[] {
  let year = Number(today.slice(0, 4));
  let half = Number(today.slice(5, 7)) <= 6 ? 1 : 2;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`${year}-S${half}`);
    if (half === 1) {
      half = 2;
      year -= 1;
    } else half = 1;
  }
  return out;
}

/** A PDF and an XLSX button for a document of the API; an error shows under them. */
export function DocumentButtons({
  path,
  name,
  pdfLabel,
  xlsxLabel,
  pdfOnly = false,
}: {
  path: string;
  name: string;
  pdfLabel: string;
  xlsxLabel: string;
  pdfOnly?: boolean;
}) {
  const [failure, setFailure] = useState<unknown>(null);
  const join = path.includes('?') ? '&' : '?';
  const fetchFile = (format: 'pdf' | 'xlsx') => {
    setFailure(null);
    download(`${path}${join}format=${format}`, `${name}.${format}`, () => {}).catch(setFailure);
  };
  return (
    <div className="actions">
      <button type="button" className="secondary" onClick={() => fetchFile('pdf')}>
        {pdfLabel}
      </button>
      {!pdfOnly && (
        <button type="button" className="secondary" onClick={() => fetchFile('xlsx')}>
          {xlsxLabel}
        </button>
      )}
      <ErrorNotice error={failure} />
    </div>
  );
}

function Table({ caption, head, rows }: { caption: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <div className="table-wrap">
      <table className="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every figure of a semester report, as the API returns it. */
export function FiguresView({ figures: f }: { figures: Figures }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const n = (x: number) => x.toLocaleString(lang === 'en' ? 'en-GB' : 'id-ID');
  const k = (key: string) => t(`semesterReports.${key}`);
  return (
    <section className="panel" aria-labelledby="figures-title" data-testid="report-figures">
      <h2 id="figures-title">{k('figures')}</h2>
      <p className="muted">
        {k('period')}: {formatDate(f.from, lang)} – {formatDate(f.to, lang)}
      </p>
      <div className="grid stat-cards">
        {(['attempts', 'hits', 'refused', 'distinctNiks'] as const).map((key) => (
          <div className="panel stat" key={key}>
            <span className="muted">{k(key)}</span>
            <strong data-testid={`total-${key}`}>{n(f.totals[key])}</strong>
          </div>
        ))}
      </div>
      <Table
        caption={k('byMethod')}
        head={[k('method'), k('hits'), k('refused')]}
        rows={f.byMethod.map((m) => [
          t(`semesterReports.methods.${m.method}`, { defaultValue: m.method }),
          n(m.hits),
          n(m.refused),
        ])}
      />
      <Table
        caption={k('byMonth')}
        head={[k('month'), k('hits'), k('refused'), k('methods.verification'), k('methods.portal')]}
        rows={f.byMonth.map((m) => [
          formatMonth(m.month, lang),
          n(m.hits),
          n(m.refused),
          n(m.verification),
          n(m.portal),
        ])}
      />
      <Table
        caption={k('outcomes')}
        head={[k('outcome'), k('class'), k('count')]}
        rows={f.outcomes.map((o) => [
          outcomeText(t, o.outcome),
          t(`semesterReports.classes.${o.class}`, { defaultValue: o.class }),
          n(o.count),
        ])}
      />
      <Table
        caption={k('operators')}
        head={[
          k('operator'),
          k('hits'),
          k('refused'),
          k('activeDays'),
          k('peakDay'),
          k('dailyQuota'),
          k('daysQuotaExhausted'),
        ]}
        rows={f.operators.map((o) => [
          `${o.fullName} (${o.username})`,
          n(o.hits),
          n(o.refused),
          n(o.activeDays),
          n(o.peakDay),
          o.dailyQuota === null ? k('unlimited') : n(o.dailyQuota),
          n(o.daysQuotaExhausted),
        ])}
      />
      <h3>{k('quota')}</h3>
      <dl className="facts">
        <dt>{k('peakDay')}</dt>
        <dd>{n(f.quota.peakDay)}</dd>
        <dt>{k('averagePerActiveDay')}</dt>
        <dd>{n(Math.round(f.quota.averagePerActiveDay * 10) / 10)}</dd>
        <dt>{k('daysQuotaExhausted')}</dt>
        <dd>{n(f.quota.daysQuotaExhausted)}</dd>
      </dl>
      <h3>{k('misuse')}</h3>
      <p>{t('semesterReports.misuseSummary', f.misuse)}</p>
      {f.misuse.byReason.length > 0 && (
        <Table
          caption={k('misuse')}
          head={[k('reason'), k('count'), k('acknowledged')]}
          rows={f.misuse.byReason.map((m) => [
            t(`misuseAlerts.reasons.${m.reason}`, { defaultValue: m.reason }),
            n(m.count),
            n(m.acknowledged),
          ])}
        />
      )}
      <h3>{k('compliance')}</h3>
      {f.compliance.length === 0 ? (
        <p>{k('noCompliance')}</p>
      ) : (
        <ul>
          {f.compliance.map((c) => (
            <li key={`${c.at}-${c.toState}`}>
              {formatDateTime(c.at, lang)}: {c.fromState} → {c.toState} — {c.reason}
            </li>
          ))}
        </ul>
      )}
      <h3>{k('extensions')}</h3>
      {f.extensions.map((x) => (
        <div key={x.key} data-extension={x.key}>
          <h4>
            {x.title}{' '}
            <span
              className={
                x.status === 'not_applicable' || x.met === null
                  ? 'badge'
                  : x.met
                    ? 'badge badge-ok'
                    : 'badge badge-warn'
              }
            >
              {x.status === 'not_applicable' || x.met === null
                ? k('notApplicable')
                : x.met
                  ? k('met')
                  : k('notMet')}
            </span>
          </h4>
          <p className="small">{x.note}</p>
          {x.rows.length > 0 && (
            <dl className="facts">
              {x.rows.map((r) => (
                <Fragment key={r.label}>
                  <dt>{r.label}</dt>
                  <dd>{r.value}</dd>
                </Fragment>
              ))}
            </dl>
          )}
        </div>
      ))}
    </section>
  );
}

/** One evaluation, read-only: checklist, findings, result, recommendations with their follow-up dates. */
export function EvaluationCard({
  evaluation: e,
  institution,
}: {
  evaluation: Evaluation;
  institution?: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const semesterName = useSemesterName();
  const k = (key: string) => t(`evaluationsView.${key}`);
  return (
    <article className="panel" data-evaluation={e.id}>
      <h3>
        {institution ? `${institution} — ` : ''}
        {e.kind === 'semester' && e.semester ? semesterName(e.semester) : k('kinds.ad_hoc')}{' '}
        <span className={RESULT_BADGE[e.result]} data-testid="evaluation-result">
          {t(`evaluationsView.results.${e.result}`)}
        </span>
      </h3>
      <p className="muted small">
        {k('letterNumber')} {e.letterNumber} · {formatDate(e.evaluatedAt, lang)}
      </p>
      <ul className="findings">
        {e.checklist.map((c) => (
          <li key={c.key}>
            <span className={c.met === null ? 'badge' : c.met ? 'badge badge-ok' : 'badge badge-warn'}>
              {c.met === null ? k('notApplicable') : c.met ? k('met') : k('notMet')}
            </span>{' '}
            {c.label} <span className="muted small">{c.detail}</span>
          </li>
        ))}
      </ul>
      <h4>{k('findings')}</h4>
      <p>{e.findings}</p>
      {e.recommendations.length > 0 && (
        <>
          <h4>{k('recommendations')}</h4>
          <ul>
            {e.recommendations.map((r) => (
              <li key={r.id}>
                {r.text} — {k('dueOn')} {formatDate(r.dueOn, lang)}{' '}
                <span className={r.doneAt ? 'badge badge-ok' : 'badge'}>
                  {r.doneAt ? k('done') : k('pending')}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <DocumentButtons
        path={`/v1/evaluations/${e.id}/document`}
        name={`evaluasi-${e.letterNumber.replace(/\W+/g, '-')}`}
        pdfLabel={k('pdf')}
        xlsxLabel={k('xlsx')}
      />
    </article>
  );
}
