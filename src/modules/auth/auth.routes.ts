import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/app.ts';
import { requireAccount } from '../../http/auth.ts';
import { ApiError } from '../../http/errors.ts';
import { errorResponses } from '../../http/schemas.ts';
import { wibDay } from '../../lib/time.ts';
import { findAccountForLogin } from '../accounts/accounts.repo.ts';
import { verifyPassword } from './password.ts';

const accountView = z.object({
  id: z.string(),
  username: z.string(),
  role: z.enum(['operator', 'central_officer', 'office_officer']),
  fullName: z.string(),
  institutionId: z.string().nullable(),
  officeId: z.string().nullable(),
});

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/v1/auth/token',
      {
        schema: {
          tags: ['auth'],
          summary: 'Exchange a user ID and password for a bearer token',
          body: z.object({ username: z.string().min(1).max(128), password: z.string().min(1).max(256) }),
          response: {
            200: z.object({
              token: z.string(),
              tokenType: z.literal('Bearer'),
              expiresAt: z.string(),
              account: accountView,
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { username, password } = request.body;
        const found = await findAccountForLogin(ctx.db, username);
        // One answer for an unknown user and a wrong password.
        if (!(await verifyPassword(found?.passwordHash ?? null, password)) || !found) {
          throw ApiError.of('UNAUTHENTICATED', 'Gagal login: user ID atau password salah');
        }
        if (!found.isActive) throw ApiError.of('FORBIDDEN', 'User ID non aktif, silahkan menghubungi Admin');
        const { token, expiresAt } = await ctx.tokens.issue(found.id, ctx.clock());
        return {
          token,
          tokenType: 'Bearer' as const,
          expiresAt: expiresAt.toISOString(),
          account: accountView.parse(found),
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
          security: [{ bearer: [] }],
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
  };
}
