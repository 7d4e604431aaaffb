import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { SERVER_ACTOR, type Actor } from '../auth/actor.ts';
import { loadClientApplication } from '../gates/gates.service.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';

/**
 * Wire compatibility settings of a client application, where public clients conflict
 * (docs/wire-evidence.md, "Conflicts"). Defaults follow the better-supported reading.
 */
export interface WireCompat {
  /** Put `RESPONSE_CODE: "01"` on a verification answer (default: absent, as api-dukcapil needs). */
  verifyResponseCode: boolean;
}

export const WIRE_COMPAT_DEFAULT: Readonly<WireCompat> = Object.freeze({ verifyResponseCode: false });

export const wireCompatBody = z.object({
  verifyResponseCode: z
    .boolean()
    .describe('true: a verification answer carries RESPONSE_CODE "01"; false (default): it carries none'),
});
export const wireCompatView = z.object({ clientApplicationId: z.string(), verifyResponseCode: z.boolean() });

/**
 * Read per account for at most COMPAT_TTL_MS (lru-cache), so an answered verification does not pay a query each
 * time; a change made through this process applies at once, one made through another process within the TTL.
 */
const COMPAT_TTL_MS = 10_000;
const compatCache = new LRUCache<string, WireCompat>({ max: 10_000, ttl: COMPAT_TTL_MS });

/** The settings of the client application the account works under; the defaults when it has none. */
export async function wireCompatOf(db: Db, accountId: string): Promise<WireCompat> {
  const cached = compatCache.get(accountId);
  if (cached) return cached;
  const { rows } = await db.query<{ verifyResponseCode: boolean }>(
    `SELECT c.wire_verify_response_code AS "verifyResponseCode"
       FROM user_accounts u JOIN client_applications c ON c.id = u.client_application_id
      WHERE u.id = $1`,
    [accountId],
  );
  const compat = rows[0] ?? WIRE_COMPAT_DEFAULT;
  compatCache.set(accountId, compat);
  return compat;
}

/** An officer sets a client application's wire compatibility (recorded in the admin audit). */
export async function setWireCompat(
  db: Db,
  id: string,
  input: unknown,
  opts: { actor?: Actor; now: Date },
): Promise<z.infer<typeof wireCompatView>> {
  const actor = opts.actor ?? SERVER_ACTOR;
  const body = wireCompatBody.parse(input);
  const app = await loadClientApplication(db, id, actor.scope);
  const inst = await loadInstitution(db, app.institutionId);
  const result = await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ before: boolean }>(
      `UPDATE client_applications c SET wire_verify_response_code = $2
         FROM (SELECT wire_verify_response_code AS before FROM client_applications WHERE id = $1 FOR UPDATE) b
        WHERE c.id = $1 RETURNING b.before`,
      [id, body.verifyResponseCode],
    );
    await recordAdminChange(
      tx,
      actor,
      {
        action: 'client_application.wire_compat',
        entityType: 'client_application',
        entityId: id,
        officeId: inst.officeId,
        institutionId: inst.id,
        before: { verifyResponseCode: rows[0]?.before ?? false },
        after: { verifyResponseCode: body.verifyResponseCode },
      },
      opts.now,
    );
    return { clientApplicationId: id, verifyResponseCode: body.verifyResponseCode };
  });
  // After the commit, so no read in between caches the old value again.
  compatCache.clear();
  return result;
}
