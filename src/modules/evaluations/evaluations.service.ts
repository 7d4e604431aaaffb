import type { ServiceContext } from '../../core/service-context.ts';
import type { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { wibDay, wibDayStart } from '../../lib/time.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { inScope, type Actor, type Scope, UNSCOPED } from '../../core/actor.ts';
import { obligationFacts } from '../compliance/compliance.repo.ts';
import { lastDueSemester, semesterHolidays } from '../compliance/compliance.service.ts';
import { nextLetterNumber } from '../documents/documents.repo.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import { getOffice } from '../offices/offices.repo.ts';
import { reportExtensionSections } from '../reports/reports.extensions.ts';
import { semesterBounds, semesterFigures } from '../reports/reports.figures.ts';
import { accountNames, findReportFor } from '../reports/reports.repo.ts';
import { evaluationPdf, evaluationXlsx, rollupPdf, rollupXlsx } from './evaluations.documents.ts';
import { reportDue } from '../reports/reports.service.ts';
import {
  getEvaluation,
  getRecommendation,
  insertEvaluation,
  listEvaluations,
  markRecommendationDone,
  type ChecklistItem,
  type Evaluation,
} from './evaluations.repo.ts';
import type { rollupRowView } from './evaluations.schema.ts';

/**
 * The managing office's evaluation of an institution (evaluasi): for a semester or ad hoc. The checklist is
 * drawn from Gerbang's own records when the evaluation is recorded (and kept as it was); the officer adds the
 * findings, the result and the recommendations, each with a follow-up date the compliance engine tracks.
 */

export function evaluationNumber(n: number, officeRegion: string | null, year: number): string {
  return `${n}/EVAL-PKS/${officeRegion ? `DISDUKCAPIL-${officeRegion}` : 'DITJEN-DUKCAPIL'}/${year}`;
}

/** The checklist of an institution for a semester (the last due one for an ad hoc evaluation). */
export async function buildChecklist(
  db: Db,
  institutionId: string,
  semester: string,
  today: string,
): Promise<ChecklistItem[]> {
  const facts = await obligationFacts(db, institutionId);
  const report = await findReportFor(db, institutionId, semester);
  const due = await reportDue(db, semester);
  const submittedOn = report?.submittedAt ? wibDay(new Date(report.submittedAt)) : null;
  const figures = await semesterFigures(db, institutionId, semester, wibDayStart(today));
  const b = semesterBounds(semester);
  const sections = await reportExtensionSections(db, {
    institutionId,
    semester,
    from: b.from,
    to: b.to,
    today,
  });
  const returnData = sections.find((s) => s.key === 'return_data')!;
  const disputes = sections.find((s) => s.key === 'disputes')!;
  return [
    {
      key: 'report_on_time',
      label: `Laporan semester ${semester} tepat waktu`,
      met: !!submittedOn && submittedOn <= due,
      detail: submittedOn
        ? `Diajukan ${submittedOn} (batas ${due})`
        : `Belum diajukan (batas ${due}${today > due ? ', terlewati' : ''})`,
    },
    {
      key: 'quota_use',
      label: 'Pemanfaatan kuota dalam batas',
      met: figures.quota.daysQuotaExhausted === 0,
      detail:
        `${figures.totals.hits} hit oleh ${figures.quota.operators} operator; tertinggi ${figures.quota.peakDay}/hari; ` +
        `kuota habis ${figures.quota.daysQuotaExhausted} hari-operator`,
    },
    {
      key: 'misuse_alerts',
      label: 'Peringatan penyalahgunaan tertangani',
      met: figures.misuse.open === 0,
      detail: `${figures.misuse.total} peringatan, ${figures.misuse.acknowledged} ditangani, ${figures.misuse.open} terbuka`,
    },
    { key: 'return_data', label: 'Data balikan', met: returnData.met, detail: returnData.note },
    {
      key: 'disputes',
      label: 'Sengketa penduduk: dijawab tepat waktu, tanpa penyalahgunaan',
      met: disputes.met,
      detail: disputes.rows.map((r) => `${r.label}: ${r.value}`).join('; '),
    },
    {
      key: 'iso27001',
      label: 'Sertifikat ISO/IEC 27001 berlaku',
      met: !!facts.certificateValidUntil && facts.certificateValidUntil >= today,
      detail: facts.certificateValidUntil
        ? `Berlaku sampai ${facts.certificateValidUntil}`
        : 'Belum tercatat',
    },
    {
      key: 'ndas_complete',
      label: 'NDA seluruh operator lengkap',
      met: facts.operatorsWithoutNda.length === 0,
      detail: facts.operatorsWithoutNda.length ? `Belum: ${facts.operatorsWithoutNda.join(', ')}` : 'Lengkap',
    },
    {
      key: 'sptjm',
      label: 'SPTJM kepala instansi berlaku',
      met: facts.hasStatement,
      detail: facts.hasStatement ? 'Tercatat' : 'Belum tercatat',
    },
  ];
}

export interface EvaluationInput {
  institutionId: string;
  kind: 'semester' | 'ad_hoc';
  semester?: string | undefined;
  findings: string;
  result: 'baik' | 'cukup' | 'kurang';
  recommendations: { text: string; dueOn: string }[];
}

export async function recordEvaluation(
  ctx: ServiceContext,
  actor: Actor,
  input: EvaluationInput,
): Promise<Evaluation> {
  const { db, now } = ctx;
  const inst = await loadInstitution(db, input.institutionId, actor.scope);
  const today = wibDay(now);
  if (input.kind === 'semester' && !input.semester) throw ApiError.of('EVALUATION_SEMESTER_REQUIRED');
  if (input.kind === 'ad_hoc' && input.semester) throw ApiError.of('EVALUATION_AD_HOC_SEMESTER');
  if (input.semester && semesterBounds(input.semester).to >= today)
    throw ApiError.of('EVALUATION_SEMESTER_NOT_ENDED', `The semester ${input.semester} has not ended`);
  for (const r of input.recommendations) {
    if (r.dueOn <= today)
      throw ApiError.of('FOLLOW_UP_DATE_NOT_AHEAD', `A follow-up date lies after today: ${r.dueOn}`);
  }
  const semester = input.semester ?? lastDueSemester(today, await semesterHolidays(db, today)).semester;
  const office = (await getOffice(db, inst.officeId))!;
  const id = await db.transaction(async (tx) => {
    const checklist = await buildChecklist(tx, inst.id, semester, today);
    const year = Number(today.slice(0, 4));
    const letterNumber = evaluationNumber(
      await nextLetterNumber(tx, 'evaluation', year),
      office.regionCode,
      year,
    );
    const id = await insertEvaluation(tx, {
      institutionId: inst.id,
      officeId: office.id,
      kind: input.kind,
      semester: input.semester ?? null,
      checklist,
      findings: input.findings,
      result: input.result,
      letterNumber,
      evaluatedBy: actor.account?.id ?? null,
      evaluatedAt: now.toISOString(),
      recommendations: input.recommendations,
    });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'evaluation.recorded',
      entityType: 'evaluation',
      entityId: id,
      officeId: inst.officeId,
      institutionId: inst.id,
      after: { id, letterNumber, result: input.result, recommendations: input.recommendations.length },
    });
    return id;
  });
  return (await getEvaluation(db, id))!;
}

