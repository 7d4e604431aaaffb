import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actingOf, actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { listExtensions, listVersions } from './agreement-versions.repo.ts';
import {
  activateAgreement,
  amendAgreement,
  decideExtension,
  draftAgreement,
  endAgreement,
  requestExtension,
  signAgreement,
} from './agreements.lifecycle.ts';
import {
  amendBody,
  draftAgreementBody,
  endBody,
  extensionBody,
  extensionView,
  signBody,
  versionView,
} from './agreements.lifecycle.schema.ts';
import { agreementPolicy } from './agreements.policy.ts';
import { agreementView } from './agreements.schema.ts';
import { loadAgreement } from './agreements.service.ts';

const idParams = z.object({ id: z.string().max(64) });

/** The agreement lifecycle: drafting from an approval, signing, activation, amendments, extension, ending. */
export function agreementLifecycleRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['agreements'], security: bearerSecurity };
    const read = { onRequest: requireRoles(ctx, agreementPolicy.read) };
    const write = { onRequest: requireRoles(ctx, agreementPolicy.write) };
    const agreementOk = { 200: agreementView, ...errorResponses };

    app.post(
      '/v1/applications/:id/agreement',
      {
        ...write,
        schema: {
          ...meta,
          summary:
            'Draft the agreement (PKS) of an approved application, with both numbers and technical terms',
          params: idParams,
          body: draftAgreementBody,
          response: { 201: agreementView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await draftAgreement({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
            applicationId: request.params.id,
            ...request.body,
            configThreshold: ctx.config.defaultThreshold,
          }),
        ),
    );
    app.post(
      '/v1/agreements/:id/sign',
      {
        ...write,
        schema: {
          ...meta,
          summary: 'Record the signing (date and place); the period runs from the signing date',
          params: idParams,
          body: signBody,
          response: agreementOk,
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return signAgreement({ db: ctx.db, now: acting.now }, acting.actor, {
          id: request.params.id,
          ...request.body,
        });
      },
    );
    app.post(
      '/v1/agreements/:id/activate',
      {
        ...write,
        schema: {
          ...meta,
          summary: "Open a signed agreement; its allowed networks become the institution's",
          params: idParams,
          response: agreementOk,
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return activateAgreement({ db: ctx.db, now: acting.now }, acting.actor, request.params.id);
      },
    );
    app.post(
      '/v1/agreements/:id/amendments',
      {
        ...write,
        schema: {
          ...meta,
          summary:
            'Amend (adendum): a new version of the terms; new elements or methods need the central office',
          params: idParams,
          body: amendBody,
          response: { 201: versionView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply.code(201).send(
          await amendAgreement({ db: ctx.db, now: acting.now }, acting.actor, {
            id: request.params.id,
            ...request.body,
          }),
        );
      },
    );
    app.get(
      '/v1/agreements/:id/versions',
      {
        ...read,
        schema: {
          ...meta,
          summary: 'Every version of the terms, oldest first (the history of amendments)',
          params: idParams,
          response: { 200: z.object({ items: z.array(versionView) }), ...errorResponses },
        },
      },
      async (request) => {
        const a = await loadAgreement(ctx.db, request.params.id, (await actorOf(ctx, request)).scope);
        return { items: await listVersions(ctx.db, a.id) };
      },
    );
    app.post(
      '/v1/agreements/:id/extension-requests',
      {
        onRequest: requireRoles(ctx, agreementPolicy.requestExtension),
        schema: {
          ...meta,
          summary: 'Request an extension (perpanjangan); only until 2 months before the end',
          params: idParams,
          body: extensionBody,
          response: { 201: extensionView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply.code(201).send(
          await requestExtension({ db: ctx.db, now: acting.now }, acting.actor, {
            id: request.params.id,
            ...request.body,
          }),
        );
      },
    );
    app.get(
      '/v1/agreements/:id/extension-requests',
      {
        ...read,
        schema: {
          ...meta,
          summary: 'Extension requests of an agreement',
          params: idParams,
          response: { 200: z.object({ items: z.array(extensionView) }), ...errorResponses },
        },
      },
      async (request) => {
        const a = await loadAgreement(ctx.db, request.params.id, (await actorOf(ctx, request)).scope);
        return { items: await listExtensions(ctx.db, a.id) };
      },
    );
    app.post(
      '/v1/agreements/:id/extension-requests/:requestId/decision',
      {
        ...write,
        schema: {
          ...meta,
          summary: 'Grant (an amendment moving the end date) or refuse an extension request',
          params: idParams.extend({ requestId: z.string().max(64) }),
          body: z.object({ grant: z.boolean() }),
          response: { 200: extensionView, ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return decideExtension({ db: ctx.db, now: acting.now }, acting.actor, {
          id: request.params.id,
          requestId: request.params.requestId,
          grant: request.body.grant,
        });
      },
    );
    for (const [verb, to] of [
      ['terminate', 'terminated'],
      ['revoke', 'revoked'],
    ] as const) {
      app.post(
        `/v1/agreements/:id/${verb}`,
        {
          ...write,
          schema: {
            ...meta,
            summary:
              to === 'revoked'
                ? 'Revoke (pencabutan): the institution broke its obligations; access ends at once'
                : 'Terminate by agreement of both parties; access ends at once',
            params: idParams,
            body: endBody,
            response: agreementOk,
          },
        },
        async (request) => {
          const acting = await actingOf(ctx, request);
          return endAgreement({ db: ctx.db, now: acting.now }, acting.actor, {
            id: request.params.id,
            to,
            ...request.body,
          });
        },
      );
    }
  };
}
