import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerIp } from '../../core/net.ts';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { requireResident, residentOf, residentSecurity } from '../resident/resident.routes.ts';
import { disputePolicy } from './disputes.policy.ts';
import {
  answerBody,
  closeFindingBody,
  decisionBody,
  disputeQuery,
  idParams,
  openDisputeBody,
  partyDispute,
  residentDispute,
} from './disputes.schema.ts';
import {
  answerDispute,
  closeFinding,
  decideDispute,
  disputeCountsInScope,
  findDisputes,
  loadDispute,
  openDispute,
  partyView,
  residentDispute as residentDisputeOf,
  residentDisputes,
  residentView,
  withTrails,
  type ResidentActor,
} from './disputes.service.ts';

/** The resident's dispute routes (the resident session; the /warga portal's contract). */
export function residentDisputeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['resident'], security: residentSecurity };
    const residentActor = (request: Parameters<typeof residentOf>[0]): ResidentActor => ({
      nik: residentOf(request).nik,
      ip: callerIp(request),
      requestId: request.id,
    });
    app.post(
      '/v1/resident/disputes',
      {
        onRequest: requireResident(ctx),
        schema: {
          ...meta,
          summary: "Dispute one record of the signed-in resident's history",
          description:
            "The record must be in the resident's visible history (404 NOT_FOUND otherwise, whatever the " +
            'reason); one open dispute per record (409 DISPUTE_EXISTS). The institution answers within ' +
            'DISPUTE_ANSWER_WORKING_DAYS working days; the managing office decides.',
          body: openDisputeBody,
          response: { 201: residentDispute, ...errorResponses },
        },
      },
      async (request, reply) => {
        const d = await openDispute(ctx.db, residentActor(request), request.body, {
          now: ctx.clock(),
          settings: ctx.config.disputes,
        });
        return reply.code(201).send((await withTrails(ctx.db, [d], residentView))[0]!);
      },
    );
    app.get(
      '/v1/resident/disputes',
      {
        onRequest: requireResident(ctx),
        schema: {
          ...meta,
          summary: "The signed-in resident's disputes, newest first",
          response: { 200: z.object({ items: z.array(residentDispute) }), ...errorResponses },
        },
      },
      async (request) => ({
        items: await withTrails(ctx.db, await residentDisputes(ctx.db, residentActor(request)), residentView),
      }),
    );
    app.get(
      '/v1/resident/disputes/:id',
      {
        onRequest: requireResident(ctx),
        schema: {
          ...meta,
          summary: "One of the signed-in resident's disputes with its trail",
          params: idParams,
          response: { 200: residentDispute, ...errorResponses },
        },
      },
      async (request) => {
        const d = await residentDisputeOf(ctx.db, residentActor(request), request.params.id);
        return (await withTrails(ctx.db, [d], residentView))[0]!;
      },
    );
  };
}

/** The institution's and the office's dispute routes (accounts). */
export function disputeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['disputes'], security: bearerSecurity };
    const view = async (d: Parameters<typeof partyView>[0]) =>
      (await withTrails(ctx.db, [d], (r, t) => partyView(r, t, ctx.clock())))[0]!;
    app.get(
      '/v1/disputes',
      {
        onRequest: requireRoles(ctx, disputePolicy.read),
        schema: {
          ...meta,
          summary: 'Disputes in scope, newest first (an institution its own; an office its area)',
          querystring: disputeQuery,
          response: { 200: z.object({ items: z.array(partyDispute) }), ...errorResponses },
        },
      },
      async (request) => {
        const rows = await findDisputes(
          { db: ctx.db, now: ctx.clock() },
          await actorOf(ctx, request),
          request.query,
        );
        const now = ctx.clock();
        return { items: await withTrails(ctx.db, rows, (r, t) => partyView(r, t, now)) };
      },
    );
    app.get(
      '/v1/disputes/counts',
      {
        onRequest: requireRoles(ctx, disputePolicy.read),
        schema: {
          ...meta,
          summary: 'Dispute counts per institution in scope (the dashboard), open first',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  institutionId: z.string(),
                  name: z.string(),
                  opened: z.number().int(),
                  open: z.number().int(),
                  answerMissed: z.number().int(),
                  justified: z.number().int(),
                  misuseFound: z.number().int(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => ({
        items: await disputeCountsInScope({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request)),
      }),
    );
    app.get(
      '/v1/disputes/:id',
      {
        onRequest: requireRoles(ctx, disputePolicy.read),
        schema: {
          ...meta,
          summary: "One dispute: the record's metadata, the resident's reason and text, the trail",
          params: idParams,
          response: { 200: partyDispute, ...errorResponses },
        },
      },
      async (request) =>
        view(
          await loadDispute({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
            id: request.params.id,
          }),
        ),
    );
    app.post(
      '/v1/disputes/:id/answer',
      {
        onRequest: requireRoles(ctx, disputePolicy.answer),
        schema: {
          ...meta,
          summary: "The institution's explanation (head or admin), before its deadline",
          description:
            '409 DISPUTE_NOT_AWAITING_ANSWER when answered or decided; 409 DISPUTE_ANSWER_OVERDUE after the ' +
            'deadline (the dispute goes to the office without the answer).',
          params: idParams,
          body: answerBody,
          response: { 200: partyDispute, ...errorResponses },
        },
      },
      async (request) =>
        view(
          await answerDispute({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
            id: request.params.id,
            ...request.body,
          }),
        ),
    );
    app.post(
      '/v1/disputes/:id/decision',
      {
        onRequest: requireRoles(ctx, disputePolicy.decide),
        schema: {
          ...meta,
          summary: "The managing office's decision: justified, or misuse found (a compliance finding)",
          description:
            'suspendOperator (misuse_found only) deactivates the operator account that made the access. 409 ' +
            'DISPUTE_NOT_AWAITING_DECISION before the institution answered or its deadline passed, or once ' +
            'decided; 409 DISPUTE_NO_OPERATOR when the access was not made by an operator.',
          params: idParams,
          body: decisionBody,
          response: { 200: partyDispute, ...errorResponses },
        },
      },
      async (request) =>
        view(
          await decideDispute({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
            id: request.params.id,
            ...request.body,
          }),
        ),
    );
    app.post(
      '/v1/disputes/:id/finding-closed',
      {
        onRequest: requireRoles(ctx, disputePolicy.decide),
        schema: {
          ...meta,
          summary: 'The office closes the compliance finding of a misuse decision (followed up)',
          description:
            '409 DISPUTE_FINDING_NOT_OPEN unless the dispute is misuse_found with its finding open.',
          params: idParams,
          body: closeFindingBody,
          response: { 200: partyDispute, ...errorResponses },
        },
      },
      async (request) =>
        view(
          await closeFinding({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
            id: request.params.id,
            ...request.body,
          }),
        ),
    );
  };
}