export async function loadEvaluation(db: Db, id: string, scope: Scope): Promise<Evaluation> {
  const e = await getEvaluation(db, id);
  const inst = e ? await loadInstitution(db, e.institutionId, UNSCOPED).catch(() => null) : null;
  if (!e || !inst || !inScope(scope, { officeId: inst.officeId, institutionId: inst.id }))
    throw ApiError.of('NOT_FOUND', 'Evaluation not found');
  return e;
}

export async function findEvaluations(
  db: Db,
  scope: Scope,
  f: { institutionId?: string | undefined; semester?: string | undefined },
): Promise<Evaluation[]> {
  if (scope.institutionId && f.institutionId && f.institutionId !== scope.institutionId) return [];
  return listEvaluations(db, {
    officeIds: scope.officeIds,
    institutionId: scope.institutionId ?? f.institutionId,
    semester: f.semester,
  });
}

/** The institution (head, admin) or its office reports a recommendation followed up; the breach ends. */
export async function completeRecommendation(
  ctx: ServiceContext,
  actor: Actor,
  { id, note }: { id: string; note: string },
): Promise<Evaluation> {
  const { db, now } = ctx;
  const evaluationId = await db.transaction(async (tx) => {
    const r = await getRecommendation(tx, id, true);
    if (!r || !inScope(actor.scope, { officeId: r.officeId, institutionId: r.institutionId }))
      throw ApiError.of('NOT_FOUND', 'Recommendation not found');
    if (r.doneAt) throw ApiError.of('RECOMMENDATION_FOLLOWED_UP');
    await markRecommendationDone(tx, id, { note, by: actor.account?.id ?? null, now });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'evaluation.follow_up',
      entityType: 'evaluation',
      entityId: r.evaluationId,
      officeId: r.officeId,
      institutionId: r.institutionId,
      after: { recommendationId: id, note },
    });
    return r.evaluationId;
  });
  return (await getEvaluation(db, evaluationId))!;
}

