import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { DatabaseUnavailableError } from '../../db/db.ts';
import { callerIp } from '../../core/net.ts';
import type { AppContext } from '../../core/context.ts';
import type { AccessMethodUsed } from '../access/access.service.ts';
import { elementDef, VERIFIABLE_CODES, type ElementCode } from '../elements/elements.ts';
import {
  readThreshold,
  readWireBody,
  toWireDate,
  wireFound,
  wireMethodOfUrl,
  wireOutcome,
  type WireAnswer,
} from './wire.format.ts';
import { wireRouteSchema } from './wire.schema.ts';

const WIRE_BODY_LIMIT = 64 * 1024;
/** A region prefix of the older URL shape: a province code, or province-regency ("33", "12-05", "3374"). */
const REGION_PREFIX = /^\d{2}(?:-?\d{2})?$/;
/**
 * Elements whose "Sesuai" carries its score, "Sesuai (NN)": the ones public clients parse a score from on a
 * match (api-dukcapil and a Laravel DukcapilService on NAMA_LGKP and ALAMAT). Every other element answers a
 * bare "Sesuai", which the same clients compare exactly.
 */
const SCORED_ON_MATCH: ReadonlySet<string> = new Set(['NAMA_LGKP', 'ALAMAT']);

/**
 * A wire request that cannot be read (bad body, unknown method, a URL the router refused): audited as an
 * attempt of an unknown caller, answered `07`. The one refusal every wire path and the app's framework-error
 * handler use; a database outage propagates to the caller's own handling.
 */
export async function refuseMalformedWire(
  ctx: AppContext,
  request: FastifyRequest,
  method: AccessMethodUsed = wireMethodOfUrl(request.url) ?? 'verification',
): Promise<WireAnswer> {
  await ctx.access.refuseUnknownCaller(
    { protocol: 'wire', method, requestId: request.id, callerIp: callerIp(request) },
    'invalid_request',
  );
  return wireOutcome('invalid_request');
}

/**
 * `POST /dukcapil/get_json/{CUSTOMER_ID}/CALL_VERIFY_BY_ELEMEN` and `.../CALL_NIK`, on the same access
 * service as v1. The body is read by hand (any content type, keys in any case) because existing clients
 * differ in both; every answer, refusals included, is HTTP 200 in the wire shape.
 */
