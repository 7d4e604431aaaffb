import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actingOf, actorOf, requireRoles } from '../../core/auth.ts';
import { ApiError } from '../../core/errors.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { inScope } from '../../core/actor.ts';
import { getDocumentBytes } from '../documents/documents.repo.ts';
import { UPLOAD_BODY_LIMIT } from '../documents/documents.upload.ts';
import { getInstitution } from '../institutions/institutions.repo.ts';
import {
  assignBody,
  clientApplicationBody,
  clientApplicationView,
  gateStatusView,
  ndaBody,
  ndaView,
  pocBody,
  statementBody,
  statementView,
} from './gates.schema.ts';
import {
  assignClientApplication,
  gateStatus,
  recordNda,
  recordPoc,
  recordResponsibilityStatement,
  registerClientApplication,
} from './gates.service.ts';
import { setWireCompat, wireCompatBody, wireCompatView } from '../wire/wire.compat.ts';
import { gatePolicy } from './gates.policy.ts';

const idParams = z.object({ id: z.string().max(64) });

export function gateRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['gates'], security: bearerSecurity };

    app.get(
      '/v1/institutions/:id/gates',
      {
        onRequest: requireRoles(ctx, gatePolicy.read),
        schema: {
          ...meta,
          summary:
            "Where an institution stands at the gates: SPTJM, operators' NDAs, client applications and PoCs",
          params: idParams,
          response: { 200: gateStatusView, ...errorResponses },
        },
      },
      async (request) => gateStatus(ctx.db, request.params.id, (await actorOf(ctx, request)).scope),
    );
    app.post(
      '/v1/institutions/:id/responsibility-statement',
      {
        onRequest: requireRoles(ctx, gatePolicy.record),
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          ...meta,
          summary: "Record the head's responsibility statement (SPTJM): signatory, date, the signed document",
          params: idParams,
          body: statementBody,
          response: { 201: statementView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply.code(201).send(
          await recordResponsibilityStatement({ db: ctx.db, now: acting.now }, acting.actor, {
            institutionId: request.params.id,
            body: request.body,
          }),
        );
      },
    );
    app.post(
      '/v1/accounts/:id/nda',
      {
        onRequest: requireRoles(ctx, gatePolicy.record),
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          ...meta,
          summary: "Record an operator's NDA (signing date; the signed document optional)",
          params: idParams,
          body: ndaBody,
          response: { 201: ndaView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply.code(201).send(
          await recordNda({ db: ctx.db, now: acting.now }, acting.actor, {
            accountId: request.params.id,
            body: request.body,
          }),
        );
      },
    );
    app.post(
      '/v1/institutions/:id/client-applications',
      {
        onRequest: requireRoles(ctx, gatePolicy.record),
        schema: {
          ...meta,
          summary: 'Register a client application (an API caller) of the institution; it needs its own PoC',
          params: idParams,
          body: clientApplicationBody,
          response: { 201: clientApplicationView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply.code(201).send(
          await registerClientApplication({ db: ctx.db, now: acting.now }, acting.actor, {
            institutionId: request.params.id,
            body: request.body,
          }),
        );
      },
    );
    app.post(
      '/v1/client-applications/:id/poc',
      {
        onRequest: requireRoles(ctx, gatePolicy.poc),
        schema: {
          ...meta,
          summary:
            'Record the PoC result; passed: production credentials (the agreed quota) for its operators',
          params: idParams,
          body: pocBody,
          response: { 200: clientApplicationView, ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return recordPoc({ db: ctx.db, now: acting.now }, acting.actor, {
          id: request.params.id,
          body: request.body,
        });
      },
    );
    app.patch(
      '/v1/client-applications/:id/wire-compat',
      {
        onRequest: requireRoles(ctx, gatePolicy.poc),
        schema: {
          ...meta,
          summary:
            "Set the client application's Dukcapil wire compatibility (where public clients conflict; see docs/wire-evidence.md)",
          params: idParams,
          body: wireCompatBody,
          response: { 200: wireCompatView, ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return setWireCompat({ db: ctx.db, now: acting.now }, acting.actor, {
          id: request.params.id,
          body: request.body,
        });
      },
    );
    app.post(
      '/v1/accounts/:id/client-application',
      {
        onRequest: requireRoles(ctx, gatePolicy.manageOperators),
        schema: {
          ...meta,
          summary: 'Put an operator under a client application (development quota until its PoC passes)',
          params: idParams,
          body: assignBody,
          response: {
            200: z.object({ accountId: z.string(), clientApplicationId: z.string().nullable() }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return assignClientApplication({ db: ctx.db, now: acting.now }, acting.actor, {
          accountId: request.params.id,
          body: request.body,
        });
      },
    );
    app.get(
      '/v1/documents/:id',
      {
        onRequest: requireRoles(ctx, gatePolicy.read),
        schema: {
          ...meta,
          summary: 'A stored document (letter, SPTJM, NDA, handover record) of an institution in scope',
          params: idParams,
          produces: ['application/pdf', 'image/png', 'image/jpeg'],
          response: { 200: z.any(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { scope } = await actorOf(ctx, request);
        const doc = await getDocumentBytes(ctx.db, request.params.id);
        const inst = doc?.institutionId ? await getInstitution(ctx.db, doc.institutionId) : null;
        if (!doc || !inst || !inScope(scope, { officeId: inst.officeId, institutionId: inst.id })) {
          throw ApiError.of('NOT_FOUND', 'Document not found');
        }
        return reply
          .header('content-type', doc.contentType)
          .header('content-disposition', `attachment; filename="${doc.filename}"`)
          .send(Buffer.from(doc.bytes));
      },
    );
  };
}