/** One office's roll-up row as the repository counts it: the answer's row (the zod view) without its totals. */
export type RollupRow = Omit<z.output<typeof rollupRowView>, 'total'>;

/**
 * The roll-up of a semester, per office in the caller's scope: each office's own institutions, and its
 * totals including every office below it (a regency's figures count in its province, all in the centre's).
 * An office sees only its area; the central office the national picture.
 */
export async function evaluationRollup(
  db: Db,
  scope: Scope,
  semester: string,
  now: Date,
): Promise<{
  semester: string;
  offices: (RollupRow & { total: Omit<RollupRow, 'officeId' | 'officeName' | 'level' | 'parentId'> })[];
}> {
  const today = wibDay(now);
  const { rows } = await db.query<RollupRow>(
    `SELECT o.id AS "officeId", o.name AS "officeName", o.level, o.parent_id AS "parentId",
            count(i.id)::int AS institutions,
            count(r.id)::int AS "reportsSubmitted",
            count(e.id)::int AS evaluated,
            count(e.id) FILTER (WHERE e.result = 'baik')::int AS baik,
            count(e.id) FILTER (WHERE e.result = 'cukup')::int AS cukup,
            count(e.id) FILTER (WHERE e.result = 'kurang')::int AS kurang,
            coalesce(sum(rec.open), 0)::int AS "openRecommendations",
            coalesce(sum(rec.overdue), 0)::int AS "overdueRecommendations"
       FROM offices o
       LEFT JOIN institutions i ON i.office_id = o.id
       LEFT JOIN semester_reports r ON r.institution_id = i.id AND r.semester = $1 AND r.status = 'submitted'
       LEFT JOIN LATERAL (SELECT id, result FROM evaluations x WHERE x.institution_id = i.id AND x.semester = $1
                           ORDER BY evaluated_at DESC LIMIT 1) e ON true
       LEFT JOIN LATERAL (SELECT count(*) AS open, count(*) FILTER (WHERE due_on < $3::date) AS overdue
                            FROM evaluation_recommendations WHERE institution_id = i.id AND done_at IS NULL) rec ON true
      WHERE ($2::text[] IS NULL OR o.id = ANY($2))
      GROUP BY o.id ORDER BY o.level, o.name`,
    [semester, scope.officeIds ?? null, today],
  );
  const byId = new Map(rows.map((r) => [r.officeId, r]));
  const keys = [
    'institutions',
    'reportsSubmitted',
    'evaluated',
    'baik',
    'cukup',
    'kurang',
    'openRecommendations',
    'overdueRecommendations',
  ] as const;
  const children = new Map<string, string[]>();
  for (const r of rows)
    if (r.parentId && byId.has(r.parentId))
      children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.officeId]);
  const total = (id: string): Record<(typeof keys)[number], number> => {
    const own = byId.get(id)!;
    const sum = Object.fromEntries(keys.map((k) => [k, own[k]])) as Record<(typeof keys)[number], number>;
    for (const c of children.get(id) ?? []) {
      const t = total(c);
      for (const k of keys) sum[k] += t[k];
    }
    return sum;
  };
  return { semester, offices: rows.map((r) => ({ ...r, total: total(r.officeId) })) };
}

