import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireAccount, SESSION_COOKIE, sessionCookie } from '../../core/auth.ts';
import { csrfTokenFor } from '../../core/csrf.ts';
import { errorResponses } from '../../core/schemas.ts';
import { wibDay } from '../../lib/time.ts';
import { roleEnum } from '../accounts/accounts.schema.ts';
import { agreementsInForce } from '../agreements/agreements.repo.ts';
import { accessMethods, elementCodes } from '../agreements/agreements.schema.ts';
import { getInstitution } from '../institutions/institutions.repo.ts';
import { PASSWORD_MIN_LENGTH } from './password.ts';
import {
  changeOwnPassword,
  confirmTotp,
  endSessionByValue,
  enrolTotp,
  signIn,
  startSession,
} from './auth.service.ts';

const accountView = z.object({
  id: z.string(),
  username: z.string(),
  role: roleEnum,
  fullName: z.string(),
  institutionId: z.string().nullable(),
  officeId: z.string().nullable(),
  mustChangePassword: z
    .boolean()
    .describe('Issued with a one-time password: change it (POST /v1/auth/password) before anything else'),
});

const credentials = z.object({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(256),
  totp: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .describe('The current TOTP code, when the account has enrolled a second factor'),
});

const security = [{ bearer: [] }];

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const signInOpts = (request: { ip: string; id: string }) => ({
      config: ctx.config,
      now: ctx.clock(),
      ip: request.ip,
      requestId: request.id,
    });

    app.post(
      '/v1/auth/token',
      {
        schema: {
          tags: ['auth'],
          summary: 'Exchange a user ID and password (and TOTP code, if enrolled) for a bearer token',
          body: credentials,
          response: {
            200: z.object({
              token: z.string(),
              tokenType: z.literal('Bearer'),
              expiresAt: z.string(),
              account: accountView,
              mustChangePassword: z.boolean(),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const account = await signIn(ctx.db, request.body, signInOpts(request));
        const { token, expiresAt } = await ctx.tokens.issue(account.id, ctx.clock());
        return {
          token,
          tokenType: 'Bearer' as const,
          expiresAt: expiresAt.toISOString(),
          account: accountView.parse(account),
          mustChangePassword: account.mustChangePassword,
        };
      },
    );

    app.post(
      '/v1/auth/session',
      {
        schema: {
          tags: ['auth'],
          summary:
            'Sign a person in for the browser: sets an HttpOnly, Secure, SameSite=Strict session cookie that ' +
            'ends after SESSION_IDLE_MINUTES without a request',
          body: credentials,
          response: {
            201: z.object({
              account: accountView,
              idleMinutes: z.number(),
              csrfToken: z.string().describe('Send as X-CSRF-Token on every change made with the cookie'),
              mustChangePassword: z.boolean(),
            }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const account = await signIn(ctx.db, request.body, signInOpts(request));
        const value = await startSession(ctx.db, account, { now: ctx.clock(), ip: request.ip });
        reply.header('set-cookie', `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; Secure; SameSite=Strict`);
        return reply.code(201).send({
          account: accountView.parse(account),
          idleMinutes: ctx.config.sessionIdleMinutes,
          csrfToken: csrfTokenFor(ctx.config.tokenSecret, value),
          mustChangePassword: account.mustChangePassword,
        });
      },
    );

    app.get(
      '/v1/auth/csrf',
      {
        onRequest: requireAccount(ctx),
        schema: {
          tags: ['auth'],
          summary: "The browser session's CSRF token (after a page reload), for the X-CSRF-Token header",
          security,
          response: {
            200: z.object({
              csrfToken: z.string().nullable().describe('null for a bearer-token caller, who needs none'),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const value = sessionCookie(request);
        const viaSession = value !== undefined && request.principal!.via === 'session';
        return { csrfToken: viaSession ? csrfTokenFor(ctx.config.tokenSecret, value) : null };
      },
    );

    app.delete(
      '/v1/auth/session',
      {
        onRequest: requireAccount(ctx),
        schema: {
          tags: ['auth'],
          summary: 'Sign out: ends the browser session of the cookie and clears the cookie',
          security,
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const value = sessionCookie(request);
        if (value && request.principal!.via === 'session') {
          await endSessionByValue(ctx.db, value, ctx.clock());
        }
        reply.header(
          'set-cookie',
          `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`,
        );
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/v1/auth/totp',
      {
        onRequest: requireAccount(ctx),
        schema: {
          tags: ['auth'],
          summary: 'Enrol a TOTP second factor: a new secret and its otpauth URI (confirm with /verify)',
          security,
          response: { 201: z.object({ secret: z.string(), uri: z.string() }), ...errorResponses },
        },
      },
      async (request, reply) => reply.code(201).send(await enrolTotp(ctx.db, request.principal!.account)),
    );

    app.post(
      '/v1/auth/totp/verify',
      {
        onRequest: requireAccount(ctx),
        schema: {
          tags: ['auth'],
          summary: 'Confirm TOTP enrolment with a current code; from then on sign-in needs a code',
          security,
          body: z.object({ code: z.string().regex(/^\d{6}$/) }),
          response: { 200: z.object({ totpEnabled: z.literal(true) }), ...errorResponses },
        },
      },
      async (request) => {
        await confirmTotp({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), request.body.code);
        return { totpEnabled: true as const };
      },
    );

    app.post(
      '/v1/auth/password',
      {
        onRequest: requireAccount(ctx),
        schema: {
          tags: ['auth'],
          summary:
            'Change the signed-in person’s password (required after a one-time password). Every earlier token ' +
            'and session ends; the answer carries a new token (bearer) or sets a new session cookie (browser)',
          security,
          body: z.object({
            currentPassword: z.string().min(1).max(256),
            newPassword: z
              .string()
              .min(PASSWORD_MIN_LENGTH, `Minimal ${PASSWORD_MIN_LENGTH} karakter`)
              .max(256),
          }),
          response: {
            200: z.object({
              account: accountView,
              token: z
                .object({ token: z.string(), tokenType: z.literal('Bearer'), expiresAt: z.string() })
                .nullable()
                .describe('A new bearer token when the request came with one; null for a browser session'),
            }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const now = ctx.clock();
        const account = await changeOwnPassword({ db: ctx.db, now }, await actorOf(ctx, request), {
          ...request.body,
          attempt: signInOpts(request),
        });
        if (request.principal!.via === 'session') {
          const value = await startSession(ctx.db, account, { now, ip: request.ip });
          reply.header('set-cookie', `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; Secure; SameSite=Strict`);
          return { account: accountView.parse(account), token: null };
        }
        const { token, expiresAt } = await ctx.tokens.issue(account.id, now);
        return {
          account: accountView.parse(account),
          token: { token, tokenType: 'Bearer' as const, expiresAt: expiresAt.toISOString() },
        };
      },
    );

    app.get(
      '/v1/me',
      {
        onRequest: requireAccount(ctx),
        schema: {
          tags: ['auth'],
          summary: "The caller's account and today's quota (WIB day)",
          security,
          response: {
            200: accountView.extend({
              quota: z.object({ day: z.string(), limit: z.number().nullable(), used: z.number() }),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const account = request.principal!.account;
        const day = wibDay(ctx.clock());
        const used = await ctx.quota.used(account.id, day);
        return { ...accountView.parse(account), quota: { day, limit: account.dailyQuota, used } };
      },
    );

    app.get(
      '/v1/me/access',
      {
        onRequest: requireAccount(ctx),
        schema: {
          tags: ['auth'],
          summary:
            "What the caller's institution may do today (WIB day): its state and the agreements in force",
          description:
            'For the portal to offer only what the agreement grants. `state` names the first reason an access ' +
            'attempt would be refused before any NIK is read, in the order the gateway checks them ' +
            '(`institution_inactive`, `account_inactive`, `agreement_not_in_force`), else `ok`; `no_institution` ' +
            'for registry accounts. `methods` are the access methods granted by the agreements in force. The ' +
            'network, hours, gates and quota are checked per request.',
          security,
          response: {
            200: z.object({
              state: z.enum([
                'ok',
                'no_institution',
                'institution_inactive',
                'account_inactive',
                'agreement_not_in_force',
              ]),
              institution: z
                .object({ id: z.string(), code: z.string(), name: z.string(), isActive: z.boolean() })
                .nullable(),
              methods: accessMethods,
              agreements: z.array(
                z.object({
                  id: z.string(),
                  registryNumber: z.string(),
                  status: z.string(),
                  startDate: z.string(),
                  endDate: z.string(),
                  methods: accessMethods,
                  elements: elementCodes,
                  allowedHoursStart: z.string().nullable(),
                  allowedHoursEnd: z.string().nullable(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const account = request.principal!.account;
        const institution = account.institutionId
          ? await getInstitution(ctx.db, account.institutionId)
          : null;
        if (!institution)
          return { state: 'no_institution' as const, institution: null, methods: [], agreements: [] };
        const inForce = await agreementsInForce(ctx.db, institution.id, wibDay(ctx.clock()));
        const state = !institution.isActive
          ? ('institution_inactive' as const)
          : !account.isActive
            ? ('account_inactive' as const)
            : inForce.length === 0
              ? ('agreement_not_in_force' as const)
              : ('ok' as const);
        return {
          state,
          institution: {
            id: institution.id,
            code: institution.code,
            name: institution.name,
            isActive: institution.isActive,
          },
          methods: state === 'ok' ? [...new Set(inForce.flatMap((a) => a.methods))].sort() : [],
          agreements: inForce.map((a) => ({
            id: a.id,
            registryNumber: a.registryNumber,
            status: a.status,
            startDate: a.startDate,
            endDate: a.endDate,
            methods: a.methods,
            elements: a.elements,
            allowedHoursStart: a.allowedHoursStart,
            allowedHoursEnd: a.allowedHoursEnd,
          })),
        };
      },
    );
  };
}
