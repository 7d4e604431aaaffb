import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok, qs } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { addDays, wibToday } from '../../days.ts';
import { useMe } from '../../session.tsx';
import {
  DocumentButtons,
  EvaluationCard,
  recentSemesters,
  useSemesterName,
  type Evaluation,
} from '../reports.shared.tsx';
import { loadInstitutions, type Institution } from './oversight.shared.ts';

/** The last semester that has ended (the default of the roll-up and of a semester evaluation). */
function lastEnded(today: string): string {
  return recentSemesters(today, 2)[1]!;
}

/**
 * The office's evaluations: the semester's roll-up of its area (PDF/XLSX for the report upward), the
 * evaluations recorded, and — for officers — the form that records one with the checklist drawn from the data.
 */
export function Evaluations() {
  const { t } = useTranslation();
  const me = useMe();
  const semesterName = useSemesterName();
  const canRecord = me.role === 'central_officer' || me.role === 'office_officer';
  const today = wibToday();
  const [semester, setSemester] = useState(lastEnded(today));
  const institutions = useLoad(loadInstitutions, []);
  const evaluations = useLoad(
    () =>
      ok(client.GET('/v1/evaluations', { params: { query: { semester: semester || undefined } } })).then(
        (r) => r.items,
      ),
    [semester],
  );
  const [saved, setSaved] = useState<string | null>(null);
  const name = (id: string) => institutions.data?.find((i) => i.id === id)?.name ?? id;
  return (
    <Page title={t('evaluationsView.title')}>
      <div className="filters">
        <Field id="evaluation-semester" label={t('evaluationsView.semester')}>
          <select id="evaluation-semester" value={semester} onChange={(e) => setSemester(e.target.value)}>
            {recentSemesters(today)
              .slice(1)
              .map((s) => (
                <option key={s} value={s}>
                  {semesterName(s)}
                </option>
              ))}
          </select>
        </Field>
      </div>
      <RollupPanel semester={semester} key={`${semester}-${saved ?? ''}`} />
      {canRecord && institutions.data && (
        <RecordForm
          institutions={institutions.data}
          semester={semester}
          onSaved={(e) => {
            setSaved(e.letterNumber);
            evaluations.reload();
          }}
        />
      )}
      {saved && <Notice kind="ok">{t('evaluationsView.saved', { number: saved })}</Notice>}
      <section aria-labelledby="evaluations-title">
        <h2 id="evaluations-title">{t('evaluationsView.list')}</h2>
        <ErrorNotice error={evaluations.error ?? institutions.error} />
        {evaluations.loading && !evaluations.data && <Loading />}
        {evaluations.data?.length === 0 && <p>{t('evaluationsView.none')}</p>}
        {evaluations.data?.map((e) => (
          <EvaluationCard key={e.id} evaluation={e} institution={name(e.institutionId)} />
        ))}
      </section>
    </Page>
  );
}

