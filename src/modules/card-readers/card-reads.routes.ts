import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/app.ts';
import { bearerSecurity, errorResponses } from '../../http/schemas.ts';
import { answer, authorizeAccess, callerOf, lookupResponse, refusal } from '../access/access.routes.ts';
import { checkCardRead } from './card-reads.ts';
import { CARD_READ_PATH } from './card-reads.signing.ts';

export const cardReadBody = z.object({
  nik: z
    .string()
    .regex(/^\d{16}$/, 'NIK must be 16 digits')
    .describe('The NIK read from the KTP-el chip'),
  readerSerial: z
    .string()
    .regex(/^[A-Za-z0-9._-]{3,64}$/)
    .describe('The serial of the registered reader'),
  samId: z
    .string()
    .regex(/^sam_[a-z2-7]{16}$/)
    .describe('The SAM card in the reader'),
  timestamp: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/)
    .describe('When the card was read, ISO 8601 UTC; within 5 minutes of the server’s clock'),
  nonce: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/)
    .describe('16–64 of A-Z a-z 0-9 _ -, never repeated by the SAM'),
  signature: z
    .string()
    .regex(/^[A-Za-z0-9+/]{86}==$/)
    .describe('Ed25519 signature by the SAM’s key over the canonical form, base64 (see README)'),
});

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
