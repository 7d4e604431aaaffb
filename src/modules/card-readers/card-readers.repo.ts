import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { readerView, returnTask, samEvent, samView, workUnitView } from './card-readers.schema.ts';

/** Typed SQL of the card-reader module: work units, readers, SAM cards, their trail and return tasks. */

// The work units, readers, SAM cards, their trail and return tasks as the repository reads them and the API
// answers them (the zod views are the one source).
export type WorkUnit = z.output<typeof workUnitView>;
export type CardReader = z.output<typeof readerView>;
export type SamState = z.output<typeof samView>['state'];
export type SamCard = z.output<typeof samView> & {
  /** Read but never answered: the SAM's public key; the answer names only its fingerprint (routes strip it). */
  publicKey: string | null;
};
export type SamEvent = z.output<typeof samEvent> & {
  /** Read but never answered: the SAM the event belongs to (the answer nests the events under it). */
  samId: string;
};
export type ReturnTask = z.output<typeof returnTask>;

const UNIT = `id, institution_id AS "institutionId", name, address, region_code AS "regionCode",
  created_at AS "createdAt"`;
const READER = `r.id, r.institution_id AS "institutionId", r.work_unit_id AS "workUnitId", r.serial, r.vendor,
  r.model, r.procured_on::text AS "procuredOn", r.registered_at AS "registeredAt"`;
const SAM = `s.id, s.institution_id AS "institutionId", s.reader_id AS "readerId", r.serial AS "readerSerial",
  s.state, s.sifilma_status AS "sifilmaStatus", s.sifilma_reference AS "sifilmaReference",
  s.sifilma_note AS "sifilmaNote", s.sifilma_answered_at AS "sifilmaAnsweredAt", s.public_key AS "publicKey",
  s.key_fingerprint AS "keyFingerprint", s.agreement_id AS "agreementId",
  s.deactivation_reason AS "deactivationReason", s.config_filename AS "configFilename",
  s.config_sha256 AS "configSha256", s.requested_at AS "requestedAt", s.updated_at AS "updatedAt"`;
const TASK = `id, institution_id AS "institutionId", agreement_id AS "agreementId", opened_at AS "openedAt",
  due_on::text AS "dueOn", closed_at AS "closedAt", sam_ids AS "samIds"`;

export async function insertWorkUnit(
  db: Db,
  u: { institutionId: string; name: string; address: string; regionCode: string; now: Date },
): Promise<WorkUnit> {
  const { rows } = await db.query<WorkUnit>(
    `INSERT INTO work_units (id, institution_id, name, address, region_code, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${UNIT}`,
    [newId('wku'), u.institutionId, u.name, u.address, u.regionCode, u.now.toISOString()],
  );
  return rows[0]!;
}

