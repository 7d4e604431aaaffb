import type { ServiceContext } from '../../core/service-context.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireRoles } from '../../core/auth.ts';
import { ApiError } from '../../core/errors.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import type { Actor } from '../../core/actor.ts';
import { residentPolicy } from './resident.policy.ts';
import { disclosureView } from './resident.schema.ts';

/**
 * Marks an agreement covert (law enforcement): its accesses appear in residents' histories only after
 * `days`; 0 ends it. Central office only; the change (before and after) is admin-audited.
 */
export async function setDisclosureDelay(
  ctx: ServiceContext,
  actor: Actor,
  { agreementId, days }: { agreementId: string; days: number },
): Promise<z.infer<typeof disclosureView>> {
  const { db, now } = ctx;
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ days: number; officeId: string; institutionId: string }>(
      `SELECT disclosure_delay_days AS days, office_id AS "officeId", institution_id AS "institutionId"
         FROM agreements WHERE id = $1 FOR UPDATE`,
      [agreementId],
    );
    const before = rows[0];
    if (!before) throw ApiError.of('NOT_FOUND', 'Agreement not found');
    await tx.query(`UPDATE agreements SET disclosure_delay_days = $2 WHERE id = $1`, [agreementId, days]);
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'agreement.disclosure_delay',
      entityType: 'agreement',
      entityId: agreementId,
      officeId: before.officeId,
      institutionId: before.institutionId,
      before: { disclosureDelayDays: before.days },
      after: { disclosureDelayDays: days },
    });
    return { agreementId, disclosureDelayDays: days };
  });
}

export function disclosureRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.patch(
      '/v1/agreements/:id/disclosure-delay',
      {
        onRequest: requireRoles(ctx, residentPolicy.setDisclosureDelay),
        schema: {
          tags: ['agreements'],
          security: bearerSecurity,
          summary:
            "Mark an agreement covert: its accesses reach residents' histories only after this many days",
          params: z.object({ id: z.string().max(64) }),
          body: z.object({ days: z.number().int().min(0).max(3650).describe('0: not covert; e.g. 90') }),
          response: { 200: disclosureView, ...errorResponses },
        },
      },
      async (request) =>
        setDisclosureDelay({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
          agreementId: request.params.id,
          days: request.body.days,
        }),
    );
  };
}
