import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { getPolicy, setPolicy } from './document-validity.repo.ts';
import { documentValidityPolicy } from './document-validity.policy.ts';
import { policyView, policyBody } from './document-validity.schema.ts';

export function documentValidityRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['compliance'], security: bearerSecurity };
    app.get(
      '/v1/document-validity-policy',
      {
        onRequest: requireRoles(ctx, documentValidityPolicy.read),
        schema: {
          ...meta,
          summary: 'When the SPTJM and NDAs must be signed again (besides amendments, extensions, changes)',
          response: { 200: policyView, ...errorResponses },
        },
      },
      async () => getPolicy(ctx.db),
    );
    app.patch(
      '/v1/document-validity-policy',
      {
        onRequest: requireRoles(ctx, documentValidityPolicy.set),
        schema: {
          ...meta,
          summary: 'Turn yearly re-signing on or off; set the grace period',
          body: policyBody,
          response: { 200: policyView, ...errorResponses },
        },
      },
      async (request) => {
        const actor = await actorOf(ctx, request);
        const now = ctx.clock();
        return ctx.db.transaction(async (tx) => {
          const before = await getPolicy(tx);
          const after = await setPolicy(tx, { ...request.body, by: actor.account?.id ?? null, now });
          await recordAdminChange({ db: tx, now }, actor, {
            action: 'document_validity_policy.update',
            entityType: 'document_validity_policy',
            entityId: 'default',
            officeId: null,
            before,
            after,
          });
          return after;
        });
      },
    );
  };
}
