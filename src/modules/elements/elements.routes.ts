import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/app.ts';
import { requireAccount } from '../../http/auth.ts';
import { bearerSecurity, errorResponses } from '../../http/schemas.ts';
import { ELEMENTS } from './elements.ts';

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
                z.object({ code: z.string(), label: z.string(), kind: z.string(), verifiable: z.boolean() }),
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
