import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { wibDay } from '../../lib/time.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { inScope, roleOf, type Actor, type Scope, UNSCOPED } from '../../core/actor.ts';
import { decodeUpload, type UploadInput } from '../documents/documents.upload.ts';
import { getDocumentBytes, insertDocument, nextLetterNumber } from '../documents/documents.repo.ts';
import { addWorkingDays, holidaysBetween, workingDaysHorizon } from '../holidays/holidays.ts';
import { getOffice } from '../offices/offices.repo.ts';
import { reportPdf, reportXlsx } from './reports.documents.ts';
// The sections of the other modules' obligations (return data, card readers, purposes) register on load.
import './reports.sources.ts';
import type { Institution } from '../institutions/institutions.repo.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import { semesterBounds, semesterFigures } from './reports.figures.ts';
import {
  accountNames,
  findReportFor,
  getReport,
  insertDraft,
  insertSubmitted,
  listReports,
  markSubmitted,
  refreshDraft,
  setNarrative,
  type Narrative,
  type SemesterReport,
} from './reports.repo.ts';

/**
 * The semester report (laporan semester): generated as a draft from the access audit, completed with the
 * narrative by the institution's head or admin, then submitted — the head's submission is the signature of
 * record (`signedBy`); an admin's submission is recorded as sent on the head's behalf. A manual report
 * (PDF) may be uploaded instead. A submitted report is final: its figures, letter number and documents do
 * not change. Only a submitted report satisfies the compliance obligation (compliance.repo obligationFacts).
 */

export function reportNumber(n: number, institutionCode: string, year: number): string {
  return `${n}/LAP-SEM/${institutionCode}/${year}`;
}

/** A report in the actor's scope, or 404 (its existence is not disclosed outside it). */
export async function loadReport(db: Db, id: string, scope: Scope, lock = false): Promise<SemesterReport> {
  const r = await getReport(db, id, lock);
  if (!r || !inScope(scope, { officeId: r.officeId, institutionId: r.institutionId }))
    throw ApiError.of('NOT_FOUND', 'Semester report not found');
  return r;
}

function assertStarted(semester: string, now: Date): void {
  if (semesterBounds(semester).from > wibDay(now))
    throw ApiError.of('SEMESTER_NOT_BEGUN', `The semester ${semester} has not begun`);
}

function assertEnded(semester: string, now: Date): void {
  if (semesterBounds(semester).to >= wibDay(now))
    throw ApiError.of(
      'REPORT_SEMESTER_NOT_ENDED',
      `The semester ${semester} has not ended yet; its report is submitted after it`,
    );
}

async function audit(
  tx: Db,
  actor: Actor,
  inst: Institution,
  action: string,
  after: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await recordAdminChange({ db: tx, now }, actor, {
    action: `semester_report.${action}`,
    entityType: 'semester_report',
    entityId: String(after.id),
    officeId: inst.officeId,
    institutionId: inst.id,
    after,
  });
}

/** Generates the draft of a semester (or refreshes an existing draft's figures). A submitted one: 409. */
export async function generateReport(
  ctx: ServiceContext,
  actor: Actor,
  input: { institutionId: string; semester: string },
): Promise<SemesterReport> {
  const { db, now } = ctx;
  const inst = await loadInstitution(db, input.institutionId, actor.scope);
  assertStarted(input.semester, now);
  const id = await db.transaction(async (tx) => {
    const existing = await findReportFor(tx, inst.id, input.semester, true);
    if (existing?.status === 'submitted')
      throw ApiError.of(
        'REPORT_SUBMITTED',
        `The semester report ${input.semester} has already been submitted`,
      );
    const figures = await semesterFigures(tx, inst.id, input.semester, now);
    const id = existing
      ? (await refreshDraft(tx, existing.id, figures, now), existing.id)
      : await insertDraft(tx, { institutionId: inst.id, semester: input.semester, figures, now });
    await audit(
      tx,
      actor,
      inst,
      'generated',
      { id, semester: input.semester, hits: figures.totals.hits },
      now,
    );
    return id;
  });
  return (await getReport(db, id))!;
}

