import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { requireAccount } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { ELEMENT_CODES, ELEMENTS, type ElementCode } from './elements.ts';

const list = ELEMENTS.map((e) => ({
  code: e.code,
  label: e.label,
  kind: e.kind,
  verifiable: !e.lookupOnly,
}));

export function elementRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/elements',
      {
        onRequest: requireAccount(ctx),
        schema: {
          tags: ['reference'],
          summary: 'The master list of data elements: wire code, Indonesian label, how it is compared',
          security: bearerSecurity,
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  code: z.enum(ELEMENT_CODES as [ElementCode, ...ElementCode[]]),
                  label: z.string(),
                  kind: z.string(),
                  verifiable: z.boolean(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async () => ({ items: list }),
    );
  };
}
