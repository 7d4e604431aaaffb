import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { ProvisionOrigin, ProvisionStatus, provisionView } from './network-provisions.schema.ts';

// The statuses live beside the view that answers them; re-exported for the modules importing them here.
export {
  PROVISION_STATUSES,
  type ProvisionOrigin,
  type ProvisionStatus,
} from './network-provisions.schema.ts';

/**
 * The network provisioning record (Juknis "Infrastruktur Network") of an institution, per agreement if known, as
 * the repository reads it and the API answers it (the zod view is the one source).
 */
export type NetworkProvision = z.output<typeof provisionView>;

const COLUMNS = `id, institution_id AS "institutionId", agreement_id AS "agreementId", networks, provider,
  bandwidth_mbps AS "bandwidthMbps", expected_on::text AS "expectedOn", connected_on::text AS "connectedOn", status,
  topology_document_id AS "topologyDocumentId", request_letter_document_id AS "requestLetterDocumentId", note,
  origin, created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

export interface NewProvision {
  institutionId: string;
  agreementId: string | null;
  networks: string[];
  provider: string;
  bandwidthMbps: number | null;
  expectedOn: string | null;
  connectedOn: string | null;
  status: ProvisionStatus;
  topologyDocumentId: string | null;
  requestLetterDocumentId: string | null;
  note: string;
  origin: ProvisionOrigin;
  createdBy: string | null;
  now: Date;
}

export async function insertProvision(db: Db, p: NewProvision): Promise<NetworkProvision> {
  const { rows } = await db.query<NetworkProvision>(
    `INSERT INTO network_provisions (id, institution_id, agreement_id, networks, provider, bandwidth_mbps,
                                     expected_on, connected_on, status, topology_document_id,
                                     request_letter_document_id, note, origin, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING ${COLUMNS}`,
    [
      newId('net'),
      p.institutionId,
      p.agreementId,
      p.networks,
      p.provider,
      p.bandwidthMbps,
      p.expectedOn,
      p.connectedOn,
      p.status,
      p.topologyDocumentId,
      p.requestLetterDocumentId,
      p.note,
      p.origin,
      p.createdBy,
      p.now.toISOString(),
    ],
  );
  return rows[0]!;
}

export async function getProvision(db: Db, id: string, opts: { lock?: boolean } = {}) {
  const { rows } = await db.query<NetworkProvision>(
    `SELECT ${COLUMNS} FROM network_provisions WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listProvisions(db: Db, institutionId: string): Promise<NetworkProvision[]> {
  const { rows } = await db.query<NetworkProvision>(
    `SELECT ${COLUMNS} FROM network_provisions WHERE institution_id = $1 ORDER BY created_at, id`,
    [institutionId],
  );
  return rows;
}

export async function updateProvision(
  db: Db,
  id: string,
  p: Partial<Omit<NewProvision, 'institutionId' | 'origin' | 'createdBy' | 'now'>> & { now: Date },
): Promise<NetworkProvision> {
  // Only the fields given change (undefined: kept); a null given clears a nullable field.
  const set: string[] = [];
  const values: unknown[] = [id];
  const col = (name: string, v: unknown) => {
    values.push(v);
    set.push(`${name} = $${values.length}`);
  };
  if (p.agreementId !== undefined) col('agreement_id', p.agreementId);
  if (p.networks !== undefined) col('networks', p.networks);
  if (p.provider !== undefined) col('provider', p.provider);
  if (p.bandwidthMbps !== undefined) col('bandwidth_mbps', p.bandwidthMbps);
  if (p.expectedOn !== undefined) col('expected_on', p.expectedOn);
  if (p.connectedOn !== undefined) col('connected_on', p.connectedOn);
  if (p.status !== undefined) col('status', p.status);
  if (p.topologyDocumentId !== undefined) col('topology_document_id', p.topologyDocumentId);
  if (p.requestLetterDocumentId !== undefined) col('request_letter_document_id', p.requestLetterDocumentId);
  if (p.note !== undefined) col('note', p.note);
  col('updated_at', p.now.toISOString());
  const { rows } = await db.query<NetworkProvision>(
    `UPDATE network_provisions SET ${set.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
    values,
  );
  return rows[0]!;
}

/** The records of an institution of the given origins that are not withdrawn (settings, terms). */
export async function openProvisionsOf(
  db: Db,
  institutionId: string,
  origins: ProvisionOrigin[],
  agreementId: string | null = null,
): Promise<NetworkProvision[]> {
  const { rows } = await db.query<NetworkProvision>(
    `SELECT ${COLUMNS} FROM network_provisions
      WHERE institution_id = $1 AND origin = ANY($2) AND status <> 'withdrawn'
        AND ($3::text IS NULL OR agreement_id = $3)
      ORDER BY created_at, id FOR UPDATE`,
    [institutionId, origins, agreementId],
  );
  return rows;
}

/**
 * Rewrites the institution's allowed networks (the column the access path reads, cached) as the union of its
 * connected records' networks, in the caller's transaction. Returns the new list.
 */
export async function syncAllowedNetworks(db: Db, institutionId: string): Promise<string[]> {
  const { rows } = await db.query<{ networks: string[] }>(
    `UPDATE institutions SET allowed_networks = coalesce(
        (SELECT array_agg(DISTINCT n ORDER BY n)
           FROM network_provisions p, unnest(p.networks) AS n
          WHERE p.institution_id = $1 AND p.status = 'connected'), '{}')
      WHERE id = $1 RETURNING allowed_networks AS networks`,
    [institutionId],
  );
  return rows[0]?.networks ?? [];
}
