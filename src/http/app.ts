import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import type { Config } from '../config.ts';
import type { AppContext } from '../core/context.ts';
import { callerIp } from '../core/net.ts';
import { DatabaseUnavailableError, type Db } from '../db/db.ts';
import { systemClock, type Clock } from '../lib/time.ts';
import { accessRoutes } from '../modules/access/access.routes.ts';
import { AccessService } from '../modules/access/access.service.ts';
import { accountRoutes } from '../modules/accounts/accounts.routes.ts';
import { adminAuditRoutes } from '../modules/admin-audit/admin-audit.routes.ts';
import { applicationRoutes } from '../modules/applications/applications.routes.ts';
import { agreementLifecycleRoutes } from '../modules/agreements/agreements.lifecycle.routes.ts';
import { agreementRoutes } from '../modules/agreements/agreements.routes.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { logRoutes } from '../modules/audit/log.routes.ts';
import { BatchedAuditSink, commitLegacyRows, type AuditSink } from '../modules/audit/audit.sink.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { TokenService } from '../modules/auth/tokens.ts';
import { complianceRoutes } from '../modules/compliance/compliance.routes.ts';
import { cardReaderRoutes } from '../modules/card-readers/card-readers.routes.ts';
import { cardReadRoutes } from '../modules/card-readers/card-reads.routes.ts';
import { officeholderChangeRoutes } from '../modules/officeholder-changes/officeholder-changes.routes.ts';
import { centralMouRoutes } from '../modules/central-mous/central-mous.routes.ts';
import { documentValidityRoutes } from '../modules/document-validity/document-validity.routes.ts';
import { elementRoutes } from '../modules/elements/elements.routes.ts';
import { holidayRoutes } from '../modules/holidays/holidays.routes.ts';
import { reportRoutes } from '../modules/reports/reports.routes.ts';
import { evaluationRoutes } from '../modules/evaluations/evaluations.routes.ts';
import { purposeRoutes } from '../modules/purposes/purposes.routes.ts';
import { codeSenderFor, type CodeSender } from '../modules/resident/resident.delivery.ts';
import { disclosureRoutes } from '../modules/resident/resident.disclosure.ts';
import { residentRoutes } from '../modules/resident/resident.routes.ts';
import { disputeRoutes, residentDisputeRoutes } from '../modules/disputes/disputes.routes.ts';
import { gateRoutes } from '../modules/gates/gates.routes.ts';
import { networkProvisionRoutes } from '../modules/network-provisions/network-provisions.routes.ts';
import { institutionRoutes } from '../modules/institutions/institutions.routes.ts';
import type { MisuseGuard } from '../modules/misuse/misuse.guard.ts';
import { misuseRoutes } from '../modules/misuse/misuse.routes.ts';
import { createMisuseGuard } from '../modules/misuse/misuse.setup.ts';
import { registerMetrics, withOutcomeMetrics } from '../modules/metrics/metrics.routes.ts';
import { quotaRequestRoutes } from '../modules/quota-requests/quota-requests.routes.ts';
import { userIdRequestRoutes } from '../modules/user-id-requests/user-id-requests.routes.ts';
import { officeRoutes } from '../modules/offices/offices.routes.ts';
import { regionRoutes } from '../modules/regions/regions.routes.ts';
import { returnDataRoutes } from '../modules/return-data/return-data.routes.ts';
import { dataQualityTicketRoutes } from '../modules/data-quality-tickets/data-quality-tickets.routes.ts';
import { DbLeaseStore, LeasedQuotaGate, type QuotaGate } from '../modules/quota/quota.ts';
import { DbFeeLeaseStore, LeasedFeeGate, type FeeGate } from '../modules/fees/fees.gate.ts';
import { feeRoutes } from '../modules/fees/fees.routes.ts';
import { AccessCache } from '../modules/access/access.cache.ts';
import { benchRoutes } from '../modules/access/bench.routes.ts';
import { refuseMalformedWire, wireRoutes } from '../modules/wire/wire.routes.ts';
import { OUTCOMES } from '../modules/access/outcomes.ts';
import {
  contractHeaders,
  errorBody,
  InFlight,
  makeClientErrorHandler,
  newRequestId,
  refuseUnstorableText,
  UnstorableTextError,
} from './edge.ts';
import { ApiError, type ErrorBody } from '../core/errors.ts';
import { wireMethodOfUrl } from '../modules/wire/wire.format.ts';
import { csrfGuard } from '../core/csrf.ts';
import { healthSchema, openapiOptions, readySchema } from './openapi.ts';
import { registerPortal } from './portal.ts';

