import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import type { Finding } from './compliance.finding.ts';
import { ApiError } from '../../core/errors.ts';
import { addMonths } from '../../lib/dates.ts';
import { insertDocument } from '../documents/documents.repo.ts';
import { decodeUpload, type UploadInput } from '../documents/documents.upload.ts';
import { addWorkingDays, holidaysBetween, workingDaysHorizon } from '../holidays/holidays.ts';
import { wibDay } from '../../lib/time.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { SERVER_ACTOR, type Actor, type Scope, UNSCOPED } from '../../core/actor.ts';
import { updateInstitution } from '../institutions/institutions.repo.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import { cardReaderFindings } from '../card-readers/card-readers.compliance.ts';
import { documentValidityFindings } from '../document-validity/document-validity.ts';
import { overdueRecommendations } from '../evaluations/evaluations.repo.ts';
import { disputeFindings } from '../disputes/disputes.compliance.ts';
import {
  getState,
  institutionsUnderAgreement,
  insertCertificate,
  insertNotifications,
  insertSemesterReport,
  listEvents,
  obligationFacts,
  recipientsFor,
  setState,
  type ComplianceState,
} from './compliance.repo.ts';

/**
 * The compliance engine. Obligations per institution under an agreement: SPTJM and NDAs present, the semester
 * report (June and December, due within 10 working days after), the ISO/IEC 27001 certificate within 6 months
 * of signing, return data (a hook for the return-data issue); notices for the agreement's end and the
 * extension deadline. A breach warns; a breach still open `WARNING_GRACE_DAYS` after the warning suspends
 * (the institution is deactivated: access answers institution_inactive at once); an officer reinstates.
 */
export type { Finding } from './compliance.finding.ts';

export const WARNING_GRACE_DAYS = 14;

/** Return-data obligations come with the return-data issue; it registers its check here. */
export type FindingSource = (db: Db, institutionId: string, today: string) => Promise<Finding[]>;
export const returnDataChecks: FindingSource[] = [];

/** The public holidays that can fall inside any semester-report deadline seen from `today`. */
export function semesterHolidays(db: Db, today: string): Promise<Set<string>> {
  const year = Number(today.slice(0, 4));
  return holidaysBetween(db, `${year - 1}-06-30`, workingDaysHorizon(`${year}-06-30`, 10));
}

/** The latest semester whose report is already due on `today`: its name and due date. */
export function lastDueSemester(
  today: string,
  holidays: ReadonlySet<string> = new Set(),
): { semester: string; end: string; due: string } {
  const year = Number(today.slice(0, 4));
  const candidates = [
    { semester: `${year}-S1`, end: `${year}-06-30` },
    { semester: `${year - 1}-S2`, end: `${year - 1}-12-31` },
    { semester: `${year - 1}-S1`, end: `${year - 1}-06-30` },
  ].map((c) => ({ ...c, due: addWorkingDays(c.end, 10, holidays) }));
  return candidates.find((c) => c.due < today)!;
}

