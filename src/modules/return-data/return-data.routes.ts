import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerIp } from '../../core/net.ts';
import type { AppContext } from '../../core/context.ts';
import { actingOf, requireRoles } from '../../core/auth.ts';
import { ApiError } from '../../core/errors.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { inNetworks } from '../access/network.ts';
import { OUTCOMES } from '../access/outcomes.ts';
import { loadAgreement } from '../agreements/agreements.service.ts';
import { scopedInstitutionFilter, type Actor } from '../../core/actor.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import { agreementCoverage, missingOf } from './return-data.coverage.ts';
import { returnDataPolicy } from './return-data.policy.ts';
import { PRESET_NAMES, PRESETS } from './return-data.presets.ts';
import { recordsCsv, recordsXlsx } from './return-data.export.ts';
import {
  findRecords,
  recordFieldKeys,
  recordPage,
  type RecordFilter,
  getUpload,
  listRejects,
  listSchemaVersions,
  listUploads,
  type Upload,
} from './return-data.repo.ts';
import {
  coverageView,
  returnDataPresetSchema,
  returnDataSchemaInput,
  returnDataSchemaView,
  uploadView,
} from './return-data.schema.ts';
import {
  agreementWithSchema,
  importFile,
  setReturnDataSchema,
  submitRecords,
} from './return-data.service.ts';
import { csvTemplate, rejectsCsv, rejectsXlsx, tableSchema, xlsxTemplate } from './return-data.templates.ts';

const idParams = z.object({ id: z.string().max(64) });
const nik = z.string().regex(/^\d{16}$/, 'NIK must be 16 digits');

const rejectItem = z.object({
  index: z.number().int().describe('The record’s position in the batch, from 0'),
  column: z.string(),
  reason: z.string(),
});

// null (an empty field) on the string member: OpenAPI 3.0 needs a type beside `nullable`.
const recordValue = z.union([z.string().max(4000).nullable(), z.number(), z.boolean()]);
const submitBody = z.object({
  agreementId: z.string().max(64),
  channel: z.enum(['web_service', 'form']).default('web_service').describe('form: the portal’s online form'),
  records: z
    .array(
      z.object({
        nik: z.string().max(64).describe('The NIK (16 digits, as a string)'),
        period: z
          .string()
          .max(16)
          .describe('PERIODE: YYYY-MM, or YYYY-S1 / YYYY-S2 for a semester obligation'),
        values: z.record(z.string().max(64), recordValue).describe('The schema’s fields by key'),
      }),
    )
    .min(1)
    .max(1000),
});

const recordView = z.object({
  agreementId: z.string(),
  institutionId: z.string(),
  institutionName: z.string(),
  registryNumber: z.string(),
  nik: z.string(),
  period: z.string(),
  data: z.record(z.string(), z.unknown()),
  channel: z.string(),
  receivedAt: z.string(),
});

/** The institution's people send from its allowed networks, while it is active (as the access API). */
async function checkSender(ctx: AppContext, request: FastifyRequest, actor: Actor): Promise<void> {
  const institution = await loadInstitution(ctx.db, actor.account!.institutionId!, actor.scope);
  if (!inNetworks(callerIp(request), institution.allowedNetworks)) {
    throw ApiError.of('FORBIDDEN', OUTCOMES.network_not_allowed.message);
  }
  if (!institution.isActive) throw ApiError.of('FORBIDDEN', OUTCOMES.institution_inactive.message);
}

async function uploadInScope(ctx: AppContext, id: string, actor: Actor): Promise<Upload> {
  const upload = await getUpload(ctx.db, id);
  if (!upload) throw ApiError.of('NOT_FOUND', 'Upload not found');
  await loadAgreement(ctx.db, upload.agreementId, actor.scope); // 404 outside the scope
  return upload;
}

