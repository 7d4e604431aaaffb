import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actingOf, actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { UPLOAD_BODY_LIMIT } from '../documents/documents.upload.ts';
import { centralMouPolicy as policy } from './central-mous.policy.ts';
import {
  centralBodyView,
  mouView,
  parentView,
  registerMouBody,
  setParentBody,
} from './central-mous.schema.ts';
import {
  findCentralBodies,
  findMous,
  getVerticalParent,
  registerMou,
  setParent,
} from './central-mous.service.ts';

const idParams = z.object({ id: z.string().max(64) });

export function centralMouRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['central MoUs'], security: bearerSecurity };

    app.post(
      '/v1/central-mous',
      {
        onRequest: requireRoles(ctx, policy.register),
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          ...meta,
          summary:
            'Register an MoU a central body holds with Ditjen Dukcapil (number, dates, the signed document)',
          body: registerMouBody,
          response: { 201: mouView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply
          .code(201)
          .send(await registerMou({ db: ctx.db, now: acting.now }, acting.actor, request.body));
      },
    );
    app.get(
      '/v1/central-mous',
      {
        onRequest: requireRoles(ctx, policy.read),
        schema: {
          ...meta,
          summary: 'The register of central MoUs',
          response: { 200: z.object({ items: z.array(mouView) }), ...errorResponses },
        },
      },
      async () => ({ items: await findMous(ctx.db) }),
    );
    app.get(
      '/v1/central-bodies',
      {
        onRequest: requireRoles(ctx, policy.read),
        schema: {
          ...meta,
          summary:
            'Central bodies, each with its MoU in force today and how many institutions name it as parent',
          response: { 200: z.object({ items: z.array(centralBodyView) }), ...errorResponses },
        },
      },
      async () => ({ items: await findCentralBodies(ctx.db, ctx.clock()) }),
    );
    app.get(
      '/v1/institutions/:id/vertical-parent',
      {
        onRequest: requireRoles(ctx, policy.readParent),
        schema: {
          ...meta,
          summary:
            'The institution’s vertical central body, its MoU in force, and whether the MoU rule covers it',
          params: idParams,
          response: { 200: parentView, ...errorResponses },
        },
      },
      async (request) =>
        getVerticalParent(ctx.db, request.params.id, (await actorOf(ctx, request)).scope, ctx.clock()),
    );
    app.patch(
      '/v1/institutions/:id/vertical-parent',
      {
        onRequest: requireRoles(ctx, policy.setParent),
        schema: {
          ...meta,
          summary: 'Set (or clear) the institution’s vertical central body',
          params: idParams,
          body: setParentBody,
          response: { 200: parentView, ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return setParent({ db: ctx.db, now: acting.now }, acting.actor, {
          institutionId: request.params.id,
          body: request.body,
        });
      },
    );
  };
}
