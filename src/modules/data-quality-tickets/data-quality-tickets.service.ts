import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { tanggal } from '../../lib/dates.ts';
import { newId } from '../../lib/ids.ts';
import { wibDay } from '../../lib/time.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import type { Actor } from '../../core/actor.ts';
import { insertNotifications } from '../compliance/compliance.repo.ts';
import { addWorkingDays, holidaysBetween, workingDaysHorizon } from '../holidays/holidays.ts';
import {
  findTickets,
  insertEvent,
  insertTicket,
  institutionPeople,
  listEvents,
  officersOf,
  owningOffice,
  residentRegion,
  updateState,
  type TicketRow,
} from './data-quality-tickets.repo.ts';
import {
  NEXT_STATES,
  openTicketBody,
  TICKET_WORKING_DAYS,
  transitionBody,
  type OpenTicketInput,
  type TicketState,
  type TicketView,
  type TransitionInput,
} from './data-quality-tickets.schema.ts';

/** The Indonesian words of a state, for notifications. */
const STATE_TEXT: Record<TicketState, string> = {
  open: 'dibuka',
  in_review: 'sedang ditinjau',
  corrected: 'data telah diperbaiki',
  rejected: 'ditolak',
};

/** Outcomes of an access that concern a record in the registry (the ones a ticket can be about). */
const RECORD_OUTCOMES = ['found', 'deceased', 'duplicate', 'inactive'];

const isInstitutionActor = (actor: Actor) => Boolean(actor.account?.institutionId);

/**
 * A ticket as its reader may see it. The institution gets the state, the deadline and the office's notes, and
 * about the person only the NIK it sent itself — never the owning office (it would tell where the record lives
 * now), the actor, or anything from the registry.
 */
function viewOf(
  row: TicketRow,
  actor: Actor,
  today: string,
  extra: { events?: Awaited<ReturnType<typeof listEvents>>; sourceDetail?: Record<string, unknown> } = {},
): TicketView {
  const base: TicketView = {
    id: row.id,
    source: {
      kind: row.sourceKind,
      requestId: row.requestId,
      agreementId: row.agreementId,
      period: row.period,
    },
    nik: row.nik,
    description: row.description,
    state: row.state,
    officeNote: row.officeNote,
    deadline: row.deadline,
    overdue: (row.state === 'open' || row.state === 'in_review') && row.deadline < today,
    openedAt: row.openedAt,
    updatedAt: row.updatedAt,
    closedAt: row.closedAt,
  };
  if (isInstitutionActor(actor)) {
    return extra.events
      ? { ...base, events: extra.events.map(({ at, state, note }) => ({ at, state, note })) }
      : base;
  }
  return {
    ...base,
    ...(extra.events ? { events: extra.events } : {}),
    institutionId: row.institutionId,
    institutionName: row.institutionName,
    owningOfficeId: row.owningOfficeId,
    owningOfficeName: row.owningOfficeName,
    openedBy: row.openedByUsername,
    ...(extra.sourceDetail ? { sourceDetail: extra.sourceDetail } : {}),
  };
}

/** Which rows the actor may see: an institution its own tickets, an office those it (or an office below) owns. */
const scopeFilter = (actor: Actor) => ({
  officeIds: actor.scope.officeIds,
  institutionId: actor.scope.institutionId,
});

