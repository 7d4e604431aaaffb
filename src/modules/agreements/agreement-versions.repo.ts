import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { contactPerson, extensionView, versionView } from './agreements.lifecycle.schema.ts';

// The version, its terms and a contact person as the repository reads them and the API answers them (the zod
// views are the one source).
export type ContactPerson = z.output<typeof contactPerson>;
export type AgreementVersion = z.output<typeof versionView>;
/** The technical terms (Juknis) of one version of an agreement. */
export type Terms = Omit<
  AgreementVersion,
  'id' | 'agreementId' | 'version' | 'createdAt' | 'createdBy' | 'reason'
>;

const COLUMNS = `id, agreement_id AS "agreementId", version, created_at AS "createdAt", created_by AS "createdBy",
  reason, purpose, elements, methods, end_date AS "endDate", return_data AS "returnData",
  allowed_networks AS "allowedNetworks", bandwidth_mbps AS "bandwidthMbps",
  quota_per_account AS "quotaPerAccount", card_readers AS "cardReaders", contact_persons AS "contactPersons",
  purpose_codes AS "purposeCodes", default_purpose AS "defaultPurpose"`;

/** Adds the next version of an agreement's terms and makes it the agreement's current version. */
export async function insertVersion(
  db: Db,
  v: Terms & { agreementId: string; createdBy: string | null; reason: string; now: Date },
): Promise<AgreementVersion> {
  const { rows } = await db.query<AgreementVersion>(
    `INSERT INTO agreement_versions (id, agreement_id, version, created_at, created_by, reason, purpose, elements,
                                     methods, end_date, return_data, allowed_networks, bandwidth_mbps,
                                     quota_per_account, card_readers, contact_persons, purpose_codes,
                                     default_purpose)
     SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb,
            $16, $17
       FROM agreement_versions WHERE agreement_id = $2
     RETURNING ${COLUMNS}`,
    [
      newId('agv'),
      v.agreementId,
      v.now.toISOString(),
      v.createdBy,
      v.reason,
      v.purpose,
      v.elements,
      v.methods,
      v.endDate,
      v.returnData,
      v.allowedNetworks,
      v.bandwidthMbps,
      v.quotaPerAccount,
      v.cardReaders,
      JSON.stringify(v.contactPersons),
      v.purposeCodes,
      v.defaultPurpose,
    ],
  );
  const version = rows[0]!;
  await db.query(
    `UPDATE agreements SET current_version_id = $2, purpose = $3, elements = $4, methods = $5,
            end_date = coalesce($6, end_date), purpose_codes = $7, default_purpose = $8
      WHERE id = $1`,
    [
      v.agreementId,
      version.id,
      v.purpose,
      v.elements,
      v.methods,
      v.endDate,
      v.purposeCodes,
      v.defaultPurpose,
    ],
  );
  return version;
}

export async function listVersions(db: Db, agreementId: string): Promise<AgreementVersion[]> {
  const { rows } = await db.query<AgreementVersion>(
    `SELECT ${COLUMNS} FROM agreement_versions WHERE agreement_id = $1 ORDER BY version`,
    [agreementId],
  );
  return rows;
}

export async function getVersion(db: Db, id: string): Promise<AgreementVersion | null> {
  const { rows } = await db.query<AgreementVersion>(
    `SELECT ${COLUMNS} FROM agreement_versions WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export type ExtensionRequest = z.output<typeof extensionView>;

const EXT_COLUMNS = `id, agreement_id AS "agreementId", requested_by AS "requestedBy", requested_at AS "requestedAt",
  new_end_date AS "newEndDate", reason, status, decided_by AS "decidedBy", decided_at AS "decidedAt"`;

export async function insertExtension(
  db: Db,
  e: { agreementId: string; requestedBy: string; now: Date; newEndDate: string; reason: string },
): Promise<ExtensionRequest> {
  const { rows } = await db.query<ExtensionRequest>(
    `INSERT INTO agreement_extensions (id, agreement_id, requested_by, requested_at, new_end_date, reason, status)
     VALUES ($1, $2, $3, $4, $5, $6, 'requested') RETURNING ${EXT_COLUMNS}`,
    [newId('ext'), e.agreementId, e.requestedBy, e.now.toISOString(), e.newEndDate, e.reason],
  );
  return rows[0]!;
}

export async function listExtensions(db: Db, agreementId: string): Promise<ExtensionRequest[]> {
  const { rows } = await db.query<ExtensionRequest>(
    `SELECT ${EXT_COLUMNS} FROM agreement_extensions WHERE agreement_id = $1 ORDER BY requested_at`,
    [agreementId],
  );
  return rows;
}

export async function getExtensionForUpdate(db: Db, id: string): Promise<ExtensionRequest | null> {
  const { rows } = await db.query<ExtensionRequest>(
    `SELECT ${EXT_COLUMNS} FROM agreement_extensions WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}

export async function decideExtensionRow(
  db: Db,
  id: string,
  d: { status: 'granted' | 'refused'; by: string | null; now: Date },
): Promise<ExtensionRequest> {
  const { rows } = await db.query<ExtensionRequest>(
    `UPDATE agreement_extensions SET status = $2, decided_by = $3, decided_at = $4 WHERE id = $1
     RETURNING ${EXT_COLUMNS}`,
    [id, d.status, d.by, d.now.toISOString()],
  );
  return rows[0]!;
}