async function* allRejects(ctx: AppContext, uploadId: string) {
  for (let offset = 0; ; offset += 5000) {
    const page = await listRejects(ctx.db, uploadId, 5000, offset);
    yield* page;
    if (page.length < 5000) return;
  }
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The most rows one export holds (a page of 5,000 at a time, keyset on the primary key). */
export const RECORDS_EXPORT_MAX = 1_000_000;

const recordsExportQuery = z
  .object({
    institutionId: z.string().max(64).optional(),
    agreementId: z.string().max(64).optional(),
    period: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2]|S[12])$/, 'PERIODE: YYYY-MM or YYYY-S1/S2')
      .optional(),
  })
  .describe('Filters; none: every record in the caller’s scope');

/** The filtered records in the actor's scope, a page at a time; a foreign institution asked for: nothing. */
async function* exportedRecords(ctx: AppContext, f: RecordFilter) {
  let after: { agreementId: string; nik: string; period: string } | null = null;
  for (let n = 0; n < RECORDS_EXPORT_MAX;) {
    const page = await recordPage(ctx.db, f, after, 5000);
    yield* page;
    n += page.length;
    if (page.length < 5000) return;
    const last = page.at(-1)!;
    after = { agreementId: last.agreementId, nik: last.nik, period: last.period };
  }
}

