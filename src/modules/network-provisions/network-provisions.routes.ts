import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { UPLOAD_BODY_LIMIT } from '../documents/documents.upload.ts';
import {
  changeProvisionBody,
  createProvisionBody,
  moveProvisionBody,
  provisionDocumentBody,
  provisionDocumentParams,
  provisionListView,
  provisionView,
} from './network-provisions.schema.ts';
import {
  attachProvisionDocument,
  changeNetworkProvision,
  createNetworkProvision,
  listNetworkProvisions,
  moveNetworkProvision,
} from './network-provisions.service.ts';
import { networkProvisionPolicy } from './network-provisions.policy.ts';

const idParams = z.object({ id: z.string().max(64) });

/** The network provisioning record (Juknis "Infrastruktur Network"): the source of the allowed networks. */
export function networkProvisionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['network'], security: bearerSecurity };
    const write = { onRequest: requireRoles(ctx, networkProvisionPolicy.write) };

    app.get(
      '/v1/institutions/:id/network-provisions',
      {
        onRequest: requireRoles(ctx, networkProvisionPolicy.read),
        schema: {
          ...meta,
          summary:
            "An institution's network provisioning records and the allowed networks they give (the connected ones)",
          params: idParams,
          response: { 200: provisionListView, ...errorResponses },
        },
      },
      async (request) =>
        listNetworkProvisions(
          { db: ctx.db, now: ctx.clock() },
          await actorOf(ctx, request),
          request.params.id,
        ),
    );
    app.post(
      '/v1/institutions/:id/network-provisions',
      {
        ...write,
        schema: {
          ...meta,
          summary:
            'Record a network request: access point, provider, bandwidth, expected date (status requested)',
          params: idParams,
          body: createProvisionBody,
          response: { 201: provisionView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await createNetworkProvision({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
            institutionId: request.params.id,
            body: request.body,
          }),
        ),
    );
    app.patch(
      '/v1/network-provisions/:id',
      {
        ...write,
        schema: {
          ...meta,
          summary: 'Edit a network provisioning record; a connected one changes the allowed networks at once',
          params: idParams,
          body: changeProvisionBody,
          response: { 200: provisionView, ...errorResponses },
        },
      },
      async (request) =>
        changeNetworkProvision({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
          id: request.params.id,
          body: request.body,
        }),
    );
    app.post(
      '/v1/network-provisions/:id/status',
      {
        ...write,
        schema: {
          ...meta,
          summary:
            'Move a record: requested → provisioned → connected (its networks are allowed), or withdrawn',
          params: idParams,
          body: moveProvisionBody,
          response: { 200: provisionView, ...errorResponses },
        },
      },
      async (request) =>
        moveNetworkProvision({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
          id: request.params.id,
          body: request.body,
        }),
    );
    app.post(
      '/v1/network-provisions/:id/documents/:kind',
      {
        ...write,
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          ...meta,
          summary: 'Attach the topology diagram or the request letter (read it at /v1/documents/{id})',
          params: provisionDocumentParams,
          body: provisionDocumentBody,
          response: { 200: provisionView, ...errorResponses },
        },
      },
      async (request) =>
        attachProvisionDocument({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
          id: request.params.id,
          kind: request.params.kind,
          body: request.body,
        }),
    );
  };
}
