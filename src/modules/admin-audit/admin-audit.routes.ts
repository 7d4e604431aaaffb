import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/app.ts';
import { actorOf, requireRoles } from '../../http/auth.ts';
import { bearerSecurity, errorResponses } from '../../http/schemas.ts';
import { REGISTRY_READERS } from '../auth/actor.ts';
import { queryAdminAudit } from './admin-audit.repo.ts';

/** Reading the admin audit: registry officers and auditors, each in its area (the central office: all). */
export const adminAuditPolicy = { read: REGISTRY_READERS } as const;

const row = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable().describe('null: the server operator (CLI) or the system (jobs)'),
  actorUsername: z.string().nullable(),
  actorIp: z.string().nullable(),
  requestId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  officeId: z.string().nullable(),
  institutionId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});

const query = z.object({
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  actorId: z.string().max(64).optional(),
  institutionId: z.string().max(64).optional(),
  before: z.coerce.number().int().positive().optional().describe('Cursor: nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function adminAuditRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/admin-audit',
      {
        onRequest: requireRoles(ctx, adminAuditPolicy.read),
        schema: {
          tags: ['admin'],
          summary: 'Read the admin audit: every administrative change with actor, address, before and after',
          security: bearerSecurity,
          querystring: query,
          response: {
            200: z.object({ items: z.array(row), nextCursor: z.number().nullable() }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const q = request.query;
        const { scope } = await actorOf(ctx, request);
        const items = await queryAdminAudit(ctx.db, { ...q, officeIds: scope.officeIds });
        return { items, nextCursor: items.length === q.limit ? items.at(-1)!.id : null };
      },
    );
  };
}
