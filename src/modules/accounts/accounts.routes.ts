import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireRoles } from '../../core/auth.ts';
import { scopedInstitutionFilter } from '../../core/actor.ts';
import { accountPolicy } from './accounts.policy.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { listAccounts } from './accounts.repo.ts';
import { accountView, createAccountBody, updateAccountBody } from './accounts.schema.ts';
import { changeAccount, createAccount, loadAccount } from './accounts.service.ts';

const idParams = z.object({ id: z.string().max(64) });

export function accountRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const read = { onRequest: requireRoles(ctx, accountPolicy.read) };
    const write = { onRequest: requireRoles(ctx, accountPolicy.write) };
    const meta = { tags: ['admin'], security: bearerSecurity };

    app.get(
      '/v1/accounts',
      {
        ...read,
        schema: {
          ...meta,
          summary: 'List user accounts, optionally of one institution',
          querystring: z.object({ institutionId: z.string().max(64).optional() }),
          response: { 200: z.object({ items: z.array(accountView) }), ...errorResponses },
        },
      },
      async (request) => {
        const { scope } = await actorOf(ctx, request);
        const institutionId = scopedInstitutionFilter(scope, request.query.institutionId);
        if (institutionId === null) return { items: [] };
        return { items: await listAccounts(ctx.db, { institutionId, officeIds: scope.officeIds }) };
      },
    );
    app.get(
      '/v1/accounts/:id',
      {
        ...read,
        schema: {
          ...meta,
          summary: 'One user account',
          params: idParams,
          response: { 200: accountView, ...errorResponses },
        },
      },
      async (request) => loadAccount(ctx.db, request.params.id, (await actorOf(ctx, request)).scope),
    );
    app.post(
      '/v1/accounts',
      {
        ...write,
        schema: {
          ...meta,
          summary: 'Issue a user ID: an operator of an institution (with its daily quota) or an officer',
          body: createAccountBody,
          response: { 201: accountView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await createAccount({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), request.body),
          ),
    );
    app.patch(
      '/v1/accounts/:id',
      {
        ...write,
        schema: {
          ...meta,
          summary: 'Activate or deactivate a user ID, set its daily quota, or reset its password',
          params: idParams,
          body: updateAccountBody,
          response: { 200: accountView, ...errorResponses },
        },
      },
      async (request) =>
        changeAccount({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
          id: request.params.id,
          ...request.body,
        }),
    );
  };
}
