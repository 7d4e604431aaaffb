import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { queryAdminAudit } from './admin-audit.repo.ts';
import { adminAuditPolicy } from './admin-audit.policy.ts';
import { adminAuditQuery, adminAuditRow } from './admin-audit.schema.ts';

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
          querystring: adminAuditQuery,
          response: {
            200: z.object({ items: z.array(adminAuditRow), nextCursor: z.number().nullable() }),
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
