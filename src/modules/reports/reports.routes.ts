import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { UPLOAD_BODY_LIMIT } from '../documents/documents.upload.ts';
import {
  generateInput,
  manualInput,
  narrativeSchema,
  reportSchema,
  reportSummary,
  semester,
  semesterOverviewRowView,
} from './reports.schema.ts';
import {
  findReports,
  generateReport,
  reportDocument,
  reportView,
  submitReport,
  updateNarrative,
  uploadManualReport,
} from './reports.service.ts';
import { semesterOverview } from './reports.overview.ts';
import { reportPolicy } from './reports.policy.ts';

const idParams = z.object({ id: z.string().max(64) });

export function reportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['reports'], security: bearerSecurity };

    app.get(
      '/v1/semester-reports',
      {
        onRequest: requireRoles(ctx, reportPolicy.read),
        schema: {
          ...meta,
          summary: 'Semester reports in scope (drafts and submitted), newest semester first, without figures',
          querystring: z.object({
            institutionId: z.string().max(64).optional(),
            semester: semester.optional(),
          }),
          response: { 200: z.object({ items: z.array(reportSummary) }), ...errorResponses },
        },
      },
      async (request) => ({
        items: await findReports(ctx.db, (await actorOf(ctx, request)).scope, request.query),
      }),
    );
    app.get(
      '/v1/semester-reports/semesters',
      {
        onRequest: requireRoles(ctx, reportPolicy.read),
        schema: {
          ...meta,
          summary:
            "An institution's semesters, newest first: deadline, state (in progress, open, overdue, submitted), report",
          querystring: z.object({ institutionId: z.string().max(64) }),
          response: {
            200: z.object({ items: z.array(semesterOverviewRowView) }),
            ...errorResponses,
          },
        },
      },
      async (request) => ({
        items: await semesterOverview(
          ctx.db,
          (await actorOf(ctx, request)).scope,
          request.query.institutionId,
          ctx.clock(),
        ),
      }),
    );
    app.post(
      '/v1/semester-reports',
      {
        onRequest: requireRoles(ctx, reportPolicy.generate),
        schema: {
          ...meta,
          summary: 'Generate (or refresh) the draft semester report of an institution from the access audit',
          body: generateInput,
          response: { 201: reportSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const actor = await actorOf(ctx, request);
        const r = await generateReport({ db: ctx.db, now: ctx.clock() }, actor, request.body);
        return reply.code(201).send(await reportView(ctx.db, actor.scope, r.id, ctx.clock()));
      },
    );
    app.post(
      '/v1/semester-reports/manual',
      {
        onRequest: requireRoles(ctx, reportPolicy.submit),
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          ...meta,
          summary: 'Submit a manual semester report (a signed PDF) instead of the generated one',
          body: manualInput,
          response: { 201: reportSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const actor = await actorOf(ctx, request);
        const r = await uploadManualReport({ db: ctx.db, now: ctx.clock() }, actor, request.body);
        return reply.code(201).send(await reportView(ctx.db, actor.scope, r.id, ctx.clock()));
      },
    );
    app.get(
      '/v1/semester-reports/:id',
      {
        onRequest: requireRoles(ctx, reportPolicy.read),
        schema: {
          ...meta,
          summary: 'A semester report with its figures, narrative, deadline and signature of record',
          params: idParams,
          response: { 200: reportSchema, ...errorResponses },
        },
      },
      async (request) =>
        reportView(ctx.db, (await actorOf(ctx, request)).scope, request.params.id, ctx.clock()),
    );
    app.post(
      '/v1/semester-reports/:id/narrative',
      {
        onRequest: requireRoles(ctx, reportPolicy.submit),
        schema: {
          ...meta,
          summary: 'Write the narrative of a draft: services the data supported, problems met, plans',
          params: idParams,
          body: narrativeSchema,
          response: { 200: reportSchema, ...errorResponses },
        },
      },
      async (request) => {
        const actor = await actorOf(ctx, request);
        await updateNarrative({ db: ctx.db, now: ctx.clock() }, actor, {
          id: request.params.id,
          narrative: request.body,
        });
        return reportView(ctx.db, actor.scope, request.params.id, ctx.clock());
      },
    );
    app.post(
      '/v1/semester-reports/:id/submit',
      {
        onRequest: requireRoles(ctx, reportPolicy.submit),
        schema: {
          ...meta,
          summary: "Submit a draft after the semester's end: letter number; the head's submission signs it",
          params: idParams,
          response: { 200: reportSchema, ...errorResponses },
        },
      },
      async (request) => {
        const actor = await actorOf(ctx, request);
        await submitReport({ db: ctx.db, now: ctx.clock() }, actor, request.params.id);
        return reportView(ctx.db, actor.scope, request.params.id, ctx.clock());
      },
    );
    app.get(
      '/v1/semester-reports/:id/document',
      {
        onRequest: requireRoles(ctx, reportPolicy.read),
        schema: {
          ...meta,
          summary:
            'The report in the set format: formal Indonesian PDF (letter number) or XLSX of the figures',
          params: idParams,
          querystring: z.object({ format: z.enum(['pdf', 'xlsx']).default('pdf') }),
          produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: { 200: z.any().describe('application/pdf or XLSX'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const doc = await reportDocument(
          ctx.db,
          (await actorOf(ctx, request)).scope,
          request.params.id,
          request.query.format,
          ctx.clock(),
        );
        return reply
          .header('content-type', doc.contentType)
          .header('content-disposition', `attachment; filename="${doc.filename}"`)
          .send(Buffer.from(doc.bytes));
      },
    );
  };
}
