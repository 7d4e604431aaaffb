import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actingOf, actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { UPLOAD_BODY_LIMIT } from '../documents/documents.upload.ts';
import { officeholderChangePolicy as policy } from './officeholder-changes.policy.ts';
import {
  CHANGE_STATUSES,
  changeView,
  confirmView,
  decideBody,
  fileChangeBody,
  rejectBody,
} from './officeholder-changes.schema.ts';
import {
  confirmChange,
  fileChange,
  findChanges,
  loadChange,
  rejectChange,
} from './officeholder-changes.service.ts';

const idParams = z.object({ id: z.string().max(64) });

export function officeholderChangeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['officeholder changes'], security: bearerSecurity };

    app.post(
      '/v1/institutions/:id/officeholder-changes',
      {
        onRequest: requireRoles(ctx, policy.file),
        bodyLimit: UPLOAD_BODY_LIMIT * 3,
        schema: {
          ...meta,
          summary:
            'File a notice of a change of officeholder (new head) or organisation (new name), with its letter and documents',
          params: idParams,
          body: fileChangeBody,
          response: { 201: changeView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply.code(201).send(
          await fileChange({ db: ctx.db, now: acting.now }, acting.actor, {
            institutionId: request.params.id,
            ...request.body,
          }),
        );
      },
    );
    app.get(
      '/v1/officeholder-changes',
      {
        onRequest: requireRoles(ctx, policy.read),
        schema: {
          ...meta,
          summary: 'Notices of changes in scope, newest first',
          querystring: z.object({
            institutionId: z.string().max(64).optional(),
            status: z.enum(CHANGE_STATUSES).optional(),
          }),
          response: { 200: z.object({ items: z.array(changeView) }), ...errorResponses },
        },
      },
      async (request) => ({
        items: await findChanges(ctx.db, (await actorOf(ctx, request)).scope, request.query),
      }),
    );
    app.get(
      '/v1/officeholder-changes/:id',
      {
        onRequest: requireRoles(ctx, policy.read),
        schema: {
          ...meta,
          summary: 'One notice of change',
          params: idParams,
          response: { 200: changeView, ...errorResponses },
        },
      },
      async (request) =>
        (await loadChange(ctx.db, request.params.id, (await actorOf(ctx, request)).scope)).change,
    );
    app.post(
      '/v1/officeholder-changes/:id/confirm',
      {
        onRequest: requireRoles(ctx, policy.decide),
        schema: {
          ...meta,
          summary:
            'Confirm a notice: a new head gets an account (one-time password, shown once) and the old head’s closes, or the institution is renamed; the SPTJM is due again',
          params: idParams,
          body: decideBody.optional(),
          response: { 200: confirmView, ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return confirmChange({ db: ctx.db, now: acting.now }, acting.actor, {
          id: request.params.id,
          body: request.body,
        });
      },
    );
    app.post(
      '/v1/officeholder-changes/:id/reject',
      {
        onRequest: requireRoles(ctx, policy.decide),
        schema: {
          ...meta,
          summary: 'Reject a notice, with the reason (shown to the institution)',
          params: idParams,
          body: rejectBody,
          response: { 200: changeView, ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return rejectChange({ db: ctx.db, now: acting.now }, acting.actor, {
          id: request.params.id,
          body: request.body,
        });
      },
    );
  };
}
