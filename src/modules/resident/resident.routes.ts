import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { callerIp } from '../../core/net.ts';
import type { AppContext } from '../../core/context.ts';
import { ApiError } from '../../core/errors.ts';
import { errorResponses } from '../../core/schemas.ts';
import {
  endResidentSession,
  requestCode,
  residentCsrfToken,
  residentOfSession,
  signInWithCode,
} from './resident.auth.ts';
import { DevCodeSink, type CodeSender } from './resident.delivery.ts';
import { residentHistoryPdf } from './resident.document.ts';
import { residentHistory, visibleRecord } from './resident.history.ts';
import { ELEMENTS } from '../elements/elements.ts';
import { nik, historyItem } from './resident.schema.ts';

/** The resident's session cookie: a principal of its own, sent only to /v1/resident. */
export const RESIDENT_COOKIE = 'gerbang_resident';
export const residentSecurity = [{ residentSession: [] }];

function residentCookie(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === RESIDENT_COOKIE) {
      const value = rest.join('=');
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

const residents = new WeakMap<FastifyRequest, { nik: string; cookie: string }>();
/** The signed-in resident's NIK (after `requireResident`). */
export const residentOf = (request: FastifyRequest) => residents.get(request)!;

/**
 * onRequest: only a live resident session opens a resident route — never an account's token or session —
 * and a change needs the session's own CSRF token (X-CSRF-Token).
 */
export function requireResident(ctx: AppContext) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const cookie = residentCookie(request);
    const nikOf = cookie
      ? await residentOfSession(ctx.db, cookie, {
          now: ctx.clock(),
          idleMinutes: ctx.config.sessionIdleMinutes,
        })
      : null;
    if (!cookie || !nikOf) throw ApiError.of('UNAUTHENTICATED', 'Silakan masuk dengan NIK dan kode');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const sent = request.headers['x-csrf-token'];
      const expected = Buffer.from(residentCsrfToken(ctx.config.tokenSecret, cookie));
      const given = Buffer.from(typeof sent === 'string' ? sent : '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new ApiError(
          403,
          'CSRF_FAILED',
          'The X-CSRF-Token header is missing or wrong; reload the page',
        );
      }
    }
    residents.set(request, { nik: nikOf, cookie });
  };
}

const SIGNED_IN = 'Jika NIK terdaftar dan memiliki kontak, kode masuk telah dikirim ke kontak tersebut';