/** What the ticket is about, resolved against the institution's own result or row; the NIK it names. */
async function resolveSource(
  db: Db,
  institutionId: string,
  source: ReturnType<typeof openTicketBody.parse>['source'],
): Promise<{ nik: string; requestId: string | null; agreementId: string | null; period: string | null }> {
  if (source.kind === 'verification') {
    const { rows } = await db.query<{ nik: string; outcome: string }>(
      `SELECT nik, outcome FROM access_audit
        WHERE request_id = $1 AND institution_id = $2 AND nik IS NOT NULL ORDER BY id LIMIT 1`,
      [source.requestId, institutionId],
    );
    const hit = rows[0];
    if (!hit) throw ApiError.of('NOT_FOUND', 'Hasil verifikasi tidak ditemukan pada instansi ini');
    // The institution already has this outcome in the answer it got: refusing here tells it nothing new.
    if (!RECORD_OUTCOMES.includes(hit.outcome))
      throw ApiError.of(
        'TICKET_NOTHING_TO_CORRECT',
        'Hasil ini tidak menyangkut data penduduk yang dapat diperbaiki',
      );
    return { nik: hit.nik, requestId: source.requestId, agreementId: null, period: null };
  }
  const { rows } = await db.query<{ nik: string }>(
    `SELECT nik FROM return_data_records
      WHERE agreement_id = $1 AND nik = $2 AND period = $3 AND institution_id = $4`,
    [source.agreementId, source.nik, source.period, institutionId],
  );
  if (!rows[0]) throw ApiError.of('NOT_FOUND', 'Baris data balikan tidak ditemukan pada instansi ini');
  return { nik: source.nik, requestId: null, agreementId: source.agreementId, period: source.period };
}

/**
 * An institution's operator, head or admin opens a ticket from a verification result or a return-data row.
 * It routes itself to the office owning the resident's record, gets a deadline in working days, tells that
 * office's officers (no NIK in the notification: notifications may be e-mailed) and is audited.
 */
export async function openTicket(
  ctx: ServiceContext,
  actor: Actor,
  input: OpenTicketInput,
): Promise<TicketView> {
  const { db, now } = ctx;
  const body = openTicketBody.parse(input);
  const institutionId = actor.account?.institutionId;
  if (!institutionId) throw ApiError.of('FORBIDDEN', 'Only an institution’s people open tickets');
  const today = wibDay(now);
  return db.transaction(async (tx) => {
    const src = await resolveSource(tx, institutionId, body.source);
    const region = await residentRegion(tx, src.nik);
    const officeId = region ? await owningOffice(tx, region) : null;
    if (!officeId)
      throw ApiError.of(
        'TICKET_NOTHING_TO_CORRECT',
        'Hasil ini tidak menyangkut data penduduk yang dapat diperbaiki',
      );
    const { rows: open } = await tx.query<{ id: string }>(
      `SELECT id FROM data_quality_tickets
        WHERE state IN ('open', 'in_review') AND institution_id = $1
          AND ((source_kind = 'verification' AND request_id = $2)
               OR (source_kind = 'return_data' AND agreement_id = $3 AND nik = $4 AND period = $5))`,
      [institutionId, src.requestId, src.agreementId, src.nik, src.period],
    );
    if (open[0]) throw ApiError.of('TICKET_OPEN', `Tiket ${open[0].id} untuk hasil ini masih diproses`);
    const deadline = addWorkingDays(
      today,
      TICKET_WORKING_DAYS,
      await holidaysBetween(tx, today, workingDaysHorizon(today, TICKET_WORKING_DAYS)),
    );
    const id = newId('dqt');
    await insertTicket(tx, {
      id,
      institutionId,
      owningOfficeId: officeId,
      nik: src.nik,
      sourceKind: body.source.kind,
      requestId: src.requestId,
      agreementId: src.agreementId,
      period: src.period,
      description: body.description,
      deadline,
      openedBy: actor.account!.id,
      now,
    });
    await insertEvent(tx, {
      ticketId: id,
      actorId: actor.account!.id,
      from: null,
      to: 'open',
      note: null,
      now,
    });
    const [row] = await findTickets(tx, { id, limit: 1 });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'data_quality_ticket.open',
      entityType: 'data_quality_ticket',
      entityId: id,
      officeId,
      institutionId,
      // The source and the deadline; the NIK and the text stay in the ticket itself.
      after: { source: body.source.kind, requestId: src.requestId, agreementId: src.agreementId, deadline },
    });
    await insertNotifications(tx, await officersOf(tx, officeId), {
      subject: 'Tiket kualitas data baru',
      body:
        `${row!.institutionName} melaporkan dugaan ketidaksesuaian data kependudukan (tiket ${id}). ` +
        `Tenggat penanganan: ${tanggal(deadline)}.`,
      now,
    });
    return viewOf(row!, actor, today);
  });
}

