import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { callerIp, type AppContext } from '../../http/app.ts';
import type { AccessMethodUsed } from '../access/access.service.ts';
import { elementDef, VERIFIABLE_CODES, type ElementCode } from '../elements/elements.ts';
import {
  readThreshold,
  readWireBody,
  toWireDate,
  wireFound,
  wireOutcome,
  type WireAnswer,
} from './wire.format.ts';
import { wireRouteSchema } from './wire.schema.ts';

const WIRE_BODY_LIMIT = 64 * 1024;

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

    const handle = async (
      request: FastifyRequest<{ Params: { customerId: string } }>,
      method: AccessMethodUsed,
    ): Promise<WireAnswer> => {
      const base = { protocol: 'wire' as const, method, requestId: request.id, callerIp: callerIp(request) };
      const body = readWireBody(typeof request.body === 'string' ? request.body : undefined);
      if (!body) {
        await ctx.access.refuseUnknownCaller(base, 'invalid_request');
        return wireOutcome('invalid_request');
      }
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
          customerId: request.params.customerId,
        },
        nik,
        elementsRequested: [...submitted.keys()],
        replay: { clientRequestId: body.get('REQUEST_ID'), clientTimestamp: body.get('TIMESTAMP') },
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
        // Only submitted and granted elements are answered; an ungranted one is simply absent.
        const fields: Record<string, string> = {};
        for (const v of result.elements) {
          if (v.status === 'match') fields[v.element] = 'Sesuai';
          else if (v.status === 'no_match') fields[v.element] = `Tidak Sesuai (${v.score})`;
        }
        return wireFound(fields);
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
      if (
        typeof (err as { statusCode?: number }).statusCode === 'number' &&
        (err as { statusCode: number }).statusCode < 500
      ) {
        await ctx.access.refuseUnknownCaller(
          {
            protocol: 'wire',
            method: request.url.endsWith('/CALL_NIK') ? 'portal' : 'verification',
            requestId: request.id,
            callerIp: callerIp(request),
          },
          'invalid_request',
        );
        return reply.code(200).send(wireOutcome('invalid_request'));
      }
      request.log.error({ err }, 'unhandled error');
      return reply.code(500).send({ content: [{ RESPON: 'Kesalahan sistem', RESPONSE_CODE: '99' }] });
    });

    app.post<{ Params: { customerId: string } }>(
      '/dukcapil/get_json/:customerId/CALL_VERIFY_BY_ELEMEN',
      { schema: wireRouteSchema('CALL_VERIFY_BY_ELEMEN') },
      (request) => handle(request, 'verification'),
    );
    app.post<{ Params: { customerId: string } }>(
      '/dukcapil/get_json/:customerId/CALL_NIK',
      { schema: wireRouteSchema('CALL_NIK') },
      (request) => handle(request, 'portal'),
    );
  };
}
