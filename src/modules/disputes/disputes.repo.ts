import type { Db } from '../../db/db.ts';
import type { z } from 'zod';
import type { AccessMethod } from '../agreements/agreements.repo.ts';
import type { disputeReason, disputeState, trailEntry } from './disputes.schema.ts';

export type DisputeState = z.output<typeof disputeState>;
export type DisputeReason = z.output<typeof disputeReason>;
/** A step of a dispute's trail as the repository reads it and the API answers it (the zod view is the one source). */
export type TrailEntry = z.output<typeof trailEntry>;
export type Party = TrailEntry['party'];
export const OPEN_STATES: readonly DisputeState[] = ['awaiting_institution', 'awaiting_decision'];

/** A dispute with the metadata of its record (access_audit), as the services read it. Holds the NIK. */
export interface DisputeRow {
  id: string;
  recordId: number;
  nik: string;
  institutionId: string | null;
  institutionName: string | null;
  officeId: string;
  officeName: string;
  accountId: string | null;
  state: DisputeState;
  reason: DisputeReason;
  text: string;
  openedAt: string;
  answerDueAt: string;
  answerDueOn: string;
  decisionWorkingDays: number;
  answerMissed: boolean;
  answeredAt: string | null;
  institutionAnswer: string | null;
  decisionDueAt: string | null;
  decisionOverdueAt: string | null;
  decidedAt: string | null;
  officeNote: string | null;
  operatorSuspended: boolean;
  findingClosedAt: string | null;
  findingNote: string | null;
  record: {
    at: string;
    protocol: string;
    method: AccessMethod;
    purpose: string | null;
    purposeLabel: string | null;
    elementsDisclosed: string[];
    outcome: string;
    username: string | null;
    requestId: string;
  };
}

const SELECT = `SELECT d.id, d.record_id AS "recordId", d.nik, d.institution_id AS "institutionId",
         i.name AS "institutionName", d.office_id AS "officeId", o.name AS "officeName", d.account_id AS "accountId",
         d.state, d.reason, d.text, d.opened_at AS "openedAt", d.answer_due_at AS "answerDueAt",
         to_char(d.answer_due_on, 'YYYY-MM-DD') AS "answerDueOn", d.decision_working_days AS "decisionWorkingDays",
         d.answer_missed AS "answerMissed", d.answered_at AS "answeredAt", d.institution_answer AS "institutionAnswer",
         d.decision_due_at AS "decisionDueAt", d.decision_overdue_at AS "decisionOverdueAt",
         d.decided_at AS "decidedAt", d.office_note AS "officeNote", d.operator_suspended AS "operatorSuspended",
         d.finding_closed_at AS "findingClosedAt", d.finding_note AS "findingNote",
         json_build_object('at', a.at, 'protocol', a.protocol, 'method', a.method, 'purpose', a.purpose,
           'purposeLabel', p.label, 'elementsDisclosed', a.elements_returned, 'outcome', a.outcome,
           'username', a.username, 'requestId', a.request_id) AS record
    FROM disputes d
    JOIN access_audit a ON a.id = d.record_id
    JOIN offices o ON o.id = d.office_id
    LEFT JOIN institutions i ON i.id = d.institution_id
    LEFT JOIN purposes p ON p.code = a.purpose`;

/** json_build_object renders a timestamptz in PostgreSQL's text form; the API speaks ISO 8601. */
function normalise(row: DisputeRow): DisputeRow {
  row.record.at = new Date(row.record.at).toISOString();
  return row;
}

/** One dispute; `lock` takes its row lock (inside a transaction). */
export async function findDispute(db: Db, id: string, lock = false): Promise<DisputeRow | null> {
  const { rows } = await db.query<DisputeRow>(`${SELECT} WHERE d.id = $1${lock ? ' FOR UPDATE OF d' : ''}`, [
    id,
  ]);
  return rows[0] ? normalise(rows[0]) : null;
}