export async function getWorkUnit(db: Db, id: string): Promise<WorkUnit | null> {
  const { rows } = await db.query<WorkUnit>(`SELECT ${UNIT} FROM work_units WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listWorkUnits(db: Db, institutionId: string): Promise<WorkUnit[]> {
  const { rows } = await db.query<WorkUnit>(
    `SELECT ${UNIT} FROM work_units WHERE institution_id = $1 ORDER BY name`,
    [institutionId],
  );
  return rows;
}

export async function insertReader(
  db: Db,
  r: Omit<CardReader, 'id' | 'registeredAt'> & { now: Date },
): Promise<CardReader> {
  const { rows } = await db.query<CardReader>(
    `INSERT INTO card_readers AS r (id, institution_id, work_unit_id, serial, vendor, model, procured_on, registered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${READER}`,
    [
      newId('rdr'),
      r.institutionId,
      r.workUnitId,
      r.serial,
      r.vendor,
      r.model,
      r.procuredOn,
      r.now.toISOString(),
    ],
  );
  return rows[0]!;
}

export async function getReader(db: Db, id: string): Promise<CardReader | null> {
  const { rows } = await db.query<CardReader>(`SELECT ${READER} FROM card_readers r WHERE r.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listReaders(db: Db, institutionId: string): Promise<CardReader[]> {
  const { rows } = await db.query<CardReader>(
    `SELECT ${READER} FROM card_readers r WHERE r.institution_id = $1 ORDER BY r.serial`,
    [institutionId],
  );
  return rows;
}

export async function insertSam(
  db: Db,
  s: { institutionId: string; readerId: string; now: Date },
): Promise<string> {
  const id = newId('sam');
  await db.query(
    `INSERT INTO sam_cards (id, institution_id, reader_id, state, requested_at, updated_at)
     VALUES ($1, $2, $3, 'requested', $4, $4)`,
    [id, s.institutionId, s.readerId, s.now.toISOString()],
  );
  return id;
}

export async function getSam(db: Db, id: string, forUpdate = false): Promise<SamCard | null> {
  const { rows } = await db.query<SamCard>(
    `SELECT ${SAM} FROM sam_cards s JOIN card_readers r ON r.id = s.reader_id WHERE s.id = $1
     ${forUpdate ? 'FOR UPDATE OF s' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listSams(
  db: Db,
  f: { institutionId?: string | undefined; officeIds?: string[] | undefined; state?: SamState | undefined },
): Promise<SamCard[]> {
  const { rows } = await db.query<SamCard>(
    `SELECT ${SAM} FROM sam_cards s JOIN card_readers r ON r.id = s.reader_id
       JOIN institutions i ON i.id = s.institution_id
      WHERE ($1::text IS NULL OR s.institution_id = $1) AND ($2::text[] IS NULL OR i.office_id = ANY($2))
        AND ($3::text IS NULL OR s.state = $3)
      ORDER BY s.requested_at, s.id`,
    [f.institutionId ?? null, f.officeIds ?? null, f.state ?? null],
  );
  return rows;
}

/** The active SAMs of an institution, locked. */
export async function activeSamsForUpdate(db: Db, institutionId: string): Promise<SamCard[]> {
  const { rows } = await db.query<SamCard>(
    `SELECT ${SAM} FROM sam_cards s JOIN card_readers r ON r.id = s.reader_id
      WHERE s.institution_id = $1 AND s.state = 'activated' ORDER BY s.id FOR UPDATE OF s`,
    [institutionId],
  );
  return rows;
}

export async function updateSam(
  db: Db,
  id: string,
  patch: Partial<{
    state: SamState;
    sifilmaStatus: SamCard['sifilmaStatus'];
    sifilmaReference: string | null;
    sifilmaNote: string | null;
    sifilmaAnsweredAt: string | null;
    publicKey: string | null;
    keyFingerprint: string | null;
    agreementId: string | null;
    deactivationReason: string | null;
    configFilename: string | null;
    configSha256: string | null;
    configBytes: Uint8Array | null;
  }>,
  now: Date,
): Promise<void> {
  const columns: Record<string, string> = {
    state: 'state',
    sifilmaStatus: 'sifilma_status',
    sifilmaReference: 'sifilma_reference',
    sifilmaNote: 'sifilma_note',
    sifilmaAnsweredAt: 'sifilma_answered_at',
    publicKey: 'public_key',
    keyFingerprint: 'key_fingerprint',
    agreementId: 'agreement_id',
    deactivationReason: 'deactivation_reason',
    configFilename: 'config_filename',
    configSha256: 'config_sha256',
    configBytes: 'config_bytes',
  };
  const sets: string[] = [];
  const values: unknown[] = [id, now.toISOString()];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    values.push(value);
    sets.push(`${columns[key]} = $${values.length}`);
  }
  await db.query(`UPDATE sam_cards SET updated_at = $2, ${sets.join(', ')} WHERE id = $1`, values);
}

export async function insertSamEvent(
  db: Db,
  e: {
    samId: string;
    from: string | null;
    to: string;
    actorId: string | null;
    note?: string | null;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO sam_events (sam_id, at, from_state, to_state, actor_id, note) VALUES ($1, $2, $3, $4, $5, $6)`,
    [e.samId, e.now.toISOString(), e.from, e.to, e.actorId, e.note ?? null],
  );
}

export async function listSamEvents(db: Db, samId: string): Promise<SamEvent[]> {
  const { rows } = await db.query<SamEvent>(
    `SELECT id, sam_id AS "samId", at, from_state AS "fromState", to_state AS "toState", actor_id AS "actorId",
            note FROM sam_events WHERE sam_id = $1 ORDER BY id`,
    [samId],
  );
  return rows;
}

export async function getSamConfig(
  db: Db,
  id: string,
): Promise<{ filename: string; bytes: Uint8Array } | null> {
  const { rows } = await db.query<{ filename: string | null; bytes: Uint8Array | null }>(
    `SELECT config_filename AS filename, config_bytes AS bytes FROM sam_cards WHERE id = $1`,
    [id],
  );
  const r = rows[0];
  return r?.filename && r.bytes ? { filename: r.filename, bytes: r.bytes } : null;
}

export async function insertReturnTask(
  db: Db,
  t: { institutionId: string; agreementId: string; dueOn: string; samIds: string[]; now: Date },
): Promise<ReturnTask> {
  const { rows } = await db.query<ReturnTask>(
    `INSERT INTO sam_return_tasks (id, institution_id, agreement_id, opened_at, due_on, sam_ids)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${TASK}`,
    [newId('srt'), t.institutionId, t.agreementId, t.now.toISOString(), t.dueOn, t.samIds],
  );
  return rows[0]!;
}

export async function listReturnTasks(db: Db, institutionId: string): Promise<ReturnTask[]> {
  const { rows } = await db.query<ReturnTask>(
    `SELECT ${TASK} FROM sam_return_tasks WHERE institution_id = $1 ORDER BY opened_at, id`,
    [institutionId],
  );
  return rows;
}

/** Closes every open task of the institution whose SAMs have all had their configuration returned. */
export async function closeSettledReturnTasks(db: Db, institutionId: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE sam_return_tasks t SET closed_at = $2
      WHERE t.institution_id = $1 AND t.closed_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM sam_cards s WHERE s.id = ANY(t.sam_ids)
                         AND s.state NOT IN ('config_returned', 'config_confirmed'))`,
    [institutionId, now.toISOString()],
  );
}

/** Records a card read's nonce for its SAM; false when it was already used (a replay). */
export async function claimNonce(db: Db, samId: string, nonce: string, now: Date, keepMs: number) {
  await db.query(`DELETE FROM card_read_nonces WHERE sam_id = $1 AND at < $2`, [
    samId,
    new Date(now.getTime() - keepMs).toISOString(),
  ]);
  const { rows } = await db.query(
    `INSERT INTO card_read_nonces (sam_id, nonce, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
    [samId, nonce, now.toISOString()],
  );
  return rows.length === 1;
}

/** The facts of the card-reader obligations of one institution (compliance). */
export async function cardReaderFacts(db: Db, institutionId: string) {
  const { rows } = await db.query<{
    grantsCardReader: boolean;
    signedOn: string | null;
    unitsWithoutReader: { name: string; createdOn: string }[];
    openTasks: { dueOn: string; pending: number }[];
  }>(
    `SELECT
       EXISTS (SELECT 1 FROM agreements WHERE institution_id = $1 AND status IN ('signed', 'active', 'expiring')
                 AND 'card_reader' = ANY(methods)) AS "grantsCardReader",
       (SELECT min(coalesce(signed_on, start_date))::text FROM agreements
         WHERE institution_id = $1 AND status IN ('signed', 'active', 'expiring') AND 'card_reader' = ANY(methods))
         AS "signedOn",
       coalesce((SELECT json_agg(json_build_object('name', u.name,
                                   'createdOn', to_char((u.created_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM-DD'))
                                 ORDER BY u.name)
                   FROM work_units u WHERE u.institution_id = $1
                    AND NOT EXISTS (SELECT 1 FROM card_readers r WHERE r.work_unit_id = u.id)), '[]'::json)
         AS "unitsWithoutReader",
       coalesce((SELECT json_agg(json_build_object('dueOn', t.due_on::text,
                   'pending', (SELECT count(*) FROM sam_cards s WHERE s.id = ANY(t.sam_ids)
                                 AND s.state NOT IN ('config_returned', 'config_confirmed')))
                 ORDER BY t.due_on)
                   FROM sam_return_tasks t WHERE t.institution_id = $1 AND t.closed_at IS NULL), '[]'::json)
         AS "openTasks"`,
    [institutionId],
  );
  return rows[0]!;
}
