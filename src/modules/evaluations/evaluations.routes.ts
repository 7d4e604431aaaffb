import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { semester } from '../reports/reports.schema.ts';
import {
  completeRecommendation,
  evaluationDocument,
  evaluationRollup,
  findEvaluations,
  loadEvaluation,
  previewChecklist,
  recordEvaluation,
  rollupDocument,
} from './evaluations.service.ts';
import { evaluationPolicy } from './evaluations.policy.ts';
import { idParams, checklistItem, result, evaluationSchema, rollupView } from './evaluations.schema.ts';

export function evaluationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['reports'], security: bearerSecurity };
    app.post(
      '/v1/evaluations',
      {
        onRequest: requireRoles(ctx, evaluationPolicy.record),
        schema: {
          ...meta,
          summary:
            "Record the office's evaluation of an institution (semester or ad hoc); the checklist is drawn from the data",
          body: z.object({
            institutionId: z.string().max(64),
            kind: z.enum(['semester', 'ad_hoc']),
            semester: semester.optional(),
            findings: z.string().trim().min(3).max(8000),
            result,
            recommendations: z
              .array(z.object({ text: z.string().trim().min(3).max(1000), dueOn: z.iso.date() }))
              .max(20)
              .default([]),
          }),
          response: { 201: evaluationSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await recordEvaluation(
              { db: ctx.db, now: ctx.clock() },
              await actorOf(ctx, request),
              request.body,
            ),
          ),
    );
    app.get(
      '/v1/evaluations',
      {
        onRequest: requireRoles(ctx, evaluationPolicy.read),
        schema: {
          ...meta,
          summary: 'Evaluations in scope, newest first',
          querystring: z.object({
            institutionId: z.string().max(64).optional(),
            semester: semester.optional(),
          }),
          response: { 200: z.object({ items: z.array(evaluationSchema) }), ...errorResponses },
        },
      },
      async (request) => ({
        items: await findEvaluations(ctx.db, (await actorOf(ctx, request)).scope, request.query),
      }),
    );
    app.get(
      '/v1/evaluations/rollup',
      {
        onRequest: requireRoles(ctx, evaluationPolicy.rollup),
        schema: {
          ...meta,
          summary: "A semester's roll-up per office in scope, each with the totals of the offices below it",
          querystring: z.object({ semester }),
          response: {
            200: rollupView,
            ...errorResponses,
          },
        },
      },
      async (request) =>
        evaluationRollup(ctx.db, (await actorOf(ctx, request)).scope, request.query.semester, ctx.clock()),
    );
    app.get(
      '/v1/evaluations/rollup/document',
      {
        onRequest: requireRoles(ctx, evaluationPolicy.rollup),
        schema: {
          ...meta,
          summary: "The semester's roll-up as the office's report upward: a formal Indonesian PDF or an XLSX",
          querystring: z.object({ semester, format: z.enum(['pdf', 'xlsx']).default('pdf') }),
          produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: { 200: z.any().describe('application/pdf or XLSX'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const doc = await rollupDocument({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
          semester: request.query.semester,
          format: request.query.format,
        });
        return reply
          .header('content-type', doc.contentType)
          .header('content-disposition', `attachment; filename="${doc.filename}"`)
          .send(Buffer.from(doc.bytes));
      },
    );
    app.get(
      '/v1/institutions/:id/evaluation-checklist',
      {
        onRequest: requireRoles(ctx, evaluationPolicy.record),
        schema: {
          ...meta,
          summary:
            'The checklist an evaluation of the institution would record now, drawn from the data (not stored)',
          params: idParams,
          querystring: z.object({ semester: semester.optional() }),
          response: {
            200: z.object({ semester: z.string(), checklist: z.array(checklistItem) }),
            ...errorResponses,
          },
        },
      },
      async (request) =>
        previewChecklist({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
          institutionId: request.params.id,
          semester: request.query.semester,
        }),
    );
    app.get(
      '/v1/evaluations/:id',
      {
        onRequest: requireRoles(ctx, evaluationPolicy.read),
        schema: {
          ...meta,
          summary: 'An evaluation',
          params: idParams,
          response: { 200: evaluationSchema, ...errorResponses },
        },
      },
      async (request) => loadEvaluation(ctx.db, request.params.id, (await actorOf(ctx, request)).scope),
    );
    app.get(
      '/v1/evaluations/:id/document',
      {
        onRequest: requireRoles(ctx, evaluationPolicy.read),
        schema: {
          ...meta,
          summary: 'The evaluation as a formal Indonesian PDF (letter number) or an XLSX',
          params: idParams,
          querystring: z.object({ format: z.enum(['pdf', 'xlsx']).default('pdf') }),
          produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: { 200: z.any().describe('application/pdf or XLSX'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const doc = await evaluationDocument(
          ctx.db,
          (await actorOf(ctx, request)).scope,
          request.params.id,
          request.query.format,
        );
        return reply
          .header('content-type', doc.contentType)
          .header('content-disposition', `attachment; filename="${doc.filename}"`)
          .send(Buffer.from(doc.bytes));
      },
    );
    app.post(
      '/v1/evaluation-recommendations/:id/follow-up',
      {
        onRequest: requireRoles(ctx, evaluationPolicy.followUp),
        schema: {
          ...meta,
          summary: 'Report a recommendation followed up, with a note; its compliance finding ends',
          params: idParams,
          body: z.object({ note: z.string().trim().min(3).max(2000) }),
          response: { 200: evaluationSchema, ...errorResponses },
        },
      },
      async (request) =>
        completeRecommendation({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
          id: request.params.id,
          note: request.body.note,
        }),
    );
  };
}