export interface DisputeFilter {
  nik?: string | undefined;
  officeIds?: string[] | undefined;
  institutionId?: string | undefined;
  state?: DisputeState | undefined;
  limit: number;
}

/** Disputes newest first, filtered (the caller passes its scope as `officeIds` / `institutionId`). */
export async function listDisputes(db: Db, f: DisputeFilter): Promise<DisputeRow[]> {
  const { rows } = await db.query<DisputeRow>(
    `${SELECT}
      WHERE ($1::text IS NULL OR d.nik = $1) AND ($2::text[] IS NULL OR d.office_id = ANY($2))
        AND ($3::text IS NULL OR d.institution_id = $3) AND ($4::text IS NULL OR d.state = $4)
      ORDER BY d.opened_at DESC, d.id DESC LIMIT $5`,
    [f.nik ?? null, f.officeIds ?? null, f.institutionId ?? null, f.state ?? null, f.limit],
  );
  return rows.map(normalise);
}

export async function trailOf(db: Db, ids: string[]): Promise<Map<string, TrailEntry[]>> {
  const out = new Map<string, TrailEntry[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const { rows } = await db.query<TrailEntry & { disputeId: string }>(
    `SELECT dispute_id AS "disputeId", at, state, party, note FROM dispute_events
      WHERE dispute_id = ANY($1::text[]) ORDER BY id`,
    [ids],
  );
  for (const { disputeId, ...entry } of rows) out.get(disputeId)!.push(entry);
  return out;
}

export async function insertDispute(
  db: Db,
  d: {
    id: string;
    recordId: number;
    nik: string;
    institutionId: string | null;
    officeId: string;
    accountId: string | null;
    state: DisputeState;
    reason: DisputeReason;
    text: string;
    openedAt: Date;
    answerDueAt: Date;
    answerDueOn: string;
    decisionWorkingDays: number;
    decisionDueAt: Date | null;
  },
): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO disputes (id, record_id, nik, institution_id, office_id, account_id, state, reason, text,
                           opened_at, answer_due_at, answer_due_on, decision_working_days, decision_due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (record_id) WHERE state IN ('awaiting_institution', 'awaiting_decision') DO NOTHING
     RETURNING id`,
    [
      d.id,
      d.recordId,
      d.nik,
      d.institutionId,
      d.officeId,
      d.accountId,
      d.state,
      d.reason,
      d.text,
      d.openedAt.toISOString(),
      d.answerDueAt.toISOString(),
      d.answerDueOn,
      d.decisionWorkingDays,
      d.decisionDueAt?.toISOString() ?? null,
    ],
  );
  return rows.length === 1;
}

/** Sets the given columns of a dispute (names are this module's own, never a caller's). */
export async function updateDispute(db: Db, id: string, set: Record<string, unknown>): Promise<void> {
  const cols = Object.keys(set);
  await db.query(`UPDATE disputes SET ${cols.map((c, n) => `${c} = $${n + 2}`).join(', ')} WHERE id = $1`, [
    id,
    ...cols.map((c) => set[c]),
  ]);
}

export async function insertEvent(
  db: Db,
  e: {
    disputeId: string;
    at: Date;
    state: DisputeState;
    party: Party;
    note: string | null;
    actorId: string | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO dispute_events (dispute_id, at, state, party, note, actor_id) VALUES ($1, $2, $3, $4, $5, $6)`,
    [e.disputeId, e.at.toISOString(), e.state, e.party, e.note, e.actorId],
  );
}

/** The audit row's facts a dispute needs: its NIK-free owner side (institution, managing office, account). */
export async function recordOwner(
  db: Db,
  recordId: number,
): Promise<{ institutionId: string | null; officeId: string | null; accountId: string | null }> {
  const { rows } = await db.query<{
    institutionId: string | null;
    officeId: string | null;
    accountId: string | null;
  }>(
    `SELECT a.institution_id AS "institutionId", i.office_id AS "officeId", a.account_id AS "accountId"
       FROM access_audit a LEFT JOIN institutions i ON i.id = a.institution_id WHERE a.id = $1`,
    [recordId],
  );
  return rows[0]!;
}

