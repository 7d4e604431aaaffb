import { clip } from '../../lib/text.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerIp } from '../../core/net.ts';
import type { AppContext } from '../../core/context.ts';
import { bearerToken, readToken, sessionCookie } from '../../core/auth.ts';
import { accountForSession } from '../auth/auth.service.ts';
import { ApiError } from '../../core/errors.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { compiledSerializer } from '../../core/serializer.ts';
import { purposeCode } from '../purposes/purposes.ts';
import { ELEMENT_CODES, VERIFIABLE_CODES, type ElementCode } from '../elements/elements.ts';
import type { AccessMethodUsed, CallerContext, CallerRequest } from './access.service.ts';
import { OUTCOMES, type Outcome } from './outcomes.ts';

const nik = z
  .string()
  .regex(/^\d{16}$/, 'NIK must be 16 digits')
  .describe('The NIK asked about');
const purpose = purposeCode
  .optional()
  .describe(
    'Why the data is accessed: a purpose code (GET /v1/purposes) the agreement grants; absent: the ' +
      "agreement's default purpose (recorded as defaulted); a purpose not granted → 403 PURPOSE_NOT_GRANTED",
  );
const elementCode = z.enum(VERIFIABLE_CODES as [ElementCode, ...ElementCode[]]);

export const verificationBody = z.object({
  nik,
  purpose,
  elements: z
    .partialRecord(elementCode, z.string().min(1).max(256))
    .refine((e) => Object.keys(e).length > 0, 'Submit at least one element')
    .describe('The values the institution holds, by element code (wire names, e.g. NAMA_LGKP, TGL_LHR)'),
  threshold: z
    .number()
    .int()
    .min(0)
    .max(100)
    .optional()
    .describe("Similarity threshold; default: the agreement's"),
});

const answeredOutcome = z
  .enum(['FOUND', 'NIK_INVALID_FORMAT', 'NOT_FOUND', 'DECEASED', 'DUPLICATE', 'INACTIVE'])
  .describe('FOUND, or why no data is compared or shown');

const verdict = z.object({
  element: elementCode,
  status: z.enum(['match', 'no_match', 'not_permitted']),
  score: z.number().int().min(0).max(100).optional(),
  threshold: z.number().int().optional(),
  comparison: z.enum(['similarity', 'exact']).optional(),
  normalisation: z.array(z.string()).optional(),
});

export const verificationResponse = z.object({
  requestId: z.string(),
  outcome: answeredOutcome,
  message: z.string(),
  threshold: z.number().int().optional(),
  elements: z.array(verdict).optional(),
});

export const lookupResponse = z.object({
  requestId: z.string(),
  outcome: answeredOutcome,
  message: z.string(),
  elements: z
    .partialRecord(z.enum(ELEMENT_CODES as [ElementCode, ...ElementCode[]]), z.string().nullable())
    .optional()
    .describe('The elements the agreement grants, and only those'),
});

/** Throws the v1 error of a refused access outcome. */
export function refusal(outcome: Outcome): ApiError {
  const o = OUTCOMES[outcome];
  return new ApiError(o.http, o.code, o.message);
}

function bodyField(body: unknown, key: string): unknown {
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
}

/** The stated purpose, if it is a string (another type is refused by the schema afterwards: 400). */
function statedPurpose(body: unknown): string | undefined {
  const p = bodyField(body, 'purpose');
  return typeof p === 'string' && p !== '' ? p : undefined;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Replay protection headers, for OpenAPI (other headers pass through untouched). */
const replayHeaders = z.looseObject({
  'x-client-request-id': z
    .string()
    .optional()
    .describe(
      'Optional client request ID (1–128 of A-Z a-z 0-9 . _ : -); a repeat within the retention window → 409 REPLAYED_REQUEST',
    ),
  'x-client-timestamp': z
    .string()
    .optional()
    .describe('Optional client time, ISO 8601 or epoch ms; outside the allowed skew → 400 STALE_TIMESTAMP'),
});

function requestedKeys(body: unknown): string[] {
  const e = bodyField(body, 'elements');
  return e && typeof e === 'object'
    ? Object.keys(e)
        .slice(0, 64)
        .map((k) => clip(k, 32))
    : [];
}

/**
 * preValidation hook: the caller checks run before the request's shape is validated, so an unauthenticated
 * caller learns nothing about the schema, and a refusal is audited. A later validation failure of an
 * authorized caller is audited through `request.accessRefusal`.
 */
export function authorizeAccess(ctx: AppContext, method: AccessMethodUsed) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const result = await ctx.access.authorize({
      protocol: 'v1',
      method,
      requestId: request.id,
      callerIp: callerIp(request),
      identity: await identityOf(ctx, request, method),
      nik: bodyField(request.body, 'nik'),
      elementsRequested: method === 'verification' ? requestedKeys(request.body) : [],
      replay: {
        clientRequestId: header(request, 'x-client-request-id'),
        clientTimestamp: header(request, 'x-client-timestamp'),
      },
      purpose: statedPurpose(request.body),
    });
    if (!result.ok) throw refusal(result.outcome);
    contexts.set(request, result.ctx);
    request.accessRefusal = (body) =>
      ctx.access.refuse(result.ctx, 'invalid_request', bodyField(body, 'nik'), requestedKeys(body));
  };
}

