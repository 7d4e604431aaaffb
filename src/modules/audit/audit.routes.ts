import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { scopedInstitutionFilter } from '../../core/actor.ts';
import { wibDay, wibDayStart } from '../../lib/time.ts';
import { requireAccount } from '../../core/auth.ts';
import { ApiError } from '../../core/errors.ts';
import { auditCsv, auditXlsx } from './audit.export.ts';
import { auditPolicy } from './audit.policy.ts';
import { queryAudit, type AuditFilter, type AuditRow } from './audit.repo.ts';
import { auditStats } from './audit.stats.ts';
import { day, auditRow, auditQuery, exportQuery } from './audit.schema.ts';
import { accessMethod } from '../agreements/agreements.schema.ts';

/** The most rows one export (CSV or XLSX) carries; narrow the filter for more. */
export const EXPORT_MAX_ROWS = 100_000;
const EXPORT_PAGE = 1000;

/** Every row of a filter, newest first, read a page at a time (keyset) up to `max`. */
async function* allRows(read: (f: AuditFilter) => Promise<AuditRow[]>, f: AuditFilter, max: number) {
  let before = f.before;
  let left = max;
  while (left > 0) {
    const page = await read({ ...f, before, limit: Math.min(EXPORT_PAGE, left) });
    for (const row of page) yield row;
    if (page.length < Math.min(EXPORT_PAGE, left)) return;
    left -= page.length;
    before = page.at(-1)!.id;
  }
}

export function auditRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/audit',
      {
        // Officers and auditors in their area; an institution's head and admin their own institution's rows.
        onRequest: requireRoles(ctx, auditPolicy.read),
        schema: {
          tags: ['admin'],
          summary: 'Read the access audit: every verification and look-up attempt, refused ones included',
          security: bearerSecurity,
          querystring: auditQuery,
          response: {
            200: z.object({ items: z.array(auditRow), nextCursor: z.number().nullable() }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const q = request.query;
        const { scope } = await actorOf(ctx, request);
        const institutionId = scopedInstitutionFilter(scope, q.institutionId);
        if (institutionId === null) return { items: [], nextCursor: null };
        const items = await queryAudit(ctx.db, { ...q, institutionId, officeIds: scope.officeIds });
        return { items, nextCursor: items.length === q.limit ? items.at(-1)!.id : null };
      },
    );

    /** The rows of an export's filter in the caller's scope, a page at a time. */
    const exportRows = async (request: FastifyRequest, q: z.infer<typeof exportQuery>) => {
      const { scope } = await actorOf(ctx, request);
      const institutionId = scopedInstitutionFilter(scope, q.institutionId);
      if (institutionId === null) return (async function* () {})();
      const filter = { ...q, institutionId, officeIds: scope.officeIds, limit: EXPORT_PAGE };
      return allRows((f) => queryAudit(ctx.db, f), filter, EXPORT_MAX_ROWS);
    };

    app.get(
      '/v1/audit/export.csv',
      {
        onRequest: requireRoles(ctx, auditPolicy.read),
        schema: {
          tags: ['admin'],
          summary: `The access audit of a filter as CSV (UTF-8, newest first, at most ${EXPORT_MAX_ROWS} rows)`,
          description:
            'The filters of GET /v1/audit; the answer streams, with X-Export-Max-Rows. Text fields (identifiers ' +
            'included) are always quoted. `excel=true` writes for Indonesian-locale Excel: a UTF-8 BOM, `;` ' +
            'between fields, CRLF. For Excel, prefer GET /v1/audit/export.xlsx: Excel reads a NIK in any CSV ' +
            'as a number.',
          security: bearerSecurity,
          querystring: exportQuery.extend({
            excel: z
              .enum(['true', 'false'])
              .default('false')
              .transform((v) => v === 'true')
              .describe('UTF-8 BOM, semicolon separator and CRLF, for Excel in an Indonesian locale'),
          }),
        },
      },
      async (request, reply) => {
        const { excel, ...q } = request.query;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="audit-${wibDay(ctx.clock())}.csv"`)
          .header('x-export-max-rows', String(EXPORT_MAX_ROWS))
          .send(auditCsv(await exportRows(request, q), { excel }));
      },
    );

    app.get(
      '/v1/audit/export.xlsx',
      {
        onRequest: requireRoles(ctx, auditPolicy.read),
        schema: {
          tags: ['admin'],
          summary: `The access audit of a filter as an Excel workbook (XLSX, newest first, at most ${EXPORT_MAX_ROWS} rows)`,
          description:
            'The filters of GET /v1/audit; the workbook streams, with X-Export-Max-Rows. Identifiers (NIK, ' +
            'request, account and institution IDs, IP) are text cells, so Excel keeps every digit; times are WIB.',
          security: bearerSecurity,
          querystring: exportQuery,
        },
      },
      async (request, reply) =>
        reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="audit-${wibDay(ctx.clock())}.xlsx"`)
          .header('x-export-max-rows', String(EXPORT_MAX_ROWS))
          .send(auditXlsx(await exportRows(request, request.query))),
    );

    app.get(
      '/v1/audit/stats',
      {
        onRequest: requireRoles(ctx, auditPolicy.read),
        schema: {
          tags: ['admin'],
          summary: 'Dashboard figures: hits and refusals per WIB day per institution, outcomes, busiest',
          security: bearerSecurity,
          querystring: z.object({
            from: day.describe('First WIB day, inclusive'),
            to: day.describe('Last WIB day, inclusive'),
            institutionId: z.string().max(64).optional(),
          }),
          response: {
            200: z.object({
              days: z.array(
                z.object({
                  day: z.string(),
                  institutionId: z.string(),
                  institutionCode: z.string(),
                  hits: z.number(),
                  refused: z.number(),
                }),
              ),
              outcomes: z.array(z.object({ outcome: z.string(), count: z.number() })),
              methods: z
                .array(z.object({ method: accessMethod, hits: z.number() }))
                .describe('Hits per access method (verification, portal, card_reader)'),
              busiest: z.array(
                z.object({
                  institutionId: z.string(),
                  institutionCode: z.string(),
                  institutionName: z.string(),
                  hits: z.number(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const q = request.query;
        if (q.from > q.to) throw ApiError.of('PERIOD_ORDER', '`from` is after `to`');
        if (Date.parse(q.to) - Date.parse(q.from) > 366 * 86_400_000) {
          throw ApiError.of('PERIOD_TOO_LONG', 'Ask for at most 366 days at a time');
        }
        const { scope } = await actorOf(ctx, request);
        const institutionId = scopedInstitutionFilter(scope, q.institutionId);
        if (institutionId === null) return { days: [], outcomes: [], methods: [], busiest: [] };
        return auditStats(ctx.db, {
          fromDay: q.from,
          toDay: q.to,
          institutionId,
          officeIds: scope.officeIds,
        });
      },
    );

    app.get(
      '/v1/audit/mine',
      {
        onRequest: requireAccount(ctx),
        schema: {
          tags: ['access'],
          summary:
            "The caller's own access attempts today (WIB day), newest first: time, NIK, method, outcome",
          security: bearerSecurity,
          response: {
            200: z.object({
              items: z.array(auditRow.pick({ id: true, at: true, nik: true, method: true, outcome: true })),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const today = wibDay(ctx.clock());
        const from = wibDayStart(today).toISOString();
        const items = await queryAudit(ctx.db, {
          accountId: request.principal!.account.id,
          from,
          limit: 500,
        });
        return {
          items: items.map(({ id, at, nik, method, outcome }) => ({ id, at, nik, method, outcome })),
        };
      },
    );
  };
}
