import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/app.ts';
import { actorOf, requireRoles } from '../../http/auth.ts';
import { OFFICER_ROLES, REGISTRY_READERS } from '../auth/actor.ts';
import { bearerSecurity, errorResponses } from '../../http/schemas.ts';
import { listAlerts } from './misuse.repo.ts';
import { acknowledgeBody, acknowledgedView, alertQuery, alertView } from './misuse.schema.ts';
import { acknowledgeAlert } from './misuse.service.ts';

/**
 * Officers and auditors read misuse alerts, scoped like the audit (an office's people see its area's
 * institutions); officers acknowledge them.
 */
export function misuseRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/misuse-alerts',
      {
        onRequest: requireRoles(ctx, REGISTRY_READERS),
        schema: {
          tags: ['admin'],
          summary: 'Misuse alerts: sequential, patterned or too-quick NIK input, newest first',
          security: bearerSecurity,
          querystring: alertQuery,
          response: {
            200: z.object({ items: z.array(alertView), nextCursor: z.number().nullable() }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const q = request.query;
        const rows = await listAlerts(ctx.db, {
          ...q,
          open: q.status === undefined ? undefined : q.status === 'open',
          officeIds: (await actorOf(ctx, request)).scope.officeIds,
        });
        return {
          items: rows.map(({ seq: _seq, ...a }) => a),
          nextCursor: rows.length === q.limit ? rows.at(-1)!.seq : null,
        };
      },
    );
    app.post(
      '/v1/misuse-alerts/:id/acknowledge',
      {
        onRequest: requireRoles(ctx, OFFICER_ROLES),
        schema: {
          tags: ['admin'],
          summary: 'Acknowledge a misuse alert (optional note); reinstate re-enables a suspended account',
          security: bearerSecurity,
          params: z.object({ id: z.string().max(64) }),
          body: acknowledgeBody,
          response: { 200: acknowledgedView, ...errorResponses },
        },
      },
      async (request) => {
        const { seq: _seq, ...a } = await acknowledgeAlert(ctx.db, ctx.misuse, {
          actor: await actorOf(ctx, request),
          id: request.params.id,
          input: request.body,
        });
        return a;
      },
    );
  };
}