/**
 * Who calls: the bearer token, or else the portal's session cookie (an operator in the browser). An ended
 * session is audited as a failed login and answered 401 UNAUTHENTICATED, so the portal can say so.
 */
async function identityOf(
  ctx: AppContext,
  request: FastifyRequest,
  method: AccessMethodUsed,
): Promise<CallerRequest['identity']> {
  const cookie = bearerToken(request) === undefined ? sessionCookie(request) : undefined;
  if (!cookie) return { kind: 'token', token: await readToken(ctx, request) };
  const now = ctx.clock();
  const account = await accountForSession(ctx.db, cookie, {
    now,
    idleMinutes: ctx.config.sessionIdleMinutes,
  });
  if (!account) {
    await ctx.access.refuseUnknownCaller(
      { protocol: 'v1', method, requestId: request.id, callerIp: callerIp(request) },
      'login_failed',
    );
    throw ApiError.of('UNAUTHENTICATED', 'Sesi telah berakhir; silakan masuk kembali');
  }
  // The session was checked just now (idle time, password changes), so it is current like a new token.
  return { kind: 'token', token: { accountId: account.id, issuedAt: now.getTime() }, viaSession: true };
}

/**
 * The v1 answer of a verification or look-up: the quota refusal as an error, any other outcome as HTTP 200
 * with its code and message, and what `found` adds when the record was found.
 */
export function answer<R extends { outcome: string }, F extends Extract<R, { outcome: 'found' }>, X>(
  requestId: string,
  result: R,
  found: (r: F) => X,
) {
  if (result.outcome === 'quota_exhausted' || result.outcome === 'balance_exhausted')
    throw refusal(result.outcome);
  const o = OUTCOMES[result.outcome as Exclude<Outcome, 'quota_exhausted' | 'balance_exhausted'>];
  return {
    requestId,
    outcome: o.code as z.infer<typeof answeredOutcome>,
    message: o.message,
    ...(result.outcome === 'found' ? found(result as unknown as F) : {}),
  };
}

const contexts = new WeakMap<FastifyRequest, CallerContext>();
/** The authorized caller of an access route (set by `authorizeAccess`). */
export const callerOf = (request: FastifyRequest): CallerContext => contexts.get(request)!;

export function accessRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/v1/verifications',
      {
        preValidation: authorizeAccess(ctx, 'verification'),
        // The hot path: answers written by a compiled serializer, not checked by zod (core/serializer.ts).
        serializerCompiler: compiledSerializer,
        schema: {
          tags: ['access'],
          summary: 'Verify the data an institution holds about a NIK (Web Service Kesesuaian)',
          description:
            'Per submitted element: match or no_match with a 0–100 score (Levenshtein ratio for text, exact for ' +
            'dates, sex and codes), the threshold used and the normalisation applied to the submitted value. ' +
            'Elements the agreement does not grant are answered not_permitted and never compared. Takes one hit.',
          security: bearerSecurity,
          headers: replayHeaders,
          body: verificationBody,
          response: { 200: verificationResponse, ...errorResponses },
        },
      },
      async (request) => {
        const result = await ctx.access.verify(contexts.get(request)!, {
          nik: request.body.nik,
          submitted: request.body.elements,
          threshold: request.body.threshold,
        });
        return answer(request.id, result, (found) => ({
          threshold: found.threshold,
          elements: found.elements,
        }));
      },
    );

    app.post(
      '/v1/lookups',
      {
        preValidation: authorizeAccess(ctx, 'portal'),
        serializerCompiler: compiledSerializer,
        schema: {
          tags: ['access'],
          summary: 'Look up a NIK: the granted elements only, or why none are shown (the portal data path)',
          description: 'Needs the portal method in the agreement. Takes one hit.',
          security: bearerSecurity,
          headers: replayHeaders,
          body: z.object({ nik, purpose }),
          response: { 200: lookupResponse, ...errorResponses },
        },
      },
      async (request) => {
        const result = await ctx.access.lookup(contexts.get(request)!, { nik: request.body.nik });
        return answer(request.id, result, (found) => ({
          elements: Object.fromEntries(found.elements.map((e) => [e.code, e.value])),
        }));
      },
    );
  };
}
