import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { listInstitutions } from './institutions.repo.ts';
import { institutionPolicy } from './institutions.policy.ts';
import { createInstitutionBody, institutionView, updateInstitutionBody } from './institutions.schema.ts';
import { changeInstitution, createInstitution, loadInstitution } from './institutions.service.ts';

const idParams = z.object({ id: z.string().max(64) });

export function institutionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const read = { onRequest: requireRoles(ctx, institutionPolicy.read) };
    const write = { onRequest: requireRoles(ctx, institutionPolicy.write) };
    const meta = { tags: ['admin'], security: bearerSecurity };

    app.get(
      '/v1/institutions',
      {
        ...read,
        schema: {
          ...meta,
          summary: 'List the institutions the caller oversees (or its own)',
          response: { 200: z.object({ items: z.array(institutionView) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await listInstitutions(ctx.db, (await actorOf(ctx, request)).scope) }),
    );
    app.get(
      '/v1/institutions/:id',
      {
        ...read,
        schema: {
          ...meta,
          summary: 'One institution',
          params: idParams,
          response: { 200: institutionView, ...errorResponses },
        },
      },
      async (request) => loadInstitution(ctx.db, request.params.id, (await actorOf(ctx, request)).scope),
    );
    app.post(
      '/v1/institutions',
      {
        ...write,
        schema: {
          ...meta,
          summary: 'Register a user institution under a managing office',
          body: createInstitutionBody,
          response: { 201: institutionView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await createInstitution(
              { db: ctx.db, now: ctx.clock() },
              await actorOf(ctx, request),
              request.body,
            ),
          ),
    );
    app.patch(
      '/v1/institutions/:id',
      {
        ...write,
        schema: {
          ...meta,
          summary: 'Activate or deactivate an institution, rename it, or set its allowed networks',
          params: idParams,
          body: updateInstitutionBody,
          response: { 200: institutionView, ...errorResponses },
        },
      },
      async (request) =>
        changeInstitution({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
          id: request.params.id,
          ...request.body,
        }),
    );
  };
}