export function wireRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    // Existing clients send JSON under various content types (or none); read every body as text here.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: WIRE_BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
    // Fastify refuses a Content-Type that is not one valid media type (415) before any parser runs, but public
    // clients send exactly that (api-dukcapil: "application/json,Accept: application/json"; several values).
    // The header means nothing here (every wire body is read as JSON text), so it is set to one valid type
    // before parsing, for the wire routes only.
    app.addHook('onRequest', async (request) => {
      if (request.headers['content-type'] !== undefined) request.headers['content-type'] = 'text/plain';
    });

    const handle = async (
      request: FastifyRequest,
      method: AccessMethodUsed,
      customerId: string,
    ): Promise<WireAnswer> => {
      const base = { protocol: 'wire' as const, method, requestId: request.id, callerIp: callerIp(request) };
      const body = readWireBody(typeof request.body === 'string' ? request.body : undefined);
      if (!body) return refuseMalformedWire(ctx, request, method);
      const nik = body.get('NIK');
      const submitted = new Map<ElementCode, string>();
      if (method === 'verification') {
        for (const code of VERIFIABLE_CODES) {
          const v = body.get(code);
          if (code !== 'NIK' && v !== undefined && v.trim() !== '') submitted.set(code, v);
        }
      }
      const auth = await ctx.access.authorize({
        ...base,
        identity: {
          kind: 'password',
          username: body.get('USER_ID') ?? '',
          password: body.get('PASSWORD') ?? '',
          ipUser: body.get('IP_USER') ?? '',
          customerId,
        },
        nik,
        elementsRequested: [...submitted.keys()],
        replay: { clientRequestId: body.get('REQUEST_ID'), clientTimestamp: body.get('TIMESTAMP') },
        // Ours (optional): the purpose code; a legacy client sends none and gets the agreement's default.
        purpose: body.get('TUJUAN')?.trim() || undefined,
      });
      if (!auth.ok) return wireOutcome(auth.outcome);
      const c = auth.ctx;

      // The request's shape: refused without a hit.
      const threshold = readThreshold(body.get('TRESHOLD') ?? body.get('THRESHOLD'));
      const granted = [...submitted.keys()].filter((code) => c.granted.has(code));
      if (
        nik === undefined ||
        nik.trim() === '' ||
        threshold === 'invalid' ||
        (method === 'verification' && granted.length === 0)
      ) {
        await ctx.access.refuse(c, 'invalid_request', nik, [...submitted.keys()]);
        return wireOutcome('invalid_request');
      }
      if (!/^\d{16}$/.test(nik.trim())) {
        await ctx.access.refuse(c, 'nik_unprocessable', nik, [...submitted.keys()]);
        return wireOutcome('nik_unprocessable');
      }

      if (method === 'verification') {
        const result = await ctx.access.verify(c, {
          nik: nik.trim(),
          submitted: Object.fromEntries(submitted),
          threshold,
        });
        if (result.outcome !== 'found') return wireOutcome(result.outcome);
        // Only submitted and granted elements are answered; an ungranted one is simply absent. The NIK was
        // submitted too and the record was read by it: clients read its verdict first (wire-evidence.md).
        const fields: Record<string, string> = {};
        if (c.granted.has('NIK')) fields.NIK = 'Sesuai';
        for (const v of result.elements) {
          if (v.status === 'match')
            fields[v.element] = SCORED_ON_MATCH.has(v.element) ? `Sesuai (${v.score})` : 'Sesuai';
          else if (v.status === 'no_match') fields[v.element] = `Tidak Sesuai (${v.score})`;
        }
        return c.wireVerifyResponseCode ? wireFound(fields) : { content: [fields] };
      }
      const result = await ctx.access.lookup(c, { nik: nik.trim() });
      if (result.outcome !== 'found') return wireOutcome(result.outcome);
      const fields: Record<string, string> = {};
      for (const { code, value } of result.elements) {
        fields[code] = value === null ? '' : elementDef(code).kind === 'date' ? toWireDate(value) : value;
      }
      return wireFound(fields);
    };

    // Errors before the handler (an oversized body) still answer in the wire shape.
    app.setErrorHandler(async (err, request, reply) => {
      // The database is out of reach: the wire's answer in its usual shape (HTTP 200, as clients expect),
      // code 21; not audited (the audit is in the database), logged once per outage, not per request.
      if (err instanceof DatabaseUnavailableError) {
        return reply.code(200).header('retry-after', '1').send(wireOutcome('database_unavailable'));
      }
      if (
        typeof (err as { statusCode?: number }).statusCode === 'number' &&
        (err as { statusCode: number }).statusCode < 500
      ) {
        try {
          return reply.code(200).send(await refuseMalformedWire(ctx, request));
        } catch (e) {
          if (!(e instanceof DatabaseUnavailableError)) throw e;
          return reply.code(200).header('retry-after', '1').send(wireOutcome('database_unavailable'));
        }
      }
      request.log.error({ err }, 'unhandled error');
      return reply.code(500).send({ content: [{ RESPON: 'Kesalahan sistem', RESPONSE_CODE: '99' }] });
    });

    app.post<{ Params: { customerId: string } }>(
      '/dukcapil/get_json/:customerId/CALL_VERIFY_BY_ELEMEN',
      { schema: wireRouteSchema('CALL_VERIFY_BY_ELEMEN') },
      (request) => handle(request, 'verification', request.params.customerId),
    );
    app.post<{ Params: { customerId: string } }>(
      '/dukcapil/get_json/:customerId/CALL_NIK',
      { schema: wireRouteSchema('CALL_NIK') },
      (request) => handle(request, 'portal', request.params.customerId),
    );

    // The same two methods named in any case (`…/call_nik`), and the older shape with a region prefix
    // (`/dukcapil/get_json/33/<customer>/call_nik`, `/dukcapil/get_json/12-05/<customer>/call_nik`) that public
    // clients still call (docs/wire-evidence.md). The region is not used: the institution is the customer. The
    // router merges differently named parameters at one position, so the three-segment shape is read by
    // position (region, customer, method). An unknown method name or region is answered in the wire shape
    // (07), never a non-wire 404.
    const byName = async (request: FastifyRequest, segments: string[]): Promise<WireAnswer> => {
      const [customerId, name] =
        segments.length === 3 && REGION_PREFIX.test(segments[0]!)
          ? [segments[1]!, segments[2]!.toUpperCase()]
          : segments.length === 2
            ? [segments[0]!, segments[1]!.toUpperCase()]
            : ['', ''];
      if (customerId !== '' && name === 'CALL_NIK') return handle(request, 'portal', customerId);
      if (customerId !== '' && name === 'CALL_VERIFY_BY_ELEMEN') {
        return handle(request, 'verification', customerId);
      }
      return refuseMalformedWire(ctx, request, name === 'CALL_NIK' ? 'portal' : 'verification');
    };
    const hidden = { schema: { hide: true } };
    app.post<{ Params: { customerId: string; method: string } }>(
      '/dukcapil/get_json/:customerId/:method',
      hidden,
      (request) => byName(request, [request.params.customerId, request.params.method]),
    );
    app.post<{ Params: { customerId: string; method: string; service: string } }>(
      '/dukcapil/get_json/:customerId/:method/:service',
      hidden,
      (request) =>
        byName(request, [request.params.customerId, request.params.method, request.params.service]),
    );
  };
}
