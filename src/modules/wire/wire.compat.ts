import type { ServiceContext } from '../../core/service-context.ts';
import { UNSCOPED } from '../../core/actor.ts';
import { z } from 'zod';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import type { Actor } from '../../core/actor.ts';
import { loadClientApplication } from '../gates/gates.service.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';

/**
 * Wire compatibility settings of a client application, where public clients conflict
 * (docs/wire-evidence.md, "Conflicts"). Defaults follow the better-supported reading: `verifyResponseCode`
 * false, no `RESPONSE_CODE` on a verification answer (as api-dukcapil needs).
 */
export const wireCompatBody = z.object({
  verifyResponseCode: z
    .boolean()
    .describe('true: a verification answer carries RESPONSE_CODE "01"; false (default): it carries none'),
});
export const wireCompatView = z.object({ clientApplicationId: z.string(), verifyResponseCode: z.boolean() });

/** An officer sets a client application's wire compatibility (recorded in the admin audit). */
export async function setWireCompat(
  ctx: ServiceContext,
  actor: Actor,
  { id, body: input }: { id: string; body: unknown },
): Promise<z.infer<typeof wireCompatView>> {
  const { db, now } = ctx;
  const body = wireCompatBody.parse(input);
  const app = await loadClientApplication(db, id, actor.scope);
  const inst = await loadInstitution(db, app.institutionId, UNSCOPED);
  // The access path reads the setting with the caller's gates (AccessCache, readGates): this process forgets
  // them when the change's admin request succeeds (app.ts), other processes within ACCESS_CACHE_MS.
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ before: boolean }>(
      `UPDATE client_applications c SET wire_verify_response_code = $2
         FROM (SELECT wire_verify_response_code AS before FROM client_applications WHERE id = $1 FOR UPDATE) b
        WHERE c.id = $1 RETURNING b.before`,
      [id, body.verifyResponseCode],
    );
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'client_application.wire_compat',
      entityType: 'client_application',
      entityId: id,
      officeId: inst.officeId,
      institutionId: inst.id,
      before: { verifyResponseCode: rows[0]?.before ?? false },
      after: { verifyResponseCode: body.verifyResponseCode },
    });
    return { clientApplicationId: id, verifyResponseCode: body.verifyResponseCode };
  });
}
