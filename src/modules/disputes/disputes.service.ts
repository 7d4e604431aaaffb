import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { addDays, tanggal } from '../../lib/dates.ts';
import { newId } from '../../lib/ids.ts';
import { wibDay, wibDayStart, wibTime } from '../../lib/time.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { SERVER_ACTOR, inScope, scopedInstitutionFilter, type Actor } from '../../core/actor.ts';
import { insertNotifications } from '../compliance/compliance.repo.ts';
import { addWorkingDays, holidaysBetween, workingDaysHorizon } from '../holidays/holidays.ts';
import { visibleRecord } from '../resident/resident.history.ts';
import {
  centralOfficeId,
  disputeCounts,
  dueDisputes,
  findDispute,
  institutionNames,
  insertDispute,
  insertEvent,
  institutionRecipients,
  listDisputes,
  officeRecipients,
  queueResidentMail,
  recordOwner,
  trailOf,
  updateDispute,
  type DisputeReason,
  type DisputeRow,
  type DisputeState,
  type Party,
  type TrailEntry,
} from './disputes.repo.ts';

/**
 * Disputes, record by record. A resident disputes one access to their NIK (an access_audit row of their visible
 * history); the institution answers within `answerWorkingDays` working days (holidays skipped), or the deadline
 * passes (the daily `dispute-deadlines` job, or the office's decision, records it); the managing office decides
 * within `decisionWorkingDays`: justified, or misuse found (a compliance finding against the institution, see
 * disputes.compliance.ts; optionally the operator who made the access is suspended). Every step writes its
 * trail entry, its admin-audit row and its notifications (institution head/admin, the office's officers, and
 * the resident by the registry's e-mail contact) in the transaction that makes it.
 *
 * Least data: the institution and the office see the record's metadata, the resident's reason and text, and
 * the NIK masked to its last four digits (`maskNik`: enough to match a service transaction of their own, not
 * enough to identify anyone) — never the full NIK, a name or any other data about the person.
 */

/** The resident acting through their session: their NIK, never an account. */
export interface ResidentActor {
  nik: string;
  ip: string | null;
  requestId: string | null;
}

export interface DisputeSettings {
  answerWorkingDays: number;
  decisionWorkingDays: number;
}

/** The NIK as the institution and the office see it: its last four digits. */
export const maskNik = (nik: string) => `${'*'.repeat(12)}${nik.slice(-4)}`;

/** The end (WIB) of the day `n` working days after `day`, and that day. */
async function workingDeadline(db: Db, day: string, n: number): Promise<{ on: string; at: Date }> {
  const holidays = await holidaysBetween(db, day, workingDaysHorizon(day, n));
  const on = addWorkingDays(day, n, holidays);
  return { on, at: wibDayStart(addDays(on, 1)) };
}

const when = (iso: string) => `${tanggal(wibDay(new Date(iso)))} ${wibTime(new Date(iso)).slice(0, 5)} WIB`;
const dueText = (iso: string) => tanggal(addDays(wibDay(new Date(iso)), -1));

const REASONS: Record<DisputeReason, string> = {
  never_dealt: 'tidak pernah berurusan dengan instansi ini',
  wrong_purpose: 'tujuan tidak sesuai',
  other: 'lainnya',
};

/** The resident's e-mail: names neither the NIK nor the institution (they are read after signing in). */
const RESIDENT_MAIL: Record<DisputeState | 'decision_overdue', string> = {
  awaiting_institution: 'Sengketa Anda telah diterima dan diteruskan kepada instansi.',
  awaiting_decision: 'Sengketa Anda kini menunggu keputusan Dinas Dukcapil.',
  justified: 'Dinas Dukcapil telah memutus sengketa Anda: akses dinyatakan sah.',
  misuse_found: 'Dinas Dukcapil telah memutus sengketa Anda: ditemukan penyalahgunaan.',
  decision_overdue:
    'Batas waktu keputusan Dinas Dukcapil atas sengketa Anda telah lewat; sengketa diteruskan.',
};

