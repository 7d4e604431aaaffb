import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { compiledSerializer } from '../../core/serializer.ts';
import { answer, authorizeAccess, callerOf, lookupResponse, refusal } from '../access/access.routes.ts';
import { checkCardRead } from './card-reads.ts';
import { CARD_READ_PATH } from './card-reads.signing.ts';
import { cardReadBody } from './card-readers.schema.ts';

/**
 * `POST /v1/card-reads`: a KTP-el card reader's look-up. The operator signs in as for any access route (bearer
 * token or session); the same AccessService path decides the caller (method card_reader), then the reader's
 * own checks (card-reads.ts), then the look-up: quota, record, granted elements only, audited with method
 * card_reader.
 */
export function cardReadRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      CARD_READ_PATH,
      {
        preValidation: authorizeAccess(ctx, 'card_reader'),
        serializerCompiler: compiledSerializer,
        schema: {
          tags: ['access'],
          summary: 'Look up the NIK read from a KTP-el card, signed by the reader’s SAM (Card Reader method)',
          description:
            'Needs the card_reader method in the agreement and an active SAM in the registered reader. The ' +
            'signature covers the canonical form (README, "Card readers"); a replayed nonce or a timestamp ' +
            'outside ±5 minutes is refused. Answers the granted elements only. Takes one hit.',
          security: bearerSecurity,
          body: cardReadBody,
          response: { 200: lookupResponse, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const refused = await checkCardRead(ctx.db, caller, request.body);
        if (refused) {
          await ctx.access.refuse(caller, refused, request.body.nik, []);
          throw refusal(refused);
        }
        const result = await ctx.access.lookup(caller, { nik: request.body.nik });
        return answer(request.id, result, (found) => ({
          elements: Object.fromEntries(found.elements.map((e) => [e.code, e.value])),
        }));
      },
    );
  };
}