/** `holidays`: those of `semesterHolidays(db, today)`, when the caller already has them (the daily job). */
export async function evaluateObligations(
  db: Db,
  institutionId: string,
  today: string,
  holidays?: ReadonlySet<string>,
): Promise<Finding[]> {
  const f = await obligationFacts(db, institutionId);
  const out: Finding[] = [];
  if (!f.hasStatement) {
    out.push({ obligation: 'sptjm', severity: 'breach', message: 'SPTJM kepala instansi belum tercatat' });
  }
  if (f.operatorsWithoutNda.length > 0) {
    out.push({
      obligation: 'nda',
      severity: 'breach',
      message: `NDA belum tercatat: ${f.operatorsWithoutNda.join(', ')}`,
    });
  }
  const sem = lastDueSemester(today, holidays ?? (await semesterHolidays(db, today)));
  if (f.signedOn && f.signedOn <= sem.end && !f.reportedSemesters.includes(sem.semester)) {
    out.push({
      obligation: 'semester_report',
      severity: 'breach',
      message: `Laporan semester ${sem.semester} belum diterima (batas ${sem.due})`,
    });
  }
  if (
    f.signedOn &&
    addMonths(f.signedOn, 6) < today &&
    !(f.certificateValidUntil && f.certificateValidUntil >= today)
  ) {
    out.push({
      obligation: 'iso27001',
      severity: 'breach',
      message: `Sertifikat ISO/IEC 27001 belum ada (wajib sejak ${addMonths(f.signedOn, 6)})`,
    });
  }
  for (const check of returnDataChecks) out.push(...(await check(db, institutionId, today)));
  out.push(...(await cardReaderFindings(db, institutionId, today)));
  // SPTJM and NDAs signed again after amendments, extensions, officeholder changes (document-validity module).
  out.push(...(await documentValidityFindings(db, institutionId, today)));
  // Recommendations of the office's evaluations whose follow-up date has passed (evaluations module).
  for (const r of await overdueRecommendations(db, institutionId, today)) {
    out.push({
      obligation: 'evaluation_follow_up',
      severity: 'breach',
      message: `Tindak lanjut rekomendasi evaluasi belum dilaporkan: ${r.text} (batas ${r.dueOn})`,
    });
  }
  // Disputes decided misuse_found (a breach until the office closes it) and answers missed (a notice).
  out.push(...(await disputeFindings(db, institutionId)));
  if (f.agreementEnd) {
    const deadline = addMonths(f.agreementEnd, -2);
    if (!f.extensionRequested && today <= deadline && addMonths(today, 1) >= deadline) {
      out.push({
        obligation: 'extension_deadline',
        severity: 'notice',
        message: `Perpanjangan PKS harus diajukan paling lambat ${deadline}`,
      });
    }
    if (today <= f.agreementEnd && addMonths(today, 2) >= f.agreementEnd) {
      out.push({
        obligation: 'agreement_end',
        severity: 'notice',
        message: `PKS berakhir ${f.agreementEnd}`,
      });
    }
  }
  return out;
}

async function transition(
  tx: Db,
  institutionId: string,
  from: ComplianceState,
  to: ComplianceState,
  reason: string,
  findings: Finding[],
  actor: Actor,
  now: Date,
): Promise<void> {
  const inst = await loadInstitution(tx, institutionId, UNSCOPED);
  await setState(tx, { institutionId, from, to, reason, findings, actorId: actor.account?.id ?? null, now });
  if (to === 'suspended' || to === 'reinstated') {
    await updateInstitution(tx, institutionId, { isActive: to === 'reinstated' });
  }
  await recordAdminChange({ db: tx, now }, actor, {
    action: `compliance.${to}`,
    entityType: 'institution',
    entityId: institutionId,
    officeId: inst.officeId,
    institutionId,
    before: { state: from },
    after: { state: to, reason },
  });
  const subjects: Record<ComplianceState, string> = {
    in_order: 'Kewajiban terpenuhi',
    warned: 'Peringatan: kewajiban belum dipenuhi',
    suspended: 'Akses dihentikan sementara',
    reinstated: 'Akses dipulihkan',
  };
  await insertNotifications(tx, await recipientsFor(tx, institutionId), {
    subject: `${subjects[to]}: ${inst.name}`,
    body: reason,
    now,
  });
}