/** One step: trail, admin audit, notifications of the institution and the office, the resident's e-mail. */
async function recordStep(
  tx: Db,
  actor: Actor,
  d: DisputeRow,
  step: {
    action: string;
    state: DisputeState;
    party: Party;
    note: string | null;
    notice: { subject: string; body: string };
    residentMail: keyof typeof RESIDENT_MAIL;
    before?: unknown;
    after?: unknown;
  },
  now: Date,
): Promise<void> {
  await insertEvent(tx, {
    disputeId: d.id,
    at: now,
    state: step.state,
    party: step.party,
    note: step.note,
    actorId: actor.account?.id ?? null,
  });
  await recordAdminChange({ db: tx, now }, actor, {
    action: `dispute.${step.action}`,
    entityType: 'dispute',
    entityId: d.id,
    officeId: d.officeId,
    institutionId: d.institutionId,
    before: step.before ?? null,
    after: {
      party: step.party,
      state: step.state,
      recordId: d.recordId,
      nik: maskNik(d.nik),
      ...(step.after ?? {}),
    },
  });
  const recipients = [
    ...(await institutionRecipients(tx, d.institutionId)),
    ...(await officeRecipients(tx, d.officeId)),
  ];
  await insertNotifications(tx, [...new Set(recipients)], { ...step.notice, now });
  await queueResidentMail(tx, {
    disputeId: d.id,
    at: now,
    subject: 'Sengketa akses data Anda',
    body:
      `${RESIDENT_MAIL[step.residentMail]} Masuk ke "Cek akses data saya" untuk melihat rinciannya. ` +
      'Jangan berikan kode masuk kepada siapa pun.',
  });
}

const recordLine = (d: DisputeRow) =>
  `Sengketa ${d.id} atas akses ${when(d.record.at)} (${d.record.method}, hasil ${d.record.outcome})`;

// ---------------------------------------------------------------------------------------------------------
// The resident

export async function openDispute(
  db: Db,
  resident: ResidentActor,
  input: { recordId: number; reason: DisputeReason; text: string },
  env: { now: Date; settings: DisputeSettings },
): Promise<DisputeRow> {
  const { now } = env;
  // The same answer for a row of someone else, a covert row not visible yet, and no row at all.
  const record = await visibleRecord(db, { nik: resident.nik, now, id: input.recordId });
  if (!record) throw ApiError.of('NOT_FOUND', 'Catatan akses tidak ditemukan');
  const id = newId('dsp');
  await db.transaction(async (tx) => {
    const owner = await recordOwner(tx, input.recordId);
    const today = wibDay(now);
    const answer = await workingDeadline(tx, today, env.settings.answerWorkingDays);
    // A record without an institution (e.g. a refused sign-in) has nobody to answer: straight to the office.
    const direct = !owner.institutionId;
    const decision = direct ? await workingDeadline(tx, today, env.settings.decisionWorkingDays) : null;
    const inserted = await insertDispute(tx, {
      id,
      recordId: input.recordId,
      nik: resident.nik,
      institutionId: owner.institutionId,
      officeId: owner.officeId ?? (await centralOfficeId(tx)),
      accountId: owner.accountId,
      state: direct ? 'awaiting_decision' : 'awaiting_institution',
      reason: input.reason,
      text: input.text,
      openedAt: now,
      answerDueAt: direct ? now : answer.at,
      answerDueOn: direct ? today : answer.on,
      decisionWorkingDays: env.settings.decisionWorkingDays,
      decisionDueAt: decision?.at ?? null,
    });
    if (!inserted) {
      throw ApiError.of('DISPUTE_EXISTS', 'Catatan ini sudah memiliki sengketa yang masih berjalan');
    }
    const d = (await findDispute(tx, id))!;
    const actor: Actor = { account: null, ip: resident.ip, requestId: resident.requestId, scope: {} };
    await recordStep(
      tx,
      actor,
      d,
      {
        action: 'opened',
        state: d.state,
        party: 'resident',
        note: null,
        notice: {
          subject: 'Sengketa akses data baru',
          body:
            `${recordLine(d)}: penduduk menyatakan ${REASONS[d.reason]}. ` +
            (direct
              ? `Tanpa instansi; keputusan kantor paling lambat ${dueText(d.decisionDueAt!)}.`
              : `Jawaban instansi paling lambat ${tanggal(d.answerDueOn)}.`),
        },
        residentMail: d.state,
        after: { reason: d.reason, answerDueAt: d.answerDueAt },
      },
      now,
    );
  });
  return (await findDispute(db, id))!;
}

/** The resident's own disputes, newest first. */
export function residentDisputes(db: Db, resident: ResidentActor): Promise<DisputeRow[]> {
  return listDisputes(db, { nik: resident.nik, limit: 500 });
}

/** One of the resident's own disputes (404 for anyone else's, the same as for none). */
export async function residentDispute(db: Db, resident: ResidentActor, id: string): Promise<DisputeRow> {
  const d = await findDispute(db, id);
  if (!d || d.nik !== resident.nik) throw ApiError.of('NOT_FOUND', 'Sengketa tidak ditemukan');
  return d;
}

