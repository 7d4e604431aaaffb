import type { Db } from '../../db/db.ts';

export interface AdminAuditRow {
  id: number;
  at: string;
  actorId: string | null;
  actorUsername: string | null;
  actorIp: string | null;
  requestId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  officeId: string | null;
  institutionId: string | null;
  before: unknown;
  after: unknown;
}

export type NewAdminAuditRow = Omit<AdminAuditRow, 'id'>;

export async function insertAdminAudit(db: Db, r: NewAdminAuditRow): Promise<void> {
  await db.query(
    `INSERT INTO admin_audit (at, actor_id, actor_username, actor_ip, request_id, action, entity_type, entity_id,
                              office_id, institution_id, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb)`,
    [
      r.at,
      r.actorId,
      r.actorUsername,
      r.actorIp,
      r.requestId,
      r.action,
      r.entityType,
      r.entityId,
      r.officeId,
      r.institutionId,
      r.before === null || r.before === undefined ? null : JSON.stringify(r.before),
      r.after === null || r.after === undefined ? null : JSON.stringify(r.after),
    ],
  );
}

export interface AdminAuditFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  actorId?: string | undefined;
  institutionId?: string | undefined;
  /** Only changes in these offices' area (undefined: all). */
  officeIds?: string[] | undefined;
  before?: number | undefined;
  limit: number;
}

/** Newest first, keyset-paginated by id. */
export async function queryAdminAudit(db: Db, f: AdminAuditFilter): Promise<AdminAuditRow[]> {
  const { rows } = await db.query<AdminAuditRow>(
    `SELECT id, at, actor_id AS "actorId", actor_username AS "actorUsername", actor_ip AS "actorIp",
            request_id AS "requestId", action, entity_type AS "entityType", entity_id AS "entityId",
            office_id AS "officeId", institution_id AS "institutionId", before, after
       FROM admin_audit
      WHERE ($1::text IS NULL OR entity_type = $1)
        AND ($2::text IS NULL OR entity_id = $2)
        AND ($3::text IS NULL OR action = $3)
        AND ($4::text IS NULL OR actor_id = $4)
        AND ($5::text IS NULL OR institution_id = $5)
        AND ($6::text[] IS NULL OR office_id = ANY($6))
        AND ($7::bigint IS NULL OR id < $7)
      ORDER BY id DESC
      LIMIT $8`,
    [
      f.entityType ?? null,
      f.entityId ?? null,
      f.action ?? null,
      f.actorId ?? null,
      f.institutionId ?? null,
      f.officeIds ?? null,
      f.before ?? null,
      f.limit,
    ],
  );
  return rows;
}