/** One pass of the engine over every institution under an agreement (the daily `compliance` job). */
export async function runCompliance(db: Db, now: Date): Promise<Record<ComplianceState | 'notices', number>> {
  const today = wibDay(now);
  const counts = { in_order: 0, warned: 0, suspended: 0, reinstated: 0, notices: 0 };
  const holidays = await semesterHolidays(db, today);
  for (const id of await institutionsUnderAgreement(db)) {
    const findings = await evaluateObligations(db, id, today, holidays);
    const breaches = findings.filter((f) => f.severity === 'breach');
    const notices = findings.filter((f) => f.severity === 'notice');
    await db.transaction(async (tx) => {
      const current = (await getState(tx, id)) ?? { state: 'in_order' as const, since: now.toISOString() };
      const reason = breaches.map((b) => b.message).join('; ');
      let to: ComplianceState | null = null;
      if (breaches.length > 0 && (current.state === 'in_order' || current.state === 'reinstated'))
        to = 'warned';
      else if (
        breaches.length > 0 &&
        current.state === 'warned' &&
        Date.parse(current.since) + WARNING_GRACE_DAYS * 86_400_000 <= now.getTime()
      ) {
        to = 'suspended';
      } else if (breaches.length === 0 && current.state === 'warned') to = 'in_order';
      if (to) {
        await transition(
          tx,
          id,
          current.state,
          to,
          reason || 'Semua kewajiban terpenuhi',
          findings,
          SERVER_ACTOR,
          now,
        );
        counts[to] += 1;
      }
      if (notices.length > 0) {
        await insertNotifications(tx, await recipientsFor(tx, id), {
          subject: 'Pemberitahuan PKS',
          body: notices.map((n) => n.message).join('; '),
          now,
        });
        counts.notices += 1;
      }
    });
  }
  return counts;
}

/** An officer reinstates a suspended institution, with the reason. */
export async function reinstate(
  ctx: ServiceContext,
  actor: Actor,
  { institutionId, ...input }: { institutionId: string } & { reason: string },
): Promise<{ state: ComplianceState }> {
  const { db, now } = ctx;
  await loadInstitution(db, institutionId, actor.scope);
  return db.transaction(async (tx) => {
    const current = await getState(tx, institutionId);
    if (current?.state !== 'suspended') throw ApiError.of('INSTITUTION_NOT_SUSPENDED');
    const findings = await evaluateObligations(tx, institutionId, wibDay(now));
    await transition(tx, institutionId, 'suspended', 'reinstated', input.reason, findings, actor, now);
    return { state: 'reinstated' as const };
  });
}

export async function complianceView(db: Db, institutionId: string, scope: Scope, now: Date) {
  const inst = await loadInstitution(db, institutionId, scope);
  const state = await db.transaction((tx) => getState(tx, inst.id));
  return {
    institutionId: inst.id,
    state: state?.state ?? ('in_order' as const),
    since: state?.since ?? null,
    reason: state?.reason ?? null,
    findings: await evaluateObligations(db, inst.id, wibDay(now)),
    events: await listEvents(db, inst.id),
  };
}

export async function submitSemesterReport(
  ctx: ServiceContext,
  actor: Actor,
  { institutionId, semester }: { institutionId: string; semester: string },
) {
  const { db, now } = ctx;
  const inst = await loadInstitution(db, institutionId, actor.scope);
  return db.transaction(async (tx) => {
    const row = await insertSemesterReport(tx, {
      institutionId: inst.id,
      semester,
      by: actor.account?.id ?? null,
      now,
    });
    if (!row)
      throw ApiError.of('REPORT_SUBMITTED', `The semester report ${semester} has already been submitted`);
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'institution.semester_report',
      entityType: 'institution',
      entityId: inst.id,
      officeId: inst.officeId,
      institutionId: inst.id,
      after: row,
    });
    return row;
  });
}

export async function recordCertificate(
  ctx: ServiceContext,
  actor: Actor,
  {
    institutionId,
    ...input
  }: { institutionId: string } & { number: string; validUntil: string; document?: UploadInput | undefined },
) {
  const { db, now } = ctx;
  const inst = await loadInstitution(db, institutionId, actor.scope);
  const bytes = input.document ? decodeUpload(input.document) : null;
  return db.transaction(async (tx) => {
    const doc =
      input.document && bytes
        ? await insertDocument(tx, {
            kind: 'iso27001_certificate',
            filename: input.document.filename,
            contentType: input.document.contentType,
            bytes,
            institutionId: inst.id,
            now,
          })
        : null;
    const row = await insertCertificate(tx, {
      institutionId: inst.id,
      number: input.number,
      validUntil: input.validUntil,
      documentId: doc?.id ?? null,
      now,
    });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'institution.iso27001',
      entityType: 'institution',
      entityId: inst.id,
      officeId: inst.officeId,
      institutionId: inst.id,
      after: row,
    });
    return row;
  });
}
