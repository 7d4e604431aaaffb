import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { requireRoles } from '../../core/auth.ts';
import { ApiError } from '../../core/errors.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { regionPolicy } from './regions.policy.ts';
import { regionLineage } from './regions.repo.ts';
import { regionCode, lineageView } from './regions.schema.ts';

export function regionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/regions/:code/lineage',
      {
        onRequest: requireRoles(ctx, regionPolicy.read),
        schema: {
          tags: ['admin'],
          summary:
            'Region-code lineage: the former and the current code of a regency or district moved by a split ' +
            '(pemekaran), e.g. 91.01.01 (Papua, before UU 14/2022) and 93.01.01 (Papua Selatan)',
          security: bearerSecurity,
          params: z.object({ code: regionCode }),
          response: { 200: lineageView, ...errorResponses },
        },
      },
      async (request) => {
        const view = await regionLineage(ctx.db, request.params.code);
        if (!view) throw ApiError.of('NOT_FOUND', 'No such region code, current or former');
        return view;
      },
    );
  };
}
