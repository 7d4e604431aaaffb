import { clusterMetrics, isGatewayWorker } from '../../lib/cluster-ipc.ts';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { inNetworks } from '../access/network.ts';
import type { AuditEntry, AuditSink } from '../audit/audit.sink.ts';
import {
  httpDuration,
  httpRequests,
  registry,
  startDefaultMetrics,
  watchPool,
  type PoolStats,
} from './metrics.ts';

/**
 * `/metrics` and the request instruments. `registerMetrics` adds the hooks that count every request by route
 * template and outcome (the access outcome of a verification or look-up, v1 or wire, as its audit row
 * records it; else the error code of a refusal, or `ok`), the pool gauges, and the guarded route.
 */

// The audit row's outcome of each access request, by request ID, until the request is answered.
const accessOutcomes = new Map<string, string>();
const MAX_PENDING = 10_000;

/** The audit sink, passing each attempt's outcome to the request metrics. */
export function withOutcomeMetrics(sink: AuditSink): AuditSink {
  return {
    record(entry: AuditEntry) {
      // A request that never completes (the client went away) must not grow the map for ever.
      if (accessOutcomes.size >= MAX_PENDING) accessOutcomes.clear();
      accessOutcomes.set(entry.requestId, entry.outcome);
      return sink.record(entry);
    },
    flush: () => sink.flush(),
  };
}

const errorCodes = new WeakMap<FastifyRequest, string>();

/** The code of an error body (`{"error":{"code"}}`) as the handler gave it, before it is serialised. */
function errorCodeOf(payload: unknown): string | undefined {
  const code = (payload as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : undefined;
}

function bearer(request: FastifyRequest): string {
  const h = request.headers.authorization;
  return typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7) : '';
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function registerMetrics(app: FastifyInstance, deps: { config: Config; db: Db }): Promise<void> {
  startDefaultMetrics();
  // The pg pool is the Db's own (db.ts keeps it private); read structurally so db.ts needs no change.
  const pool = (deps.db as unknown as { pool?: PoolStats }).pool;
  if (pool) {
    const unwatch = watchPool(pool);
    app.addHook('onClose', async () => void unwatch());
  }

  // Read before serialisation: the error body is still the handler's object, so a refusal is not parsed back
  // from its JSON text (refusals are on the hot path too).
  app.addHook('preSerialization', async (request, reply, payload) => {
    if (reply.statusCode >= 400) {
      const code = errorCodeOf(payload);
      if (code) errorCodes.set(request, code);
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const access = accessOutcomes.get(request.id);
    if (access !== undefined) accessOutcomes.delete(request.id);
    const outcome = access ?? errorCodes.get(request) ?? (reply.statusCode >= 400 ? 'error' : 'ok');
    const labels = { method: request.method, route, outcome };
    httpRequests.inc({ ...labels, status: String(reply.statusCode) });
    httpDuration.observe(labels, reply.elapsedTime / 1000);
  });

  const { allow, token } = deps.config.metrics;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!inNetworks(request.ip, allow))
      throw ApiError.of('FORBIDDEN', 'Metrics are not served to this network');
    if (token !== undefined && !sameSecret(bearer(request), token)) {
      throw ApiError.of('UNAUTHENTICATED', 'Send the metrics bearer token');
    }
    // In a gateway worker, the primary sums every worker's instruments (src/cluster.ts).
    return reply
      .type(registry.contentType)
      .send(isGatewayWorker() ? await clusterMetrics() : await registry.metrics());
  });
}