export async function listTickets(
  ctx: ServiceContext,
  actor: Actor,
  q: { state?: TicketState | undefined; overdue?: 'true' | 'false' | undefined; limit: number },
): Promise<TicketView[]> {
  const { db, now } = ctx;
  const today = wibDay(now);
  const rows = await findTickets(db, {
    ...scopeFilter(actor),
    state: q.state,
    overdueOn: q.overdue === 'true' ? today : undefined,
    limit: q.limit,
  });
  return rows.map((r) => viewOf(r, actor, today));
}

async function loadTicket(db: Db, actor: Actor, id: string, lock = false): Promise<TicketRow> {
  const [row] = await findTickets(db, { ...scopeFilter(actor), id, limit: 1 }, lock);
  if (!row) throw ApiError.of('NOT_FOUND', 'Ticket not found');
  return row;
}

/** For the office: what the ticket's source was (the verification's time and elements, or the row's values). */
async function sourceDetail(db: Db, row: TicketRow): Promise<Record<string, unknown>> {
  if (row.sourceKind === 'verification') {
    const { rows } = await db.query<{ at: string; method: string; elements: string[]; outcome: string }>(
      `SELECT at, method, elements_requested AS elements, outcome FROM access_audit
        WHERE request_id = $1 AND institution_id = $2 ORDER BY id LIMIT 1`,
      [row.requestId, row.institutionId],
    );
    return rows[0] ?? {};
  }
  const { rows } = await db.query<{ data: Record<string, unknown>; receivedAt: string }>(
    `SELECT data, received_at AS "receivedAt" FROM return_data_records
      WHERE agreement_id = $1 AND nik = $2 AND period = $3`,
    [row.agreementId, row.nik, row.period],
  );
  return rows[0] ?? {};
}

export async function getTicket(ctx: ServiceContext, actor: Actor, id: string): Promise<TicketView> {
  const { db, now } = ctx;
  const row = await loadTicket(db, actor, id);
  return viewOf(row, actor, wibDay(now), {
    events: await listEvents(db, row.id),
    ...(isInstitutionActor(actor) ? {} : { sourceDetail: await sourceDetail(db, row) }),
  });
}

/**
 * An officer of the owning office (or one above it) moves a ticket: open → in_review → corrected | rejected
 * (with the reason). The institution's people are told; the step is audited.
 */
export async function transitionTicket(
  ctx: ServiceContext,
  actor: Actor,
  { id, ...input }: { id: string } & TransitionInput,
): Promise<TicketView> {
  const { db, now } = ctx;
  const body = transitionBody.parse(input);
  return db.transaction(async (tx) => {
    const row = await loadTicket(tx, actor, id, true);
    if (!NEXT_STATES[row.state].includes(body.to)) {
      throw ApiError.of('TICKET_STATE', `A ticket ${row.state} cannot become ${body.to}`, {
        state: row.state,
        allowed: NEXT_STATES[row.state],
      });
    }
    const note = body.note ?? null;
    const closed = body.to === 'corrected' || body.to === 'rejected';
    await updateState(tx, row.id, { state: body.to, note, closed, now });
    await insertEvent(tx, {
      ticketId: row.id,
      actorId: actor.account?.id ?? null,
      from: row.state,
      to: body.to,
      note,
      now,
    });
    await recordAdminChange({ db: tx, now }, actor, {
      action: `data_quality_ticket.${body.to}`,
      entityType: 'data_quality_ticket',
      entityId: row.id,
      officeId: row.owningOfficeId,
      institutionId: row.institutionId,
      before: { state: row.state },
      after: { state: body.to, note },
    });
    await insertNotifications(tx, await institutionPeople(tx, row.institutionId, row.openedBy), {
      subject: `Tiket kualitas data ${row.id}: ${STATE_TEXT[body.to]}`,
      body: note ? `Catatan Disdukcapil: ${note}` : `Status tiket kini ${STATE_TEXT[body.to]}.`,
      now,
    });
    const [after] = await findTickets(tx, { id: row.id, limit: 1 });
    return viewOf(after!, actor, wibDay(now), { events: await listEvents(tx, row.id) });
  });
}
