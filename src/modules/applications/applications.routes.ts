import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actingOf, actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { applicationPolicy } from './applications.policy.ts';
import { applicationView, forwardBody, rejectBody, submitApplicationBody } from './applications.schema.ts';
import {
  approveApplication,
  findApplications,
  forwardApplication,
  getApplicationLetter,
  loadApplication,
  rejectApplication,
  submitApplication,
} from './applications.service.ts';

const idParams = z.object({ id: z.string().max(64) });

export function applicationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['applications'], security: bearerSecurity };
    const as = (roles: readonly Parameters<typeof requireRoles>[1][number][]) => ({
      onRequest: requireRoles(ctx, roles),
    });

    app.post(
      '/v1/applications',
      {
        ...as(applicationPolicy.apply),
        schema: {
          ...meta,
          summary:
            "Apply (permohonan) for the caller's institution: purpose, elements, methods, return data, period",
          body: submitApplicationBody,
          response: { 201: applicationView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply
          .code(201)
          .send(await submitApplication({ db: ctx.db, now: acting.now }, acting.actor, request.body));
      },
    );
    app.get(
      '/v1/applications',
      {
        ...as(applicationPolicy.read),
        schema: {
          ...meta,
          summary: 'List applications in the caller’s scope',
          querystring: z.object({
            institutionId: z.string().max(64).optional(),
            status: z.enum(['submitted', 'forwarded', 'approved', 'rejected']).optional(),
          }),
          response: { 200: z.object({ items: z.array(applicationView) }), ...errorResponses },
        },
      },
      async (request) => ({
        items: await findApplications(ctx.db, (await actorOf(ctx, request)).scope, request.query),
      }),
    );
    app.get(
      '/v1/applications/:id',
      {
        ...as(applicationPolicy.read),
        schema: {
          ...meta,
          summary: 'One application, with its decision and annex',
          params: idParams,
          response: { 200: applicationView, ...errorResponses },
        },
      },
      async (request) => loadApplication(ctx.db, request.params.id, (await actorOf(ctx, request)).scope),
    );
    app.post(
      '/v1/applications/:id/forward',
      {
        ...as(applicationPolicy.forward),
        schema: {
          ...meta,
          summary: 'The managing office forwards a submitted application to the central office, with a note',
          params: idParams,
          body: forwardBody,
          response: { 200: applicationView, ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return forwardApplication({ db: ctx.db, now: acting.now }, acting.actor, {
          id: request.params.id,
          ...request.body,
        });
      },
    );
    app.post(
      '/v1/applications/:id/approve',
      {
        ...as(applicationPolicy.decide),
        schema: {
          ...meta,
          summary: 'The central office approves: letter number, annex table, approval letter (PDF)',
          params: idParams,
          response: { 200: applicationView, ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return approveApplication({ db: ctx.db, now: acting.now }, acting.actor, request.params.id);
      },
    );
    app.post(
      '/v1/applications/:id/reject',
      {
        ...as(applicationPolicy.decide),
        schema: {
          ...meta,
          summary: 'The central office rejects with reasons: letter number, rejection letter (PDF)',
          params: idParams,
          body: rejectBody,
          response: { 200: applicationView, ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return rejectApplication({ db: ctx.db, now: acting.now }, acting.actor, {
          id: request.params.id,
          ...request.body,
        });
      },
    );
    app.get(
      '/v1/applications/:id/letter',
      {
        ...as(applicationPolicy.read),
        schema: {
          ...meta,
          summary: 'The decision letter (approval or rejection) as a PDF document in Indonesian',
          params: idParams,
          produces: ['application/pdf'],
          response: { 200: z.any().describe('application/pdf'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const letter = await getApplicationLetter(
          ctx.db,
          request.params.id,
          (await actorOf(ctx, request)).scope,
        );
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${letter.filename}"`)
          .send(Buffer.from(letter.bytes));
      },
    );
  };
}