export function residentRoutes(ctx: AppContext, sender: CodeSender): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['resident'] };
    app.post(
      '/v1/resident/sign-in/code',
      {
        schema: {
          ...meta,
          security: [],
          summary: 'Ask for a one-time sign-in code for a NIK (sent to the contact the registry holds)',
          description:
            'Always the same 202 answer, whether the NIK exists or has a contact. Limited per NIK and per ' +
            'address (429 RATE_LIMITED).',
          body: z.object({ nik }),
          response: { 202: z.object({ message: z.string() }), ...errorResponses },
        },
      },
      async (request, reply) => {
        await requestCode(ctx.db, {
          nik: request.body.nik,
          ip: callerIp(request),
          now: ctx.clock(),
          secret: ctx.config.tokenSecret,
          sender,
          onError: (err) => request.log.warn({ err }, 'resident code not delivered'),
        });
        return reply.code(202).send({ message: SIGNED_IN });
      },
    );

    app.post(
      '/v1/resident/sign-in',
      {
        schema: {
          ...meta,
          security: [],
          summary: 'Sign a resident in with the NIK and the code: sets the resident session cookie',
          description:
            'HttpOnly, Secure, SameSite=Strict cookie valid only on /v1/resident, ending after ' +
            'SESSION_IDLE_MINUTES idle. Wrong, expired or unknown: 401 (the same for any NIK); after 5 failures ' +
            'per NIK or 20 per address in 30 minutes: 429 RATE_LIMITED.',
          body: z.object({ nik, code: z.string().regex(/^\d{6}$/, 'six digits') }),
          response: {
            201: z.object({ csrfToken: z.string(), idleMinutes: z.number() }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const value = await signInWithCode(ctx.db, {
          nik: request.body.nik,
          code: request.body.code,
          ip: callerIp(request),
          now: ctx.clock(),
          secret: ctx.config.tokenSecret,
        });
        reply.header(
          'set-cookie',
          `${RESIDENT_COOKIE}=${value}; Path=/v1/resident; HttpOnly; Secure; SameSite=Strict`,
        );
        return reply.code(201).send({
          csrfToken: residentCsrfToken(ctx.config.tokenSecret, value),
          idleMinutes: ctx.config.sessionIdleMinutes,
        });
      },
    );

    app.post(
      '/v1/resident/sign-out',
      {
        onRequest: requireResident(ctx),
        schema: {
          ...meta,
          security: residentSecurity,
          summary: 'End the resident session',
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await endResidentSession(ctx.db, residentOf(request).cookie, ctx.clock());
        reply.header(
          'set-cookie',
          `${RESIDENT_COOKIE}=; Path=/v1/resident; HttpOnly; Secure; SameSite=Strict; Max-Age=0`,
        );
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/v1/resident/history',
      {
        onRequest: requireResident(ctx),
        schema: {
          ...meta,
          security: residentSecurity,
          summary: 'Every access to the signed-in resident\'s NIK, newest first ("Cek akses data saya")',
          description:
            'Every path (web service, portal, wire), refused attempts too; element names, never values. An ' +
            'access under a covert agreement appears once its disclosure delay has passed.',
          querystring: z.object({
            before: z.coerce
              .number()
              .int()
              .positive()
              .optional()
              .describe('Cursor: nextCursor of the previous page'),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: {
            200: z.object({ items: z.array(historyItem), nextCursor: z.number().nullable() }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const items = await residentHistory(ctx.db, {
          nik: residentOf(request).nik,
          now: ctx.clock(),
          before: request.query.before,
          limit: request.query.limit,
        });
        return { items, nextCursor: items.length === request.query.limit ? items.at(-1)!.id : null };
      },
    );

    app.get(
      '/v1/resident/session',
      {
        onRequest: requireResident(ctx),
        schema: {
          ...meta,
          security: residentSecurity,
          summary:
            "The signed-in resident's session: its CSRF token again (after a reload) and the idle time",
          response: {
            200: z.object({ csrfToken: z.string(), idleMinutes: z.number() }),
            ...errorResponses,
          },
        },
      },
      async (request) => ({
        csrfToken: residentCsrfToken(ctx.config.tokenSecret, residentOf(request).cookie),
        idleMinutes: ctx.config.sessionIdleMinutes,
      }),
    );

    app.get(
      '/v1/resident/elements',
      {
        onRequest: requireResident(ctx),
        schema: {
          ...meta,
          security: residentSecurity,
          summary:
            "The data elements' Indonesian labels, to name what a record disclosed (names, never values)",
          response: {
            200: z.object({ items: z.array(z.object({ code: z.string(), label: z.string() })) }),
            ...errorResponses,
          },
        },
      },
      async () => ({ items: ELEMENTS.map((e) => ({ code: e.code, label: e.label })) }),
    );

    app.get(
      '/v1/resident/history/document',
      {
        onRequest: requireResident(ctx),
        schema: {
          ...meta,
          security: residentSecurity,
          summary:
            "The signed-in resident's history as a formal Indonesian PDF (element names, never values)",
          description:
            'The NIK masked but for its last four digits; the covert disclosure delay applies as on screen; ' +
            `newest first, at most the 5,000 newest records.`,
          querystring: z.object({ format: z.enum(['pdf']).default('pdf') }),
          produces: ['application/pdf'],
          response: { 200: z.string().describe('the PDF document'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const now = ctx.clock();
        const pdf = await residentHistoryPdf(ctx.db, { nik: residentOf(request).nik, now });
        return reply
          .header('content-type', 'application/pdf')
          .header(
            'content-disposition',
            `attachment; filename="riwayat-akses-${now.toISOString().slice(0, 10)}.pdf"`,
          )
          .send(Buffer.from(pdf) as unknown as string);
      },
    );

    app.get(
      '/v1/resident/history/:id',
      {
        onRequest: requireResident(ctx),
        schema: {
          ...meta,
          security: residentSecurity,
          summary:
            "One record of the signed-in resident's history (404 for any other, or one not yet disclosed)",
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 200: historyItem, ...errorResponses },
        },
      },
      async (request) => {
        const item = await visibleRecord(ctx.db, {
          nik: residentOf(request).nik,
          now: ctx.clock(),
          id: request.params.id,
        });
        if (!item) throw ApiError.of('NOT_FOUND', 'Catatan tidak ditemukan');
        return item;
      },
    );

    app.get(
      '/v1/resident/dev/outbox',
      {
        schema: {
          ...meta,
          security: [],
          summary: 'Development sink: the sign-in codes not sent (demo and development only; 404 otherwise)',
          response: {
            200: z.object({ items: z.array(z.object({ to: z.string(), code: z.string(), at: z.string() })) }),
            ...errorResponses,
          },
        },
      },
      async () => {
        if (!(sender instanceof DevCodeSink) || ctx.config.env === 'production') {
          throw ApiError.of('NOT_FOUND', 'No development sink here');
        }
        return { items: sender.sent };
      },
    );
  };
}
