import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { misusePolicy } from './misuse.policy.ts';
import { listAlerts } from './misuse.repo.ts';
import { acknowledgeBody, acknowledgedView, alertQuery, alertView } from './misuse.schema.ts';
import { acknowledgeAlert } from './misuse.service.ts';

/** Misuse alerts: read in scope, acknowledged by officers (misuse.policy.ts). */
export function misuseRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/misuse-alerts',
      {
        onRequest: requireRoles(ctx, misusePolicy.read),
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
        onRequest: requireRoles(ctx, misusePolicy.acknowledge),
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
        const { seq: _seq, ...a } = await acknowledgeAlert(
          { db: ctx.db, now: ctx.clock() },
          await actorOf(ctx, request),
          {
            guard: ctx.misuse,
            id: request.params.id,
            body: request.body,
          },
        );
        return a;
      },
    );
  };
}
