import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UPLOAD_BODY_LIMIT, uploadInput } from '../documents/documents.upload.ts';
import type { AppContext } from '../../core/context.ts';
import { actingOf, actorOf, requireAccount, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { listNotifications, listStates } from './compliance.repo.ts';
import { complianceView, recordCertificate, reinstate, submitSemesterReport } from './compliance.service.ts';
import { compliancePolicy } from './compliance.policy.ts';
import { boardRow, complianceEvent, finding, idParams, state } from './compliance.schema.ts';

export function complianceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['compliance'], security: bearerSecurity };

    app.get(
      '/v1/compliance',
      {
        onRequest: requireRoles(ctx, compliancePolicy.read),
        schema: {
          ...meta,
          summary: 'The compliance board: the state of every institution in scope (one query), by code',
          querystring: z.object({ state: state.optional() }),
          response: {
            200: z.object({
              items: z.array(boardRow),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { scope } = await actorOf(ctx, request);
        return {
          items: await listStates(ctx.db, {
            officeIds: scope.officeIds,
            institutionId: scope.institutionId,
            ...(request.query.state ? { state: request.query.state } : {}),
          }),
        };
      },
    );
    app.get(
      '/v1/institutions/:id/compliance',
      {
        onRequest: requireRoles(ctx, compliancePolicy.read),
        schema: {
          ...meta,
          summary: 'Compliance state (in order, warned, suspended, reinstated), open findings, and the trail',
          params: idParams,
          response: {
            200: z.object({
              institutionId: z.string(),
              state,
              since: z.string().nullable(),
              reason: z.string().nullable(),
              findings: z.array(finding),
              events: z.array(complianceEvent),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) =>
        complianceView(ctx.db, request.params.id, (await actorOf(ctx, request)).scope, ctx.clock()),
    );
    app.post(
      '/v1/institutions/:id/compliance/reinstate',
      {
        onRequest: requireRoles(ctx, compliancePolicy.reinstate),
        schema: {
          ...meta,
          summary: 'Reinstate a suspended institution, with the reason; access opens again',
          params: idParams,
          body: z.object({ reason: z.string().trim().min(3).max(1000) }),
          response: { 200: z.object({ state }), ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return reinstate({ db: ctx.db, now: acting.now }, acting.actor, {
          institutionId: request.params.id,
          ...request.body,
        });
      },
    );
    app.post(
      '/v1/institutions/:id/semester-reports',
      {
        onRequest: requireRoles(ctx, compliancePolicy.record),
        schema: {
          ...meta,
          summary: 'Record the semester report (laporan semester) of a semester, e.g. 2026-S1 (January–June)',
          params: idParams,
          body: z.object({ semester: z.string().regex(/^\d{4}-S[12]$/) }),
          response: {
            201: z.object({ id: z.string(), semester: z.string(), submittedAt: z.string() }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply.code(201).send(
          await submitSemesterReport({ db: ctx.db, now: acting.now }, acting.actor, {
            institutionId: request.params.id,
            semester: request.body.semester,
          }),
        );
      },
    );
    app.post(
      '/v1/institutions/:id/certificates',
      {
        onRequest: requireRoles(ctx, compliancePolicy.record),
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          ...meta,
          summary: "Record the institution's ISO/IEC 27001 certificate (due within 6 months of signing)",
          params: idParams,
          body: z.object({
            number: z.string().trim().min(3).max(100),
            validUntil: z.iso.date(),
            document: uploadInput.optional().describe('The certificate: PDF, PNG or JPEG, at most 2 MiB'),
          }),
          response: {
            201: z.object({
              id: z.string(),
              number: z.string(),
              validUntil: z.string(),
              documentId: z.string().nullable().describe('Read it with GET /v1/documents/{id}'),
            }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply.code(201).send(
          await recordCertificate({ db: ctx.db, now: acting.now }, acting.actor, {
            institutionId: request.params.id,
            ...request.body,
          }),
        );
      },
    );
    app.get(
      '/v1/notifications',
      {
        onRequest: requireAccount(ctx),
        schema: {
          ...meta,
          summary: "The caller's in-app notifications, newest first",
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.number(),
                  at: z.string(),
                  subject: z.string(),
                  body: z.string(),
                  readAt: z.string().nullable(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => ({ items: await listNotifications(ctx.db, request.principal!.account.id) }),
    );
  };
}