export interface AppDeps {
  config: Config;
  db: Db;
  clock?: Clock;
  quota?: QuotaGate;
  /** Charging under PP 10/2023; default: leased from the database in blocks of QUOTA_LEASE_BLOCK. */
  fees?: FeeGate;
  audit?: AuditSink;
  /** Misuse detection and replay protection; default: built from the config (Redis or memory). */
  misuse?: MisuseGuard;
  /** `false` silences logging (tests); `logStream` sends the JSON log lines elsewhere than stdout. */
  logger?: boolean;
  logStream?: NodeJS.WritableStream;
  /** The built portal to serve (default: dist/portal). */
  portalDir?: string;
  /** Where residents' sign-in codes go (default: SMTP when configured, else the development sink). */
  residentCodes?: CodeSender;
}

export type App = FastifyInstance;
export type TypedApp = ReturnType<FastifyInstance['withTypeProvider']> & FastifyInstance;

const ACCESS_ROUTES: Record<string, 'verification' | 'portal' | 'card_reader'> = {
  '/v1/verifications': 'verification',
  '/v1/lookups': 'portal',
  '/v1/card-reads': 'card_reader',
};

// An incoming X-Request-Id is kept when it is a sane token (so a caller can correlate), else a new one.
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db } = deps;
  const clock = deps.clock ?? systemClock;
  // Rows written before the transparency log existed get their commitment once, before any new row.
  await commitLegacyRows(db);
  // The Redis client is loaded only when configured (ioredis takes ~0.1 s to load, a tenth of a restart).
  const redisStore = config.redisUrl
    ? (await import('../modules/quota/quota.redis.ts')).RedisLeaseStore.connect(config.redisUrl, db)
    : null;
  const leased = deps.quota
    ? null
    : new LeasedQuotaGate(redisStore ?? new DbLeaseStore(db), { block: config.quotaLeaseBlock });
  const quota = deps.quota ?? leased!;
  const fees = deps.fees ?? new LeasedFeeGate(new DbFeeLeaseStore(db), { block: config.quotaLeaseBlock });
  const audit = withOutcomeMetrics(
    deps.audit ?? new BatchedAuditSink(db, { maxBatch: config.auditMaxBatch }),
  );
  const accessCache = new AccessCache(db, config.accessCacheMs, { now: () => clock().getTime() });

  const inFlight = new InFlight();
  const app = Fastify({
    // Answers Fastify and Node give by themselves keep the contract too (edge.ts): the error body,
    // X-Request-Id, Cache-Control: no-store; a malformed request is told with Connection: close.
    clientErrorHandler: makeClientErrorHandler({
      inFlight: inFlight.get,
      log: (code) => app.log.debug({ code }, 'malformed request'),
    }),
    frameworkErrors: (err, request, frameworkReply) => {
      const reply = frameworkReply as unknown as FastifyReply;
      reply.headers(contractHeaders(request.id));
      const wire = request.method === 'POST' ? wireMethodOfUrl(request.url) : null;
      if (wire) {
        // A wire caller is answered in its protocol, audited like any other malformed request.
        return refuseMalformedWire(ctx, request, wire).then((answer) => reply.code(200).send(answer));
      }
      const [status, code, message] =
        err.code === 'FST_ERR_BAD_URL'
          ? [400, 'VALIDATION_FAILED', 'The URL is not valid (a malformed percent escape)']
          : err.code === 'FST_ERR_MAX_PARAM_LENGTH'
            ? [414, 'URI_TOO_LONG', 'A path parameter is longer than 100 characters']
            : [500, 'INTERNAL', 'Internal error; quote the request ID when reporting it'];
      return reply.code(status).send(errorBody(code, message, request.id));
    },
    logger:
      deps.logger !== false
        ? {
            level: config.logLevel,
            ...(deps.logStream ? { stream: deps.logStream } : {}),
            // Request logs carry method, path, status and timing only: no bodies, no query strings (an audit
            // filter may hold a NIK), no headers (tokens). Errors keep message, code and stack but not a
            // driver's `detail`, which can quote the offending values.
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({
                id: req.id,
                method: req.method,
                path: req.url.split('?')[0] ?? '',
              }),
              err: (e: Error & { code?: unknown }) => ({
                type: e.name,
                message: e.message,
                code: e.code,
                stack: e.stack ?? '',
              }),
            },
          }
        : false,
    trustProxy: config.trustProxy,
    bodyLimit: 64 * 1024,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given)
        ? given
        : `req_${randomUUID().replaceAll('-', '')}`;
    },
  });
  // A database outage is logged once when it starts and once when it ends, never per request (issue #17).
  db.availability?.onChange((change) => {
    if (change.up) app.log.warn({ downMs: change.downMs }, 'database reachable again');
    else app.log.error({ cause: change.error }, 'database unavailable; answering 503 DATABASE_UNAVAILABLE');
  });
  inFlight.track(app.server);
  // `Expect:` other than 100-continue: Node would answer 417 by itself, bare; answer it in the contract.
  app.server.on('checkExpectation', (_req, res) => {
    const requestId = newRequestId();
    const body = JSON.stringify(
      errorBody('EXPECTATION_FAILED', 'Only "Expect: 100-continue" is supported', requestId),
    );
    res.writeHead(417, { ...contractHeaders(requestId), 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
  });
  const misuse = deps.misuse ?? (await createMisuseGuard(config, db, app.log));
  // Detection and alert writes still under way finish before the database may close.
  app.addHook('onClose', () => misuse.close());
  const ctx: AppContext = {
    config,
    db,
    clock,
    tokens: new TokenService(config.tokenSecret, config.tokenTtlSeconds),
    quota,
    fees,
    access: new AccessService({
      db,
      clock,
      quota,
      fees,
      audit,
      cache: accessCache,
      misuse,
      lockout: { lockoutThreshold: config.lockoutThreshold, lockoutMinutes: config.lockoutMinutes },
    }),
    accessCache,
    misuse,
  };

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await registerMetrics(app, ctx);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Answers carry population data or verdicts about it: never cached anywhere.
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
  });

  // An administrative change made through this process (an account, institution or agreement changed) is
  // seen by the access path at once: forget what was cached of callers, and give back leased quota (a
  // quota may have been lowered). Other processes see it within ACCESS_CACHE_MS.
  // (onSend: before the answer leaves, so the caller's next request already sees the change.)
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'GET' || reply.statusCode >= 400 || isAccessRoute(request)) return payload;
    accessCache.clear();
    await quota.releaseAll();
    await fees.releaseAll();
    return payload;
  });
  app.addHook('onClose', async () => {
    await audit.flush();
    await quota.releaseAll();
    await fees.releaseAll();
    fees.close();
    leased?.close();
    await redisStore?.close();
  });

  // The body is read (and the edge rule applied) before the caller checks run: an unreadable request to an
  // access route is still an attempt, audited without a known caller.
  const auditUnreadable = async (request: FastifyRequest) => {
    const method = ACCESS_ROUTES[request.routeOptions.url ?? ''];
    if (method) {
      await ctx.access.refuseUnknownCaller(
        { protocol: 'v1', method, requestId: request.id, callerIp: callerIp(request) },
        'invalid_request',
      );
    }
  };
  app.setErrorHandler(async (err: FastifyError, request, reply) => {
    const send = (status: number, code: string, message: string, details?: unknown) => {
      const body: ErrorBody = {
        error: { code, message, requestId: request.id, ...(details ? { details } : {}) },
      };
      return reply.code(status).send(body);
    };
    // A database outage is a known state, logged once per transition (above), not per request: 503, also
    // when it is the audit of a refusal below that cannot be written.
    const unavailable = () => {
      const o = OUTCOMES.database_unavailable;
      reply.header('retry-after', '1');
      return send(o.http, o.code, o.message);
    };
    if (err instanceof DatabaseUnavailableError) return unavailable();
    try {
      return await handleError(err, request, send);
    } catch (e) {
      if (e instanceof DatabaseUnavailableError) return unavailable();
      throw e;
    }
  });
  const handleError = async (
    err: FastifyError,
    request: FastifyRequest,
    send: (status: number, code: string, message: string, details?: unknown) => unknown,
  ) => {
    if (err instanceof UnstorableTextError) {
      await auditUnreadable(request);
      return send(err.status, err.code, err.message, err.details);
    }
    if (err instanceof ApiError) return send(err.status, err.code, err.message, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      await request.accessRefusal?.(request.body);
      const details = err.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
      return send(400, 'VALIDATION_FAILED', 'The request does not match the schema', details);
    }
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      await auditUnreadable(request);
      return send(400, 'VALIDATION_FAILED', 'The body is not valid JSON');
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return send(413, 'PAYLOAD_TOO_LARGE', 'The body is too large');
    if (err instanceof ZodError) {
      const details = err.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message }));
      return send(400, 'VALIDATION_FAILED', 'The request does not match the schema', details);
    }
    // Constraint violations are the caller's conflict or bad reference, not a server fault.
    const pgCode = (err as { code?: unknown }).code;
    if (pgCode === '23505') return send(409, 'CONFLICT', 'That already exists (a unique value is taken)');
    if (pgCode === '23503') return send(400, 'VALIDATION_FAILED', 'A referenced record does not exist');
    if (pgCode === '23514') return send(400, 'VALIDATION_FAILED', 'The values break a rule of the record');
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return send(err.statusCode, 'VALIDATION_FAILED', err.message);
    }
    request.log.error({ err }, 'unhandled error');
    return send(500, 'INTERNAL', 'Internal error; quote the request ID when reporting it');
  };
  const portal = await registerPortal(app, deps.portalDir);
  app.addHook('onRequest', csrfGuard(config.tokenSecret));
  // The edge rule for every route (edge.ts): no NUL or unpaired surrogate in path parameters, query or body
  // reaches a route, its hooks or the database; a root hook, so it runs before each route's own hooks.
  app.addHook('preValidation', refuseUnstorableText);
  app.setNotFoundHandler((request, reply) => {
    if (portal.page(request, reply)) return reply;
    const body: ErrorBody = {
      error: {
        code: 'NOT_FOUND',
        message: `No route ${request.method} ${request.url.split('?')[0]}`,
        requestId: request.id,
      },
    };
    return reply.code(404).send(body);
  });

  await app.register(fastifySwagger, openapiOptions);
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/health', { schema: healthSchema }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: readySchema }, async (_req, reply) => {
    try {
      await db.query('SELECT 1');
      return { status: 'ready', database: db.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: db.kind });
    }
  });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  await typed.register(authRoutes(ctx));
  await typed.register(accessRoutes(ctx));
  await typed.register(elementRoutes(ctx));
  await typed.register(officeRoutes(ctx));
  await typed.register(institutionRoutes(ctx));
  await typed.register(agreementRoutes(ctx));
  await typed.register(accountRoutes(ctx));
  await typed.register(auditRoutes(ctx));
  await typed.register(misuseRoutes(ctx));
  await typed.register(adminAuditRoutes(ctx));
  await typed.register(applicationRoutes(ctx));
  await typed.register(agreementLifecycleRoutes(ctx));
  await typed.register(gateRoutes(ctx));
  await typed.register(complianceRoutes(ctx));
  await typed.register(holidayRoutes(ctx));
  await typed.register(reportRoutes(ctx));
  await typed.register(evaluationRoutes(ctx));
  await typed.register(purposeRoutes(ctx));
  await typed.register(residentRoutes(ctx, deps.residentCodes ?? (await codeSenderFor(config, clock))));
  await typed.register(disclosureRoutes(ctx));
  await typed.register(residentDisputeRoutes(ctx));
  await typed.register(disputeRoutes(ctx));
  await typed.register(quotaRequestRoutes(ctx));
  await typed.register(feeRoutes(ctx));
  await typed.register(userIdRequestRoutes(ctx));
  await typed.register(regionRoutes(ctx));
  await typed.register(cardReaderRoutes(ctx));
  await typed.register(cardReadRoutes(ctx));
  await typed.register(officeholderChangeRoutes(ctx));
  await typed.register(centralMouRoutes(ctx));
  await typed.register(documentValidityRoutes(ctx));
  await typed.register(returnDataRoutes(ctx));
  await typed.register(networkProvisionRoutes(ctx));
  await typed.register(dataQualityTicketRoutes(ctx));
  await app.register(wireRoutes(ctx));
  await app.register(logRoutes(ctx));
  if (config.benchRoutes) await app.register(benchRoutes(ctx));
  return app;
}

function isAccessRoute(request: FastifyRequest): boolean {
  const url = request.routeOptions.url ?? '';
  return (
    url in ACCESS_ROUTES ||
    url.startsWith('/dukcapil/') ||
    url === '/v1/auth/token' ||
    url.startsWith('/bench/')
  );
}
