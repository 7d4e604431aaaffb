import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireRoles } from '../../core/auth.ts';
import { scopedInstitutionFilter } from '../../core/actor.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { agreementPolicy } from './agreements.policy.ts';
import { listAgreements } from './agreements.repo.ts';
import { agreementView, createAgreementBody, updateAgreementBody } from './agreements.schema.ts';
import { changeAgreement, createAgreement, loadAgreement } from './agreements.service.ts';

const idParams = z.object({ id: z.string().max(64) });

export function agreementRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const read = { onRequest: requireRoles(ctx, agreementPolicy.read) };
    const write = { onRequest: requireRoles(ctx, agreementPolicy.write) };
    const meta = { tags: ['admin'], security: bearerSecurity };

    app.get(
      '/v1/agreements',
      {
        ...read,
        schema: {
          ...meta,
          summary: 'List agreements (PKS), optionally of one institution',
          querystring: z.object({ institutionId: z.string().max(64).optional() }),
          response: { 200: z.object({ items: z.array(agreementView) }), ...errorResponses },
        },
      },
      async (request) => {
        const { scope } = await actorOf(ctx, request);
        const institutionId = scopedInstitutionFilter(scope, request.query.institutionId);
        if (institutionId === null) return { items: [] };
        return { items: await listAgreements(ctx.db, { institutionId, officeIds: scope.officeIds }) };
      },
    );
    app.get(
      '/v1/agreements/:id',
      {
        ...read,
        schema: {
          ...meta,
          summary: 'One agreement',
          params: idParams,
          response: { 200: agreementView, ...errorResponses },
        },
      },
      async (request) => loadAgreement(ctx.db, request.params.id, (await actorOf(ctx, request)).scope),
    );
    app.post(
      '/v1/agreements',
      {
        ...write,
        schema: {
          ...meta,
          summary: 'Record a signed agreement: numbers, purpose, granted elements and methods, period, hours',
          body: createAgreementBody,
          response: { 201: agreementView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await createAgreement({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
            ...request.body,
            configThreshold: ctx.config.defaultThreshold,
          }),
        ),
    );
    app.patch(
      '/v1/agreements/:id',
      {
        ...write,
        schema: {
          ...meta,
          summary:
            'Change what detected misuse leads to under an agreement (its status changes through the lifecycle routes)',
          params: idParams,
          body: updateAgreementBody,
          response: { 200: agreementView, ...errorResponses },
        },
      },
      async (request) =>
        changeAgreement({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
          id: request.params.id,
          ...request.body,
        }),
    );
  };
}
