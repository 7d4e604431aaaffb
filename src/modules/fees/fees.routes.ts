import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { statementPdf, statementXlsx } from './fees.documents.ts';
import { feePolicy } from './fees.policy.ts';
import {
  balanceView,
  classifyBody,
  feeInstitutionView,
  classView,
  depositBody,
  depositView,
  idParams,
  monthParam,
  revenueQuery,
  revenueView,
  statementView,
  tariffBody,
  tariffView,
} from './fees.schema.ts';
import {
  classifyInstitution,
  feeClassOf,
  institutionInScope,
  listDeposits,
  listTariffs,
  recordDeposit,
  recordTariff,
} from './fees.service.ts';
import { getBalance, getRevenue, getStatement, listFeeInstitutions } from './fees.statements.ts';

/** A document's bytes in an answer (the OpenAPI document says binary). */
const document = (what: string) => z.string().meta({ format: 'binary' }).describe(what);

/** Fees under PP 10/2023: classification, tariffs, deposits, balance, statements, revenue. */
export function feeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['fees'], security: bearerSecurity };
    const as = (roles: readonly (typeof feePolicy)[keyof typeof feePolicy][number][]) => ({
      onRequest: requireRoles(ctx, roles),
    });

    app.get(
      '/v1/fees/tariffs',
      {
        ...as(feePolicy.readTariffs),
        schema: {
          ...meta,
          summary: 'The tariff table (PP 10/2023) with effective dates',
          response: { 200: z.object({ items: z.array(tariffView) }), ...errorResponses },
        },
      },
      async () => ({ items: await listTariffs(ctx.db) }),
    );
    app.post(
      '/v1/fees/tariffs',
      {
        ...as(feePolicy.tariff),
        schema: {
          ...meta,
          summary: 'Record a tariff taking effect today or later; central office only',
          body: tariffBody,
          response: { 201: tariffView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await recordTariff({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), request.body),
          ),
    );
    app.get(
      '/v1/fees/institutions',
      {
        ...as(feePolicy.revenue),
        schema: {
          ...meta,
          summary: 'Institutions in the caller’s area with their fee class and balance',
          response: { 200: z.object({ items: z.array(feeInstitutionView) }), ...errorResponses },
        },
      },
      async (request) => ({
        items: await listFeeInstitutions({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request)),
      }),
    );
    app.get(
      '/v1/fees/institutions/:id/class',
      {
        ...as(feePolicy.readInstitution),
        schema: {
          ...meta,
          summary: "An institution's fee class (government pays Rp0; profit-oriented pays per access)",
          params: idParams,
          response: { 200: classView, ...errorResponses },
        },
      },
      async (request) => {
        await institutionInScope(
          { db: ctx.db, now: ctx.clock() },
          await actorOf(ctx, request),
          request.params.id,
        );
        return { institutionId: request.params.id, feeClass: await feeClassOf(ctx.db, request.params.id) };
      },
    );
    app.patch(
      '/v1/fees/institutions/:id/class',
      {
        ...as(feePolicy.classify),
        schema: {
          ...meta,
          summary:
            'Classify an institution as government or profit-oriented (audited); officers in their area',
          params: idParams,
          body: classifyBody,
          response: { 200: classView, ...errorResponses },
        },
      },
      async (request) =>
        classifyInstitution({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
          institutionId: request.params.id,
          feeClass: request.body.feeClass,
        }),
    );
    app.get(
      '/v1/fees/institutions/:id/balance',
      {
        ...as(feePolicy.readInstitution),
        schema: {
          ...meta,
          summary: 'The prepaid balance, accesses it still pays for, and days left at the last 30 days’ use',
          params: idParams,
          response: { 200: balanceView, ...errorResponses },
        },
      },
      async (request) =>
        getBalance({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), request.params.id),
    );
    app.get(
      '/v1/fees/institutions/:id/deposits',
      {
        ...as(feePolicy.readInstitution),
        schema: {
          ...meta,
          summary: "An institution's deposits, newest first",
          params: idParams,
          response: { 200: z.object({ items: z.array(depositView) }), ...errorResponses },
        },
      },
      async (request) => ({
        items: await listDeposits(
          { db: ctx.db, now: ctx.clock() },
          await actorOf(ctx, request),
          request.params.id,
        ),
      }),
    );
    app.post(
      '/v1/fees/institutions/:id/deposits',
      {
        ...as(feePolicy.deposit),
        schema: {
          ...meta,
          summary: 'Record a deposit with its payment reference (SIMPONI billing code); finance officer only',
          params: idParams,
          body: depositBody,
          response: { 201: depositView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await recordDeposit({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
            institutionId: request.params.id,
            ...request.body,
          }),
        ),
    );
    app.get(
      '/v1/fees/institutions/:id/statements/:month',
      {
        ...as(feePolicy.readInstitution),
        schema: {
          ...meta,
          summary: 'The monthly statement: opening balance, deposits, charges per day, closing balance',
          description:
            '`format=pdf` (a formal Indonesian document) or `format=xlsx` (the figures) instead of JSON.',
          params: idParams.extend({ month: monthParam }),
          querystring: z.object({ format: z.enum(['json', 'pdf', 'xlsx']).default('json') }),
          produces: [
            'application/json',
            'application/pdf',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ],
          // JSON, or the document's bytes (format=pdf|xlsx), which Fastify sends as they are: a schema per type.
          response: {
            200: {
              description: 'The statement: JSON, or the PDF or XLSX document (format=pdf|xlsx)',
              content: {
                'application/json': { schema: statementView },
                'application/pdf': { schema: document('the PDF document (format=pdf)') },
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                  schema: document('the XLSX workbook (format=xlsx)'),
                },
              },
            },
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const s = await getStatement({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
          institutionId: request.params.id,
          month: request.params.month,
        });
        const name = `rekening-koran-${s.month}`;
        if (request.query.format === 'pdf') {
          return reply
            .header('content-type', 'application/pdf')
            .header('content-disposition', `attachment; filename="${name}.pdf"`)
            .send(Buffer.from(await statementPdf(s)) as unknown as string);
        }
        if (request.query.format === 'xlsx') {
          return reply
            .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            .header('content-disposition', `attachment; filename="${name}.xlsx"`)
            .send((await statementXlsx(s)) as unknown as string);
        }
        return s;
      },
    );
    app.get(
      '/v1/fees/revenue',
      {
        ...as(feePolicy.revenue),
        schema: {
          ...meta,
          summary: 'Revenue per WIB month, institution and managing office (in the caller’s area)',
          querystring: revenueQuery,
          response: { 200: revenueView, ...errorResponses },
        },
      },
      async (request) =>
        getRevenue({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), request.query),
    );
  };
}