export async function centralOfficeId(db: Db): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM offices WHERE level = 'central' ORDER BY id LIMIT 1`,
  );
  if (!rows[0]) throw new Error('No central office recorded');
  return rows[0].id;
}

/** The active head and admin of an institution. */
export async function institutionRecipients(db: Db, institutionId: string | null): Promise<string[]> {
  if (!institutionId) return [];
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM user_accounts WHERE is_active AND institution_id = $1
        AND role IN ('institution_head', 'institution_admin')`,
    [institutionId],
  );
  return rows.map((r) => r.id);
}

/** The active officers of an office (the central office's: its central officers). */
export async function officeRecipients(db: Db, officeId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT u.id FROM user_accounts u, offices o
      WHERE o.id = $1 AND u.is_active
        AND ((u.role = 'office_officer' AND u.office_id = o.id)
             OR (u.role = 'central_officer' AND o.level = 'central'))`,
    [officeId],
  );
  return rows.map((r) => r.id);
}

export async function queueResidentMail(
  db: Db,
  m: { disputeId: string; at: Date; subject: string; body: string },
): Promise<void> {
  await db.query(
    `INSERT INTO dispute_resident_mail (dispute_id, at, subject, body) VALUES ($1, $2, $3, $4)`,
    [m.disputeId, m.at.toISOString(), m.subject, m.body],
  );
}

/** Disputes whose institution's deadline has passed unanswered, and those whose office deadline passed. */
export async function dueDisputes(db: Db, now: Date): Promise<{ id: string; kind: 'answer' | 'decision' }[]> {
  const { rows } = await db.query<{ id: string; kind: 'answer' | 'decision' }>(
    `SELECT id, 'answer' AS kind FROM disputes WHERE state = 'awaiting_institution' AND answer_due_at <= $1
     UNION ALL
     SELECT id, 'decision' FROM disputes
      WHERE state = 'awaiting_decision' AND decision_due_at <= $1 AND decision_overdue_at IS NULL
     ORDER BY 1`,
    [now.toISOString()],
  );
  return rows;
}

export interface DisputeCounts {
  opened: number;
  open: number;
  answerMissed: number;
  justified: number;
  misuseFound: number;
}

/**
 * Dispute counts per institution, of the disputes opened in [from, to) (all time when null), for the
 * dashboard, the semester report and the evaluation.
 */
export async function disputeCounts(
  db: Db,
  f: { institutionIds?: string[] | undefined; officeIds?: string[] | undefined; from?: string; to?: string },
): Promise<Map<string, DisputeCounts>> {
  const { rows } = await db.query<DisputeCounts & { institutionId: string }>(
    `SELECT institution_id AS "institutionId", count(*)::int AS opened,
            count(*) FILTER (WHERE state IN ('awaiting_institution', 'awaiting_decision'))::int AS open,
            count(*) FILTER (WHERE answer_missed)::int AS "answerMissed",
            count(*) FILTER (WHERE state = 'justified')::int AS justified,
            count(*) FILTER (WHERE state = 'misuse_found')::int AS "misuseFound"
       FROM disputes
      WHERE institution_id IS NOT NULL
        AND ($1::text[] IS NULL OR institution_id = ANY($1)) AND ($2::text[] IS NULL OR office_id = ANY($2))
        AND ($3::timestamptz IS NULL OR opened_at >= $3) AND ($4::timestamptz IS NULL OR opened_at < $4)
      GROUP BY institution_id`,
    [f.institutionIds ?? null, f.officeIds ?? null, f.from ?? null, f.to ?? null],
  );
  return new Map(rows.map(({ institutionId, ...c }) => [institutionId, c]));
}

export const NO_DISPUTES: DisputeCounts = {
  opened: 0,
  open: 0,
  answerMissed: 0,
  justified: 0,
  misuseFound: 0,
};

/** Names of institutions, by id. */
export async function institutionNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM institutions WHERE id = ANY($1::text[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