export function returnDataRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Multipart only here (an encapsulated registration): the upload reads its one file as a stream.
    await app.register(fastifyMultipart, {
      limits: { fileSize: ctx.config.returnDataMaxBytes, files: 1, fields: 4, parts: 5 },
    });
    const meta = { tags: ['return-data'], security: bearerSecurity };

    app.get(
      '/v1/return-data/presets',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.readSchema),
        schema: {
          ...meta,
          summary: 'The four preset return-data schemas an officer picks and edits',
          response: {
            200: z.object({
              items: z.array(
                z.object({ name: z.enum(PRESET_NAMES), title: z.string(), schema: returnDataPresetSchema }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async () => ({
        items: PRESET_NAMES.map((name) => ({
          name,
          title: PRESETS[name].title,
          schema: PRESETS[name].schema,
        })),
      }),
    );

    app.get(
      '/v1/agreements/:id/return-data-schema',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.readSchema),
        schema: {
          ...meta,
          summary: 'An agreement’s return-data schema in force, and its versions',
          params: idParams,
          response: {
            200: z.object({ current: returnDataSchemaView, versions: z.array(returnDataSchemaView) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { actor } = await actingOf(ctx, request);
        const { agreement, schema } = await agreementWithSchema(
          { db: ctx.db, now: ctx.clock() },
          actor,
          request.params.id,
        );
        return { current: schema, versions: await listSchemaVersions(ctx.db, agreement.id) };
      },
    );

    app.post(
      '/v1/agreements/:id/return-data-schema',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.setSchema),
        schema: {
          ...meta,
          summary:
            'Set the agreement’s return-data schema (a new version, tied to the terms’ version in force)',
          description:
            'Fields (key, Indonesian label, type, required, limits), the obligation’s period and the share of ' +
            'accessed NIKs to cover. Start from GET /v1/return-data/presets.',
          params: idParams,
          body: returnDataSchemaInput,
          response: { 201: returnDataSchemaView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply.code(201).send(
          await setReturnDataSchema({ db: ctx.db, now: acting.now }, acting.actor, {
            agreementId: request.params.id,
            ...request.body,
          }),
        );
      },
    );

    app.get(
      '/v1/agreements/:id/return-data-schema/table-schema.json',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.readSchema),
        schema: {
          ...meta,
          summary: 'The return-data schema as a Frictionless Table Schema (JSON)',
          params: idParams,
          response: { 200: z.record(z.string(), z.unknown()), ...errorResponses },
        },
      },
      async (request) => {
        const { agreement, schema } = await agreementWithSchema(
          { db: ctx.db, now: ctx.clock() },
          (await actingOf(ctx, request)).actor,
          request.params.id,
        );
        return tableSchema(schema, agreement);
      },
    );

    app.get(
      '/v1/agreements/:id/return-data-schema/template.csv',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.readSchema),
        schema: {
          ...meta,
          summary: 'A CSV template: the header row and one synthetic example row',
          params: idParams,
        },
      },
      async (request, reply) => {
        const { schema } = await agreementWithSchema(
          { db: ctx.db, now: ctx.clock() },
          (await actingOf(ctx, request)).actor,
          request.params.id,
        );
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="data-balikan-${request.params.id}.csv"`)
          .send(csvTemplate(schema));
      },
    );

    app.get(
      '/v1/agreements/:id/return-data-schema/template.xlsx',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.readSchema),
        schema: {
          ...meta,
          summary:
            'An XLSX template: header row, one synthetic example row, and a sheet explaining each field',
          params: idParams,
        },
      },
      async (request, reply) => {
        const { agreement, schema } = await agreementWithSchema(
          { db: ctx.db, now: ctx.clock() },
          (await actingOf(ctx, request)).actor,
          request.params.id,
        );
        return reply
          .type(XLSX_TYPE)
          .header('content-disposition', `attachment; filename="data-balikan-${request.params.id}.xlsx"`)
          .send(xlsxTemplate(schema, agreement));
      },
    );

    app.post(
      '/v1/return-data',
      {
        // A batch of up to 1,000 records is larger than the API's usual 64 KiB.
        bodyLimit: 1024 * 1024,
        onRequest: requireRoles(ctx, returnDataPolicy.submit),
        schema: {
          ...meta,
          summary: 'Send return data as a JSON batch (the web service; the portal’s online form sends one)',
          description:
            'Each record is checked like an uploaded row; valid records of NIKs the institution accessed (found) ' +
            'under the agreement are stored by (agreement, NIK, period) — sent again, they replace themselves. ' +
            'Any other NIK is rejected with one reason that says nothing about the registry. From the ' +
            'institution’s allowed networks only.',
          body: submitBody,
          response: {
            200: z.object({
              received: z.number().int(),
              accepted: z.number().int(),
              rejected: z.number().int(),
              rejects: z.array(rejectItem),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const opts = await actingOf(ctx, request);
        await checkSender(ctx, request, opts.actor);
        const result = await submitRecords({ db: ctx.db, now: opts.now }, opts.actor, request.body);
        return {
          ...result,
          rejects: result.rejects.map(({ index, column, reason }) => ({ index, column, reason })),
        };
      },
    );

    app.post(
      '/v1/return-data/uploads',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.submit),
        // The file is read by hand, as a stream (multipart): the body is not validated as JSON.
        validatorCompiler: ({ httpPart }) =>
          httpPart === 'body'
            ? () => ({ value: undefined })
            : (data: unknown) => {
                const r = z.object({ agreementId: z.string().max(64) }).safeParse(data);
                return r.success ? { value: r.data } : { error: new Error('agreementId is required') };
              },
        schema: {
          ...meta,
          summary: 'Upload return data as CSV or XLSX (multipart/form-data, one file)',
          description:
            'Streamed: CSV with , ; or tab, UTF-8 (BOM or not) or Windows-1252; XLSX read row by row. The ' +
            'header names each column by key or label (case and spacing free). Accepted rows are committed ' +
            'even when others are rejected; the result lists rejects by line, column and reason (Indonesian). ' +
            'An empty or unreadable file, or one without a required column, is refused whole (400); a file ' +
            'over the limit: 413 with the limit.',
          consumes: ['multipart/form-data'],
          querystring: z.object({ agreementId: z.string().max(64) }),
          body: z.object({ file: z.string().describe('The CSV or XLSX file') }),
          response: { 201: uploadView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const opts = await actingOf(ctx, request);
        await checkSender(ctx, request, opts.actor);
        const limit = ctx.config.returnDataMaxBytes;
        const tooLarge = () =>
          ApiError.of('PAYLOAD_TOO_LARGE', `Berkas melebihi batas ${limit} byte`, { limitBytes: limit });
        const declared = Number(request.headers['content-length'] ?? 0);
        if (declared > limit + 64 * 1024) throw tooLarge();
        // The agreement is checked before the file is read.
        await agreementWithSchema({ db: ctx.db, now: ctx.clock() }, opts.actor, request.query.agreementId);
        if (!request.isMultipart()) {
          throw ApiError.of('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data');
        }
        // A malformed multipart body (no boundary, cut short, garbage) is the caller's 400, never a 500.
        const unreadable = (e: unknown) => {
          const code = (e as { code?: string }).code ?? '';
          if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
          if (e instanceof ApiError) return e;
          return ApiError.of('UPLOAD_UNREADABLE', 'Berkas multipart tidak terbaca');
        };
        const part = await request.file().catch((e: unknown) => {
          throw unreadable(e);
        });
        if (!part) throw ApiError.of('UPLOAD_NO_FILE', 'Berkas tidak dikirim');
        const path = join(tmpdir(), `gerbang-rd-${randomBytes(8).toString('hex')}`);
        try {
          try {
            await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
          } catch (e) {
            throw unreadable(e);
          }
          if (part.file.truncated) throw tooLarge();
          const upload = await importFile({ db: ctx.db, now: opts.now }, opts.actor, {
            agreementId: request.query.agreementId,
            path,
            filename: part.filename || 'berkas',
            channel: 'upload',
          });
          return reply.code(201).send({ ...upload, rejects: await listRejects(ctx.db, upload.id, 100) });
        } finally {
          await rm(path, { force: true });
        }
      },
    );

    app.get(
      '/v1/return-data/uploads',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.readResults),
        schema: {
          ...meta,
          summary: 'The uploads of an agreement, newest first (at most 50)',
          querystring: z.object({ agreementId: z.string().max(64) }),
          response: {
            200: z.object({ items: z.array(uploadView.omit({ rejects: true })) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { actor } = await actingOf(ctx, request);
        // A list: an agreement outside the caller's scope lists nothing.
        const agreement = await loadAgreement(ctx.db, request.query.agreementId, actor.scope).catch(
          (e: unknown) => {
            if (e instanceof ApiError) return null;
            throw e;
          },
        );
        return { items: agreement ? await listUploads(ctx.db, agreement.id) : [] };
      },
    );

    app.get(
      '/v1/return-data/uploads/:id',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.readResults),
        schema: {
          ...meta,
          summary: 'One upload’s result: rows read, accepted, rejected, and its first rejects',
          params: idParams,
          response: { 200: uploadView, ...errorResponses },
        },
      },
      async (request) => {
        const upload = await uploadInScope(ctx, request.params.id, (await actingOf(ctx, request)).actor);
        return { ...upload, rejects: await listRejects(ctx.db, upload.id, 100) };
      },
    );

    app.get(
      '/v1/return-data/uploads/:id/rejects.csv',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.readResults),
        schema: {
          ...meta,
          summary: 'An upload’s rejects as CSV: line (baris), column (kolom), reason (alasan, Indonesian)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const upload = await uploadInScope(ctx, request.params.id, (await actingOf(ctx, request)).actor);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="ditolak-${upload.id}.csv"`)
          .send(rejectsCsv(allRejects(ctx, upload.id)));
      },
    );

    app.get(
      '/v1/return-data/uploads/:id/rejects.xlsx',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.readResults),
        schema: { ...meta, summary: 'An upload’s rejects as XLSX (line, column, reason)', params: idParams },
      },
      async (request, reply) => {
        const upload = await uploadInScope(ctx, request.params.id, (await actingOf(ctx, request)).actor);
        return reply
          .type(XLSX_TYPE)
          .header('content-disposition', `attachment; filename="ditolak-${upload.id}.xlsx"`)
          .send(rejectsXlsx(allRejects(ctx, upload.id)));
      },
    );

    app.get(
      '/v1/agreements/:id/return-data/coverage',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.readResults),
        schema: {
          ...meta,
          summary:
            'Return-data coverage per period: NIKs accessed (found) vs NIKs with return data; overdue periods',
          params: idParams,
          response: { 200: coverageView, ...errorResponses },
        },
      },
      async (request) => {
        const { actor, now } = await actingOf(ctx, request);
        return agreementCoverage({ db: ctx.db, now }, actor, request.params.id);
      },
    );

    app.get(
      '/v1/agreements/:id/return-data/missing',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.readResults),
        schema: {
          ...meta,
          summary: 'The NIKs of a period accessed (found) under the agreement that still lack return data',
          params: idParams,
          querystring: z.object({
            period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|S[12])$/),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
          response: { 200: z.object({ period: z.string(), niks: z.array(z.string()) }), ...errorResponses },
        },
      },
      async (request) => {
        const { actor } = await actingOf(ctx, request);
        const { period, limit } = request.query;
        return {
          period,
          niks: await missingOf({ db: ctx.db, now: ctx.clock() }, actor, {
            agreementId: request.params.id,
            period,
            limit,
          }),
        };
      },
    );

    app.get(
      '/v1/return-data/records',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.readRecords),
        schema: {
          ...meta,
          summary: 'Return data in scope: about one resident (nik), or of an agreement and period',
          description:
            'Officers see what every institution in their area sent about a resident; an institution’s head ' +
            'and admin see only their own institution’s records.',
          querystring: z
            .object({
              nik: nik.optional(),
              institutionId: z.string().max(64).optional(),
              agreementId: z.string().max(64).optional(),
              period: z.string().max(16).optional(),
              limit: z.coerce.number().int().min(1).max(1000).default(100),
            })
            .refine(
              (q) => q.nik || q.agreementId || q.institutionId,
              'Give a nik, an agreementId or an institutionId',
            ),
          response: { 200: z.object({ items: z.array(recordView) }), ...errorResponses },
        },
      },
      async (request) => {
        const { actor } = await actingOf(ctx, request);
        // Scoped in SQL: another area's or institution's records are never listed.
        const institutionId = scopedInstitutionFilter(actor.scope, request.query.institutionId);
        if (institutionId === null) return { items: [] };
        return {
          items: await findRecords(ctx.db, {
            nik: request.query.nik,
            agreementId: request.query.agreementId,
            period: request.query.period,
            officeIds: actor.scope.officeIds,
            institutionId,
            limit: request.query.limit,
          }),
        };
      },
    );

    /** The export's filter in the caller's scope, or null when it asks for another institution. */
    const exportFilter = async (request: FastifyRequest, q: z.infer<typeof recordsExportQuery>) => {
      const { actor } = await actingOf(ctx, request);
      const institutionId = scopedInstitutionFilter(actor.scope, q.institutionId);
      if (institutionId === null) return null;
      const f: RecordFilter = { ...q, institutionId, officeIds: actor.scope.officeIds };
      return { f, keys: await recordFieldKeys(ctx.db, f) };
    };
    const empty = async function* () {};

    app.get(
      '/v1/return-data/records/export.csv',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.readRecords),
        schema: {
          ...meta,
          summary: `Return data in scope as CSV (per institution, agreement, period; at most ${RECORDS_EXPORT_MAX} rows)`,
          description:
            'Columns NIK, PERIODE, the fields of the schemas the records were sent under, INSTANSI, PKS, SALURAN, ' +
            'DITERIMA_WIB; text fields quoted. `excel=true`: UTF-8 BOM, `;`, CRLF. For Excel prefer ' +
            'export.xlsx: Excel reads a NIK in any CSV as a number. Officers see their area; an institution its own.',
          querystring: recordsExportQuery.extend({
            excel: z
              .enum(['true', 'false'])
              .default('false')
              .transform((v) => v === 'true'),
          }),
        },
      },
      async (request, reply) => {
        const { excel, ...q } = request.query;
        const e = await exportFilter(request, q);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="data-balikan-${q.period ?? 'semua'}.csv"`)
          .send(recordsCsv(e?.keys ?? [], e ? exportedRecords(ctx, e.f) : empty(), { excel }));
      },
    );

    app.get(
      '/v1/return-data/records/export.xlsx',
      {
        onRequest: requireRoles(ctx, returnDataPolicy.readRecords),
        schema: {
          ...meta,
          summary: 'Return data in scope as an Excel workbook (NIKs and values as text cells)',
          querystring: recordsExportQuery,
        },
      },
      async (request, reply) => {
        const e = await exportFilter(request, request.query);
        return reply
          .type(XLSX_TYPE)
          .header(
            'content-disposition',
            `attachment; filename="data-balikan-${request.query.period ?? 'semua'}.xlsx"`,
          )
          .send(recordsXlsx(e?.keys ?? [], e ? exportedRecords(ctx, e.f) : empty()));
      },
    );
  };
}