export async function evaluationDocument(
  db: Db,
  scope: Scope,
  id: string,
  format: 'pdf' | 'xlsx',
): Promise<{ bytes: Uint8Array; filename: string; contentType: string }> {
  const evaluation = await loadEvaluation(db, id, scope);
  const institution = await loadInstitution(db, evaluation.institutionId, UNSCOPED);
  const office = (await getOffice(db, evaluation.officeId))!;
  const names = await accountNames(db, [evaluation.evaluatedBy]);
  const input = {
    evaluation,
    institution,
    office,
    evaluatorName: evaluation.evaluatedBy ? (names.get(evaluation.evaluatedBy) ?? null) : null,
  };
  const base = `evaluasi-${institution.code}-${wibDay(new Date(evaluation.evaluatedAt))}`.replace(
    /[^\w.-]/g,
    '_',
  );
  return format === 'pdf'
    ? { bytes: await evaluationPdf(input), filename: `${base}.pdf`, contentType: 'application/pdf' }
    : {
        bytes: await evaluationXlsx(input),
        filename: `${base}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      };
}

/**
 * The roll-up as a document: the office's report upward (PDF, Indonesian) or a workbook. Headed by the
 * reader's office (the central office for a central reader).
 */
export async function rollupDocument(
  ctx: ServiceContext,
  actor: Actor,
  { semester, format }: { semester: string; format: 'pdf' | 'xlsx' },
): Promise<{ bytes: Uint8Array; filename: string; contentType: string }> {
  const { db, now } = ctx;
  const rollup = await evaluationRollup(db, actor.scope, semester, now);
  const own = actor.account?.officeId ? await getOffice(db, actor.account.officeId) : null;
  const readerOffice =
    own?.name ?? rollup.offices.find((o) => o.level === 'central')?.officeName ?? 'Ditjen Dukcapil';
  const base = `rekap-evaluasi-${semester}`;
  return format === 'pdf'
    ? {
        bytes: await rollupPdf({ semester, readerOffice, today: wibDay(now), rows: rollup.offices }),
        filename: `${base}.pdf`,
        contentType: 'application/pdf',
      }
    : {
        bytes: await rollupXlsx({ semester, rows: rollup.offices }),
        filename: `${base}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      };
}

/** The checklist an evaluation would record now (the portal shows it before the officer writes findings). */
export async function previewChecklist(
  ctx: ServiceContext,
  actor: Actor,
  input: { institutionId: string; semester?: string | undefined },
): Promise<{ semester: string; checklist: ChecklistItem[] }> {
  const { db, now } = ctx;
  const inst = await loadInstitution(db, input.institutionId, actor.scope);
  const today = wibDay(now);
  const semester = input.semester ?? lastDueSemester(today, await semesterHolidays(db, today)).semester;
  if (semesterBounds(semester).from > today)
    throw ApiError.of('SEMESTER_NOT_BEGUN', `The semester ${semester} has not begun`);
  return { semester, checklist: await buildChecklist(db, inst.id, semester, today) };
}