// ---------------------------------------------------------------------------------------------------------
// The institution and the office

export async function loadDispute(
  ctx: ServiceContext,
  actor: Actor,
  { id, lock = false }: { id: string; lock?: boolean },
): Promise<DisputeRow> {
  const { db } = ctx;
  const d = await findDispute(db, id, lock);
  if (!d || !inScope(actor.scope, { officeId: d.officeId, institutionId: d.institutionId })) {
    throw ApiError.of('NOT_FOUND', 'Dispute not found');
  }
  return d;
}

export async function findDisputes(
  ctx: ServiceContext,
  actor: Actor,
  q: { state?: DisputeState | undefined; institutionId?: string | undefined; limit: number },
): Promise<DisputeRow[]> {
  const { db } = ctx;
  const institutionId = scopedInstitutionFilter(actor.scope, q.institutionId);
  if (institutionId === null) return [];
  return listDisputes(db, { ...q, institutionId, officeIds: actor.scope.officeIds });
}

/** Dispute counts per institution in the actor's scope (all time): the officer dashboard. */
export async function disputeCountsInScope(ctx: ServiceContext, actor: Actor) {
  const { db } = ctx;
  const counts = await disputeCounts(db, {
    officeIds: actor.scope.officeIds,
    institutionIds: actor.scope.institutionId ? [actor.scope.institutionId] : undefined,
  });
  const names = await institutionNames(db, [...counts.keys()]);
  return [...counts.entries()]
    .map(([institutionId, c]) => ({ institutionId, name: names.get(institutionId) ?? institutionId, ...c }))
    .sort((a, b) => b.open - a.open || b.opened - a.opened || a.name.localeCompare(b.name));
}

/** The institution's answer deadline passed: the dispute goes to the office, the miss is on the trail. */
async function recordMissedAnswer(tx: Db, d: DisputeRow, now: Date): Promise<DisputeRow> {
  const decision = await workingDeadline(tx, d.answerDueOn, d.decisionWorkingDays);
  await updateDispute(tx, d.id, {
    state: 'awaiting_decision',
    answer_missed: true,
    decision_due_at: decision.at.toISOString(),
  });
  const after = (await findDispute(tx, d.id))!;
  await recordStep(
    tx,
    SERVER_ACTOR,
    after,
    {
      action: 'answer_missed',
      state: 'awaiting_decision',
      party: 'system',
      note: `Instansi tidak menjawab sampai batas waktu ${tanggal(d.answerDueOn)}`,
      notice: {
        subject: 'Sengketa tidak dijawab sampai batas waktu',
        body: `${recordLine(d)}: batas jawaban ${tanggal(d.answerDueOn)} terlewati; keputusan kantor paling lambat ${tanggal(decision.on)}.`,
      },
      residentMail: 'awaiting_decision',
      after: { answerMissed: true, decisionDueAt: after.decisionDueAt },
    },
    now,
  );
  return after;
}

export async function answerDispute(
  ctx: ServiceContext,
  actor: Actor,
  { id, ...input }: { id: string } & { explanation: string },
): Promise<DisputeRow> {
  const { db, now } = ctx;
  await db.transaction(async (tx) => {
    const d = await loadDispute({ db: tx, now }, actor, { id, lock: true });
    if (d.state !== 'awaiting_institution') {
      throw ApiError.of('DISPUTE_NOT_AWAITING_ANSWER', 'This dispute is not awaiting the institution');
    }
    if (Date.parse(d.answerDueAt) <= now.getTime()) {
      throw ApiError.of(
        'DISPUTE_ANSWER_OVERDUE',
        `The deadline to answer (${tanggal(d.answerDueOn)}) has passed; the dispute goes to the office`,
      );
    }
    const decision = await workingDeadline(tx, wibDay(now), d.decisionWorkingDays);
    await updateDispute(tx, id, {
      state: 'awaiting_decision',
      answered_at: now.toISOString(),
      answered_by: actor.account?.id ?? null,
      institution_answer: input.explanation,
      decision_due_at: decision.at.toISOString(),
    });
    await recordStep(
      tx,
      actor,
      d,
      {
        action: 'answered',
        state: 'awaiting_decision',
        party: 'institution',
        note: input.explanation,
        notice: {
          subject: 'Sengketa dijawab instansi',
          body: `${recordLine(d)} telah dijawab; keputusan kantor paling lambat ${tanggal(decision.on)}.`,
        },
        residentMail: 'awaiting_decision',
        before: { state: d.state },
        after: { decisionDueAt: decision.at.toISOString() },
      },
      now,
    );
  });
  return (await findDispute(db, id))!;
}