function RollupPanel({ semester }: { semester: string }) {
  const { t } = useTranslation();
  const rollup = useLoad(
    () => ok(client.GET('/v1/evaluations/rollup', { params: { query: { semester } } })),
    [semester],
  );
  const k = (key: string) => t(`evaluationsView.${key}`);
  const cols = ['institutions', 'reportsSubmitted', 'evaluated', 'baik', 'cukup', 'kurang'] as const;
  return (
    <section className="panel" aria-labelledby="rollup-title">
      <h2 id="rollup-title">{k('rollup')}</h2>
      <p className="muted small">{k('rollupIntro')}</p>
      <ErrorNotice error={rollup.error} />
      {rollup.loading && !rollup.data && <Loading />}
      {rollup.data && (
        <div className="table-wrap">
          <table className="data" data-testid="rollup">
            <thead>
              <tr>
                <th scope="col">{k('office')}</th>
                {cols.map((c) => (
                  <th key={c} scope="col">
                    {c === 'baik' || c === 'cukup' || c === 'kurang' ? k(`results.${c}`) : k(c)}
                  </th>
                ))}
                <th scope="col">{k('open')}</th>
                <th scope="col">{k('overdue')}</th>
              </tr>
            </thead>
            <tbody>
              {rollup.data.offices.map((o) => (
                <tr key={o.officeId} data-office={o.officeId}>
                  <th scope="row">
                    {o.officeName}
                    <div className="muted small">{k(`levels.${o.level}`)}</div>
                  </th>
                  {cols.map((c) => (
                    <td key={c} data-col={c}>
                      {o[c]}
                      {o.total[c] !== o[c] && (
                        <span className="muted small">
                          {' '}
                          ({k('total')} {o.total[c]})
                        </span>
                      )}
                    </td>
                  ))}
                  <td>{o.total.openRecommendations}</td>
                  <td>{o.total.overdueRecommendations}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <DocumentButtons
        path={`/v1/evaluations/rollup/document${qs({ semester })}`}
        name={`rekap-evaluasi-${semester}`}
        pdfLabel={k('rollupPdf')}
        xlsxLabel={k('rollupXlsx')}
      />
    </section>
  );
}

interface RecommendationDraft {
  text: string;
  dueOn: string;
}

function RecordForm({
  institutions,
  semester,
  onSaved,
}: {
  institutions: Institution[];
  semester: string;
  onSaved: (e: Evaluation) => void;
}) {
  const { t } = useTranslation();
  const semesterName = useSemesterName();
  const k = (key: string) => t(`evaluationsView.${key}`);
  const [institutionId, setInstitutionId] = useState('');
  const [kind, setKind] = useState<'semester' | 'ad_hoc'>('semester');
  const [findings, setFindings] = useState('');
  const [result, setResult] = useState<'baik' | 'cukup' | 'kurang' | ''>('');
  const [recs, setRecs] = useState<RecommendationDraft[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const checklist = useLoad(
    () =>
      institutionId
        ? ok(
            client.GET('/v1/institutions/{id}/evaluation-checklist', {
              params: {
                path: { id: institutionId },
                query: { semester: kind === 'semester' && semester ? semester : undefined },
              },
            }),
          )
        : Promise.resolve(null),
    [institutionId, kind, semester],
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!result) return;
    setFailure(null);
    setBusy(true);
    try {
      const saved = await ok(
        client.POST('/v1/evaluations', {
          body: {
            institutionId,
            kind,
            semester: kind === 'semester' ? semester : undefined,
            findings,
            result,
            recommendations: recs,
          },
        }),
      );
      setFindings('');
      setResult('');
      setRecs([]);
      onSaved(saved);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="record-title">
      <h2 id="record-title">{k('record')}</h2>
      <Field id="eval-institution" label={k('institution')}>
        <select
          id="eval-institution"
          required
          value={institutionId}
          onChange={(e) => setInstitutionId(e.target.value)}
        >
          <option value="">{k('choose')}</option>
          {institutions.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="eval-kind" label={k('kind')}>
        <select id="eval-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <option value="semester">{k('kinds.semester')}</option>
          <option value="ad_hoc">{k('kinds.ad_hoc')}</option>
        </select>
      </Field>
      {checklist.data && (
        <div data-testid="checklist-preview">
          <h3>{t('evaluationsView.checklistFor', { semester: semesterName(checklist.data.semester) })}</h3>
          <ul className="findings">
            {checklist.data.checklist.map((c) => (
              <li key={c.key} data-key={c.key} data-met={String(c.met)}>
                <span className={c.met === null ? 'badge' : c.met ? 'badge badge-ok' : 'badge badge-warn'}>
                  {c.met === null ? k('notApplicable') : c.met ? k('met') : k('notMet')}
                </span>{' '}
                {c.label} <span className="muted small">{c.detail}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <ErrorNotice error={checklist.error} />
      <Field id="eval-findings" label={k('findings')}>
        <textarea
          id="eval-findings"
          rows={4}
          required
          minLength={3}
          maxLength={8000}
          value={findings}
          onChange={(e) => setFindings(e.target.value)}
        />
      </Field>
      <fieldset>
        <legend>{k('result')}</legend>
        {(['baik', 'cukup', 'kurang'] as const).map((r) => (
          <label key={r} className="check">
            <input
              type="radio"
              name="eval-result"
              value={r}
              required
              checked={result === r}
              onChange={() => setResult(r)}
            />{' '}
            {k(`results.${r}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{k('recommendations')}</legend>
        {recs.map((r, i) => (
          <div className="row" key={i}>
            <Field id={`rec-text-${i}`} label={`${k('recommendation')} ${i + 1}`}>
              <input
                id={`rec-text-${i}`}
                required
                minLength={3}
                maxLength={1000}
                value={r.text}
                onChange={(e) => setRecs(recs.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))}
              />
            </Field>
            <Field id={`rec-due-${i}`} label={k('dueOn')}>
              <input
                id={`rec-due-${i}`}
                type="date"
                required
                min={addDays(wibToday(), 1)}
                value={r.dueOn}
                onChange={(e) => setRecs(recs.map((x, j) => (j === i ? { ...x, dueOn: e.target.value } : x)))}
              />
            </Field>
            <button type="button" className="link" onClick={() => setRecs(recs.filter((_, j) => j !== i))}>
              {k('remove')}
            </button>
          </div>
        ))}
        {recs.length < 20 && (
          <button
            type="button"
            className="secondary"
            onClick={() => setRecs([...recs, { text: '', dueOn: addDays(wibToday(), 30) }])}
          >
            {k('addRecommendation')}
          </button>
        )}
      </fieldset>
      <ErrorNotice error={failure} />
      <button type="submit" disabled={busy || !institutionId || !result}>
        {k('save')}
      </button>
    </form>
  );
}
