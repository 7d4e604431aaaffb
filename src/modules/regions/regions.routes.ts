import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/app.ts';
import { requireRoles } from '../../http/auth.ts';
import { ApiError } from '../../http/errors.ts';
import { bearerSecurity, errorResponses } from '../../http/schemas.ts';
import { regionPolicy } from './regions.policy.ts';
import { regionLineage } from './regions.repo.ts';

/** A regency (91.01 or 9101) or district (91.01.01 or 910101) code, dotted or plain. */
const regionCode = z
  .string()
  .regex(/^\d{2}\.?\d{2}(\.?\d{2})?$/, 'a regency (NN.NN) or district (NN.NN.NN) code')
  .transform((c) => c.replaceAll('.', ''))
  .describe('Regency or district code, dotted (91.01.01) or plain (910101)');

export const lineageView = z.object({
  code: z.string(),
  status: z.enum(['former', 'current', 'unchanged']),
  level: z.string().nullable(),
  formerCode: z.string().nullable(),
  formerName: z.string().nullable(),
  currentCode: z.string(),
  currentName: z.string().nullable(),
  changedOn: z.string().nullable(),
  sources: z.array(z.string()),
});

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