export async function updateNarrative(
  ctx: ServiceContext,
  actor: Actor,
  { id, narrative }: { id: string; narrative: Narrative },
): Promise<SemesterReport> {
  const { db, now } = ctx;
  const current = await loadReport(db, id, actor.scope);
  const inst = await loadInstitution(db, current.institutionId, UNSCOPED);
  await db.transaction(async (tx) => {
    const r = await loadReport(tx, id, actor.scope, true);
    if (r.status !== 'draft') throw ApiError.of('REPORT_SUBMITTED', 'A submitted report is final');
    const merged = { ...r.narrative, ...narrative };
    await setNarrative(tx, id, merged);
    await audit(tx, actor, inst, 'narrative', { id, fields: Object.keys(narrative) }, now);
  });
  return (await getReport(db, id))!;
}

/** Submits a generated draft: its figures as generated, the narrative, a letter number. */
export async function submitReport(ctx: ServiceContext, actor: Actor, id: string): Promise<SemesterReport> {
  const { db, now } = ctx;
  const current = await loadReport(db, id, actor.scope);
  const inst = await loadInstitution(db, current.institutionId, UNSCOPED);
  assertEnded(current.semester, now);
  await db.transaction(async (tx) => {
    const r = await loadReport(tx, id, actor.scope, true);
    if (r.status !== 'draft') throw ApiError.of('REPORT_SUBMITTED', 'The report has already been submitted');
    const missing = (['servicesSupported', 'problems', 'plans'] as const).filter(
      (k) => !r.narrative[k]?.trim(),
    );
    if (missing.length > 0)
      throw ApiError.of('REPORT_NARRATIVE_INCOMPLETE', `The narrative is incomplete: ${missing.join(', ')}`, {
        missing,
      });
    const year = Number(wibDay(now).slice(0, 4));
    const letterNumber = reportNumber(await nextLetterNumber(tx, 'semester_report', year), inst.code, year);
    const by = actor.account?.id ?? null;
    await markSubmitted(tx, id, {
      kind: 'generated',
      letterNumber,
      by,
      signedBy: roleOf(actor) === 'institution_head' ? by : null,
      now,
    });
    await audit(tx, actor, inst, 'submitted', { id, semester: r.semester, letterNumber }, now);
  });
  return (await getReport(db, id))!;
}

/** A manual report (a signed PDF) instead of the generated one; it is submitted at once. */
export async function uploadManualReport(
  ctx: ServiceContext,
  actor: Actor,
  input: { institutionId: string; semester: string; document: UploadInput },
): Promise<SemesterReport> {
  const { db, now } = ctx;
  const inst = await loadInstitution(db, input.institutionId, actor.scope);
  if (input.document.contentType !== 'application/pdf') throw ApiError.of('REPORT_NOT_PDF');
  assertEnded(input.semester, now);
  const bytes = decodeUpload(input.document);
  const id = await db.transaction(async (tx) => {
    const existing = await findReportFor(tx, inst.id, input.semester, true);
    if (existing?.status === 'submitted')
      throw ApiError.of(
        'REPORT_SUBMITTED',
        `The semester report ${input.semester} has already been submitted`,
      );
    const doc = await insertDocument(tx, {
      kind: 'semester_report_manual',
      filename: input.document.filename,
      contentType: 'application/pdf',
      bytes,
      institutionId: inst.id,
      now,
    });
    const by = actor.account?.id ?? null;
    const signedBy = roleOf(actor) === 'institution_head' ? by : null;
    const id = existing
      ? (await markSubmitted(tx, existing.id, {
          kind: 'manual',
          letterNumber: null,
          by,
          signedBy,
          documentId: doc.id,
          now,
        }),
        existing.id)
      : await insertSubmitted(tx, {
          institutionId: inst.id,
          semester: input.semester,
          kind: 'manual',
          by,
          signedBy,
          documentId: doc.id,
          now,
        });
    await audit(tx, actor, inst, 'manual', { id, semester: input.semester, documentId: doc.id }, now);
    return id;
  });
  return (await getReport(db, id))!;
}

