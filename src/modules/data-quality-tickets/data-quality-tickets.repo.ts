import type { Db } from '../../db/db.ts';
import type { TicketState } from './data-quality-tickets.schema.ts';

export interface TicketRow {
  id: string;
  institutionId: string;
  institutionName: string;
  owningOfficeId: string;
  owningOfficeName: string;
  nik: string;
  sourceKind: 'verification' | 'return_data';
  requestId: string | null;
  agreementId: string | null;
  period: string | null;
  description: string;
  state: TicketState;
  officeNote: string | null;
  deadline: string;
  openedAt: string;
  openedBy: string;
  openedByUsername: string;
  updatedAt: string;
  closedAt: string | null;
}

export const TICKET_COLUMNS = `t.id, t.institution_id AS "institutionId", i.name AS "institutionName",
  t.owning_office_id AS "owningOfficeId", o.name AS "owningOfficeName", t.nik, t.source_kind AS "sourceKind",
  t.request_id AS "requestId", t.agreement_id AS "agreementId", t.period, t.description, t.state,
  t.office_note AS "officeNote", to_char(t.deadline, 'YYYY-MM-DD') AS deadline, t.opened_at AS "openedAt",
  t.opened_by AS "openedBy", u.username AS "openedByUsername", t.updated_at AS "updatedAt",
  t.closed_at AS "closedAt"`;

const FROM = `data_quality_tickets t JOIN institutions i ON i.id = t.institution_id
  JOIN offices o ON o.id = t.owning_office_id JOIN user_accounts u ON u.id = t.opened_by`;

/**
 * The office owning a record of `villageCode`: the regency/city office of its first four digits, else its
 * province's office, else the central office. Region codes are plain digits (regions: 2, 4, 6, 10); a record's
 * village code is always a current code (residents reference regions), so a NIK issued under a former code
 * (the Papua splits, region_code_lineage) is routed by where its record is now, not by its NIK's prefix.
 */
export async function owningOffice(db: Db, villageCode: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM offices WHERE region_code = ANY($1::text[]) OR level = 'central'
      ORDER BY length(coalesce(region_code, '')) DESC LIMIT 1`,
    [[villageCode.slice(0, 4), villageCode.slice(0, 2)]],
  );
  return rows[0]?.id ?? null;
}

export async function residentRegion(db: Db, nik: string): Promise<string | null> {
  const { rows } = await db.query<{ villageCode: string }>(
    `SELECT village_code AS "villageCode" FROM residents WHERE nik = $1`,
    [nik],
  );
  return rows[0]?.villageCode ?? null;
}

export async function insertTicket(
  db: Db,
  t: {
    id: string;
    institutionId: string;
    owningOfficeId: string;
    nik: string;
    sourceKind: 'verification' | 'return_data';
    requestId: string | null;
    agreementId: string | null;
    period: string | null;
    description: string;
    deadline: string;
    openedBy: string;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO data_quality_tickets (id, institution_id, owning_office_id, nik, source_kind, request_id,
            agreement_id, period, description, state, deadline, opened_at, opened_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11, $12, $11)`,
    [
      t.id,
      t.institutionId,
      t.owningOfficeId,
      t.nik,
      t.sourceKind,
      t.requestId,
      t.agreementId,
      t.period,
      t.description,
      t.deadline,
      t.now.toISOString(),
      t.openedBy,
    ],
  );
}

export async function insertEvent(
  db: Db,
  e: {
    ticketId: string;
    actorId: string | null;
    from: TicketState | null;
    to: TicketState;
    note: string | null;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO data_quality_ticket_events (ticket_id, at, actor_id, from_state, to_state, note)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [e.ticketId, e.now.toISOString(), e.actorId, e.from, e.to, e.note],
  );
}

/** Tickets in scope: `officeIds` filters by owning office, `institutionId` by the institution that opened it. */
export async function findTickets(
  db: Db,
  f: {
    officeIds?: string[] | undefined;
    institutionId?: string | undefined;
    state?: TicketState | undefined;
    overdueOn?: string | undefined;
    id?: string | undefined;
    limit: number;
  },
  lock = false,
): Promise<TicketRow[]> {
  const { rows } = await db.query<TicketRow>(
    `SELECT ${TICKET_COLUMNS} FROM ${FROM}
      WHERE ($1::text[] IS NULL OR t.owning_office_id = ANY($1)) AND ($2::text IS NULL OR t.institution_id = $2)
        AND ($3::text IS NULL OR t.state = $3)
        AND ($4::date IS NULL OR (t.deadline < $4::date AND t.state IN ('open', 'in_review')))
        AND ($5::text IS NULL OR t.id = $5)
      ORDER BY t.deadline, t.opened_at, t.id LIMIT $6${lock ? ' FOR UPDATE OF t' : ''}`,
    [
      f.officeIds ?? null,
      f.institutionId ?? null,
      f.state ?? null,
      f.overdueOn ?? null,
      f.id ?? null,
      f.limit,
    ],
  );
  return rows;
}

export async function listEvents(
  db: Db,
  ticketId: string,
): Promise<{ at: string; state: TicketState; note: string | null; actor: string | null }[]> {
  const { rows } = await db.query<{
    at: string;
    state: TicketState;
    note: string | null;
    actor: string | null;
  }>(
    `SELECT e.at, e.to_state AS state, e.note, u.username AS actor
       FROM data_quality_ticket_events e LEFT JOIN user_accounts u ON u.id = e.actor_id
      WHERE e.ticket_id = $1 ORDER BY e.id`,
    [ticketId],
  );
  return rows;
}

export async function updateState(
  db: Db,
  id: string,
  u: { state: TicketState; note: string | null; closed: boolean; now: Date },
): Promise<void> {
  await db.query(
    `UPDATE data_quality_tickets SET state = $2, office_note = coalesce($3, office_note), updated_at = $4,
            closed_at = CASE WHEN $5 THEN $4::timestamptz ELSE NULL END
      WHERE id = $1`,
    [id, u.state, u.note, u.now.toISOString(), u.closed],
  );
}

/** The people to tell about a new ticket: the owning office's officers (the central officers for the centre). */
export async function officersOf(db: Db, officeId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT u.id FROM user_accounts u JOIN offices o ON o.id = $1
      WHERE u.is_active AND ((o.level <> 'central' AND u.role = 'office_officer' AND u.office_id = o.id)
                             OR (o.level = 'central' AND u.role = 'central_officer'))`,
    [officeId],
  );
  return rows.map((r) => r.id);
}

/** The people to tell about a ticket's step: who opened it, and the institution's head and admin. */
export async function institutionPeople(db: Db, institutionId: string, openedBy: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM user_accounts
      WHERE is_active AND (id = $2 OR (institution_id = $1 AND role IN ('institution_head', 'institution_admin')))`,
    [institutionId, openedBy],
  );
  return rows.map((r) => r.id);
}