export async function decideDispute(
  ctx: ServiceContext,
  actor: Actor,
  {
    id,
    ...input
  }: { id: string } & {
    decision: 'justified' | 'misuse_found';
    note: string;
    suspendOperator?: boolean | undefined;
  },
): Promise<DisputeRow> {
  const { db, now } = ctx;
  if (input.suspendOperator && input.decision !== 'misuse_found') {
    throw ApiError.of('DISPUTE_SUSPEND_WITHOUT_MISUSE');
  }
  await db.transaction(async (tx) => {
    let d = await loadDispute({ db: tx, now }, actor, { id, lock: true });
    // The job may not have run yet: a passed answer deadline is recorded first, in this transaction.
    if (d.state === 'awaiting_institution' && Date.parse(d.answerDueAt) <= now.getTime()) {
      d = await recordMissedAnswer(tx, d, now);
    }
    if (d.state !== 'awaiting_decision') {
      throw ApiError.of(
        'DISPUTE_NOT_AWAITING_DECISION',
        d.state === 'awaiting_institution'
          ? `The institution may answer until ${tanggal(d.answerDueOn)}`
          : 'This dispute has been decided',
      );
    }
    let suspended = false;
    if (input.suspendOperator) {
      const { rows } = await tx.query<{ id: string; isActive: boolean }>(
        `SELECT id, is_active AS "isActive" FROM user_accounts
          WHERE id = $1 AND institution_id = $2 AND role = 'operator' FOR UPDATE`,
        [d.accountId, d.institutionId],
      );
      const operator = rows[0];
      if (!operator) {
        throw ApiError.of('DISPUTE_NO_OPERATOR', 'The disputed access was not made by an operator account');
      }
      await tx.query(`UPDATE user_accounts SET is_active = false WHERE id = $1`, [operator.id]);
      await recordAdminChange({ db: tx, now }, actor, {
        action: 'account.suspended_by_dispute',
        entityType: 'account',
        entityId: operator.id,
        officeId: d.officeId,
        institutionId: d.institutionId,
        before: { isActive: operator.isActive },
        after: { isActive: false, disputeId: d.id },
      });
      suspended = true;
    }
    await updateDispute(tx, id, {
      state: input.decision,
      decided_at: now.toISOString(),
      decided_by: actor.account?.id ?? null,
      office_note: input.note,
      operator_suspended: suspended,
    });
    await recordStep(
      tx,
      actor,
      d,
      {
        action: 'decided',
        state: input.decision,
        party: 'office',
        note: input.note,
        notice: {
          subject:
            input.decision === 'misuse_found'
              ? 'Sengketa diputus: penyalahgunaan ditemukan'
              : 'Sengketa diputus: akses sah',
          body:
            `${recordLine(d)}: ${input.note}` +
            (input.decision === 'misuse_found' ? ' Temuan kepatuhan dicatat terhadap instansi.' : '') +
            (suspended ? ' Akun operator yang melakukan akses dinonaktifkan.' : ''),
        },
        residentMail: input.decision,
        before: { state: d.state },
        after: { operatorSuspended: suspended },
      },
      now,
    );
  });
  return (await findDispute(db, id))!;
}

/** The office closes the compliance finding of a misuse decision (followed up): the breach ends. */
export async function closeFinding(
  ctx: ServiceContext,
  actor: Actor,
  { id, ...input }: { id: string } & { note: string },
): Promise<DisputeRow> {
  const { db, now } = ctx;
  await db.transaction(async (tx) => {
    const d = await loadDispute({ db: tx, now }, actor, { id, lock: true });
    if (d.state !== 'misuse_found' || d.findingClosedAt) {
      throw ApiError.of('DISPUTE_FINDING_NOT_OPEN', 'This dispute has no open misuse finding');
    }
    await updateDispute(tx, id, {
      finding_closed_at: now.toISOString(),
      finding_closed_by: actor.account?.id ?? null,
      finding_note: input.note,
    });
    await insertEvent(tx, {
      disputeId: id,
      at: now,
      state: d.state,
      party: 'office',
      note: `Temuan ditindaklanjuti: ${input.note}`,
      actorId: actor.account?.id ?? null,
    });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'dispute.finding_closed',
      entityType: 'dispute',
      entityId: id,
      officeId: d.officeId,
      institutionId: d.institutionId,
      before: { findingOpen: true },
      after: { findingOpen: false, note: input.note },
    });
    await insertNotifications(tx, await institutionRecipients(tx, d.institutionId), {
      subject: 'Temuan sengketa ditutup',
      body: `${recordLine(d)}: temuan ditutup. ${input.note}`,
      now,
    });
  });
  return (await findDispute(db, id))!;
}