export async function findReports(
  db: Db,
  scope: Scope,
  f: { institutionId?: string | undefined; semester?: string | undefined },
) {
  if (scope.institutionId && f.institutionId && f.institutionId !== scope.institutionId) return [];
  return listReports(db, {
    officeIds: scope.officeIds,
    institutionId: scope.institutionId ?? f.institutionId,
    semester: f.semester,
  });
}

/** The deadline of a semester's report: 10 working days after its last day, public holidays skipped. */
export async function reportDue(db: Db, semester: string): Promise<string> {
  const { to } = semesterBounds(semester);
  return addWorkingDays(to, 10, await holidaysBetween(db, to, workingDaysHorizon(to, 10)));
}

/** A report with its deadline; a report recorded without figures (the older bare route) gets today's. */
export async function reportView(db: Db, scope: Scope, id: string, now: Date) {
  const r = await loadReport(db, id, scope);
  const figures =
    r.figures ?? (r.kind === 'manual' ? null : await semesterFigures(db, r.institutionId, r.semester, now));
  return { ...r, figures, due: await reportDue(db, r.semester) };
}

export type ReportFormat = 'pdf' | 'xlsx';

/** The report's document: the uploaded PDF of a manual report, else the PDF or XLSX rendered from its figures. */
export async function reportDocument(
  db: Db,
  scope: Scope,
  id: string,
  format: ReportFormat,
  now: Date,
): Promise<{ bytes: Uint8Array; filename: string; contentType: string }> {
  return renderReport(db, await loadReport(db, id, scope), format, now);
}

/**
 * The document of an institution's semester: its report's when there is one, else an unsaved draft of the
 * figures as they are now (the CLI's `report semester`; nothing is stored).
 */
export async function semesterDocument(
  db: Db,
  scope: Scope,
  input: { institutionId: string; semester: string },
  format: ReportFormat,
  now: Date,
) {
  const inst = await loadInstitution(db, input.institutionId, scope);
  assertStarted(input.semester, now);
  const existing = await findReportFor(db, inst.id, input.semester);
  if (existing) return renderReport(db, existing, format, now);
  return renderReport(
    db,
    {
      id: '',
      institutionId: inst.id,
      officeId: inst.officeId,
      semester: input.semester,
      status: 'draft',
      kind: 'generated',
      figures: await semesterFigures(db, inst.id, input.semester, now),
      generatedAt: now.toISOString(),
      narrative: {},
      letterNumber: null,
      submittedAt: null,
      submittedBy: null,
      signedBy: null,
      documentId: null,
    },
    format,
    now,
  );
}

async function renderReport(
  db: Db,
  r: SemesterReport,
  format: ReportFormat,
  now: Date,
): Promise<{ bytes: Uint8Array; filename: string; contentType: string }> {
  const inst = await loadInstitution(db, r.institutionId, UNSCOPED);
  const base = `laporan-semester-${r.semester}-${inst.code}`.replace(/[^\w.-]/g, '_');
  if (r.kind === 'manual') {
    const doc = r.documentId ? await getDocumentBytes(db, r.documentId) : null;
    if (!doc) throw ApiError.of('NOT_FOUND', 'The uploaded report is missing');
    if (format !== 'pdf')
      throw ApiError.of('NOT_FOUND', 'A manual report is its uploaded PDF; it has no figures workbook');
    return { bytes: doc.bytes, filename: `${base}.pdf`, contentType: 'application/pdf' };
  }
  const office = await getOffice(db, inst.officeId);
  const figures = r.figures ?? (await semesterFigures(db, r.institutionId, r.semester, now));
  const names = await accountNames(db, [r.submittedBy, r.signedBy]);
  const input = {
    report: r,
    figures,
    institution: inst,
    office: office!,
    submittedByName: r.submittedBy ? (names.get(r.submittedBy) ?? null) : null,
    signedByName: r.signedBy ? (names.get(r.signedBy) ?? null) : null,
  };
  return format === 'pdf'
    ? { bytes: await reportPdf(input), filename: `${base}.pdf`, contentType: 'application/pdf' }
    : {
        bytes: await reportXlsx(input),
        filename: `${base}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      };
}
