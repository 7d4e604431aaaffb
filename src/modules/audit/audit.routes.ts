import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/app.ts';
import { actorOf, requireRoles } from '../../http/auth.ts';
import { bearerSecurity, errorResponses } from '../../http/schemas.ts';
import { OUTCOME_NAMES, type Outcome } from '../access/outcomes.ts';
import { scopedInstitutionFilter, SCOPED_READERS } from '../auth/actor.ts';
import { queryAudit } from './audit.repo.ts';

const auditRow = z.object({
  id: z.number(),
  at: z.string(),
  requestId: z.string(),
  protocol: z.string(),
  method: z.string(),
  institutionId: z.string().nullable(),
  accountId: z.string().nullable(),
  username: z.string().nullable(),
  nik: z.string().nullable(),
  elementsRequested: z.array(z.string()),
  elementsReturned: z.array(z.string()),
  outcome: z.string(),
  callerIp: z.string(),
  agreementVersionId: z.string().nullable().describe('The agreement version the attempt was judged against'),
});

export const auditQuery = z.object({
  institutionId: z.string().max(64).optional(),
  accountId: z.string().max(64).optional(),
  nik: z
    .string()
    .regex(/^\d{16}$/)
    .optional(),
  outcome: z.enum(OUTCOME_NAMES as [Outcome, ...Outcome[]]).optional(),
  protocol: z.enum(['v1', 'wire']).optional(),
  method: z.enum(['verification', 'portal']).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Inclusive, ISO 8601'),
  to: z.iso.datetime({ offset: true }).optional().describe('Exclusive, ISO 8601'),
  before: z.coerce.number().int().positive().optional().describe('Cursor: nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function auditRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/audit',
      {
        // Officers and auditors in their area; an institution's head and admin their own institution's rows.
        onRequest: requireRoles(ctx, SCOPED_READERS),
        schema: {
          tags: ['admin'],
          summary: 'Read the access audit: every verification and look-up attempt, refused ones included',
          security: bearerSecurity,
          querystring: auditQuery,
          response: {
            200: z.object({ items: z.array(auditRow), nextCursor: z.number().nullable() }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const q = request.query;
        const { scope } = await actorOf(ctx, request);
        const institutionId = scopedInstitutionFilter(scope, q.institutionId);
        if (institutionId === null) return { items: [], nextCursor: null };
        const items = await queryAudit(ctx.db, { ...q, institutionId, officeIds: scope.officeIds });
        return { items, nextCursor: items.length === q.limit ? items.at(-1)!.id : null };
      },
    );
  };
}
