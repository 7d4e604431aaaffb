import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/app.ts';
import { actorOf, requireRoles } from '../../http/auth.ts';
import { bearerSecurity, errorResponses } from '../../http/schemas.ts';
import { OUTCOME_NAMES, type Outcome } from '../access/outcomes.ts';
import { scopedInstitutionFilter, SCOPED_READERS } from '../auth/actor.ts';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { wibDay, wibDayStart } from '../../lib/time.ts';
import { requireAccount } from '../../http/auth.ts';
import { ApiError } from '../../http/errors.ts';
import { queryAudit, type AuditFilter, type AuditRow } from './audit.repo.ts';
import { auditStats } from './audit.stats.ts';

/** The most rows one CSV export carries; narrow the filter for more. */
export const EXPORT_MAX_ROWS = 100_000;
const EXPORT_PAGE = 1000;

const CSV_COLUMNS: (keyof AuditRow)[] = [
  'id',
  'at',
  'requestId',
  'protocol',
  'method',
  'institutionId',
  'accountId',
  'username',
  'nik',
  'elementsRequested',
  'elementsReturned',
  'outcome',
  'callerIp',
  'agreementVersionId',
];

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

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

const auditRow = z.object({
  id: z.number(),
  at: z.string(),
  requestId: z.string(),
  protocol: z.string(),
  method: z.string(),
  institutionId: z.string().nullable(),
  accountId: z.string().nullable(),
  username: z.string().nullable(),
  nik: z.string().nullable(),
  elementsRequested: z.array(z.string()),
  elementsReturned: z.array(z.string()),
  outcome: z.string(),
  callerIp: z.string(),
  agreementVersionId: z.string().nullable().describe('The agreement version the attempt was judged against'),
});

export const auditQuery = z.object({
  institutionId: z.string().max(64).optional(),
  accountId: z.string().max(64).optional(),
  nik: z
    .string()
    .regex(/^\d{16}$/)
    .optional(),
  outcome: z.enum(OUTCOME_NAMES as [Outcome, ...Outcome[]]).optional(),
  protocol: z.enum(['v1', 'wire']).optional(),
  method: z.enum(['verification', 'portal']).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Inclusive, ISO 8601'),
  to: z.iso.datetime({ offset: true }).optional().describe('Exclusive, ISO 8601'),
  before: z.coerce.number().int().positive().optional().describe('Cursor: nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function auditRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/audit',
      {
        // Officers and auditors in their area; an institution's head and admin their own institution's rows.
        onRequest: requireRoles(ctx, SCOPED_READERS),
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

    app.get(
      '/v1/audit/export.csv',
      {
        onRequest: requireRoles(ctx, SCOPED_READERS),
        schema: {
          tags: ['admin'],
          summary: `The access audit of a filter as CSV (UTF-8, newest first, at most ${EXPORT_MAX_ROWS} rows)`,
          description: 'The filters of GET /v1/audit; the answer streams, with X-Export-Max-Rows.',
          security: bearerSecurity,
          querystring: auditQuery.omit({ limit: true }),
        },
      },
      async (request, reply) => {
        const q = request.query;
        const { scope } = await actorOf(ctx, request);
        const institutionId = scopedInstitutionFilter(scope, q.institutionId);
        const rows =
          institutionId === null
            ? Readable.from([])
            : Readable.from(
                allRows(
                  (f) => queryAudit(ctx.db, f),
                  { ...q, institutionId, officeIds: scope.officeIds, limit: EXPORT_PAGE },
                  EXPORT_MAX_ROWS,
                ),
              );
        const csv = rows.pipe(
          stringify({
            header: true,
            columns: CSV_COLUMNS,
            cast: { object: (v) => (Array.isArray(v) ? v.join(' ') : JSON.stringify(v)) },
          }),
        );
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="audit-${wibDay(ctx.clock())}.csv"`)
          .header('x-export-max-rows', String(EXPORT_MAX_ROWS))
          .send(csv);
      },
    );

    app.get(
      '/v1/audit/stats',
      {
        onRequest: requireRoles(ctx, SCOPED_READERS),
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
        if (q.from > q.to) throw ApiError.of('VALIDATION_FAILED', '`from` is after `to`');
        if (Date.parse(q.to) - Date.parse(q.from) > 366 * 86_400_000) {
          throw ApiError.of('VALIDATION_FAILED', 'Ask for at most 366 days at a time');
        }
        const { scope } = await actorOf(ctx, request);
        const institutionId = scopedInstitutionFilter(scope, q.institutionId);
        if (institutionId === null) return { days: [], outcomes: [], busiest: [] };
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