/**
 * The daily `dispute-deadlines` job: records every institution deadline passed unanswered (the dispute goes to
 * the office) and every office deadline passed undecided (on the trail, the office and the resident told, once).
 */
export async function runDisputeDeadlines(
  db: Db,
  now: Date,
): Promise<{ answerMissed: number; decisionOverdue: number }> {
  const counts = { answerMissed: 0, decisionOverdue: 0 };
  for (const due of await dueDisputes(db, now)) {
    await db.transaction(async (tx) => {
      const d = await findDispute(tx, due.id, true);
      if (!d) return;
      if (due.kind === 'answer' && d.state === 'awaiting_institution') {
        await recordMissedAnswer(tx, d, now);
        counts.answerMissed += 1;
      } else if (due.kind === 'decision' && d.state === 'awaiting_decision' && !d.decisionOverdueAt) {
        await updateDispute(tx, d.id, { decision_overdue_at: now.toISOString() });
        await recordStep(
          tx,
          SERVER_ACTOR,
          d,
          {
            action: 'decision_overdue',
            state: d.state,
            party: 'system',
            note: `Batas waktu keputusan kantor (${dueText(d.decisionDueAt!)}) terlewati`,
            notice: {
              subject: 'Batas waktu keputusan sengketa terlewati',
              body: `${recordLine(d)}: keputusan kantor seharusnya paling lambat ${dueText(d.decisionDueAt!)}.`,
            },
            residentMail: 'decision_overdue',
          },
          now,
        );
        counts.decisionOverdue += 1;
      }
    });
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------------------
// Views

/** What the resident sees of their dispute (the contract of the /warga portal). */
export function residentView(d: DisputeRow, trail: TrailEntry[]) {
  return {
    id: d.id,
    recordId: d.recordId,
    state: d.state,
    reason: d.reason,
    text: d.text,
    openedAt: d.openedAt,
    institution: d.institutionId ? { id: d.institutionId, name: d.institutionName! } : null,
    record: {
      at: d.record.at,
      protocol: d.record.protocol,
      method: d.record.method,
      purpose: d.record.purpose,
      purposeLabel: d.record.purposeLabel,
      elementsDisclosed: d.record.elementsDisclosed,
      outcome: d.record.outcome,
    },
    answerDueAt: d.answerDueAt,
    decisionDueAt: d.decisionDueAt,
    institutionAnswer: d.institutionAnswer,
    officeNote: d.officeNote,
    trail,
  };
}

/** What the institution and the office see: the record's metadata and the masked NIK, nothing of the person. */
export function partyView(d: DisputeRow, trail: TrailEntry[], now: Date) {
  return {
    id: d.id,
    state: d.state,
    reason: d.reason,
    text: d.text,
    openedAt: d.openedAt,
    institution: d.institutionId ? { id: d.institutionId, name: d.institutionName! } : null,
    office: { id: d.officeId, name: d.officeName },
    nikMasked: maskNik(d.nik),
    record: {
      id: d.recordId,
      at: d.record.at,
      protocol: d.record.protocol,
      method: d.record.method,
      purpose: d.record.purpose,
      purposeLabel: d.record.purposeLabel,
      elementsDisclosed: d.record.elementsDisclosed,
      outcome: d.record.outcome,
      accountId: d.accountId,
      username: d.record.username,
      requestId: d.record.requestId,
    },
    answerDueAt: d.answerDueAt,
    answerOverdue: d.state === 'awaiting_institution' && Date.parse(d.answerDueAt) <= now.getTime(),
    answerMissed: d.answerMissed,
    answeredAt: d.answeredAt,
    institutionAnswer: d.institutionAnswer,
    decisionDueAt: d.decisionDueAt,
    decisionOverdue:
      d.state === 'awaiting_decision' &&
      d.decisionDueAt !== null &&
      Date.parse(d.decisionDueAt) <= now.getTime(),
    decidedAt: d.decidedAt,
    officeNote: d.officeNote,
    operatorSuspended: d.operatorSuspended,
    findingOpen: d.state === 'misuse_found' && !d.findingClosedAt,
    findingClosedAt: d.findingClosedAt,
    findingNote: d.findingNote,
    trail,
  };
}

export async function withTrails<T>(
  db: Db,
  rows: DisputeRow[],
  view: (d: DisputeRow, t: TrailEntry[]) => T,
): Promise<T[]> {
  const trails = await trailOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => view(r, trails.get(r.id)!));
}
