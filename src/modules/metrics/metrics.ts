import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus instruments (prom-client), served at `/metrics` (metrics.routes.ts). Modules
 * observe through the small functions below, so none of them knows prom-client. One registry per process:
 * a process serves one app (tests that build several apps read differences, not absolute values).
 */
export const registry = new Registry();

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export const httpRequests = new Counter({
  name: 'gerbang_http_requests_total',
  help: 'HTTP requests answered, by route template, method, status and outcome',
  labelNames: ['method', 'route', 'status', 'outcome'] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: 'gerbang_http_request_duration_seconds',
  help: 'Time from receiving a request to sending its answer, by route template, method and outcome',
  labelNames: ['method', 'route', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

const auditBatchSize = new Histogram({
  name: 'gerbang_audit_batch_size',
  help: 'Audit rows written per group commit',
  buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 4000],
  registers: [registry],
});

const auditCommit = new Histogram({
  name: 'gerbang_audit_commit_seconds',
  help: 'Time to chain, insert and commit one batch of audit rows (committed batches)',
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

const quotaLeases = new Counter({
  name: 'gerbang_quota_leases_total',
  help: 'Quota blocks leased from the shared counter, by result (granted: at least one hit; exhausted: none)',
  labelNames: ['result'] as const,
  registers: [registry],
});

const quotaLeasedHits = new Counter({
  name: 'gerbang_quota_leased_hits_total',
  help: 'Hits leased into this process from the shared counter',
  registers: [registry],
});

const quotaReleasedHits = new Counter({
  name: 'gerbang_quota_released_hits_total',
  help: 'Leased hits given back unserved (idle, an administrative change, shutdown)',
  registers: [registry],
});

const misuseDetections = new Counter({
  name: 'gerbang_misuse_detections_total',
  help: 'Misuse detections that raised an alert, by reason and the agreement action taken',
  labelNames: ['reason', 'action'] as const,
  registers: [registry],
});

/** pg pools to report; gauges read them when scraped. PGlite has no pool: no gauges then. */
export interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}
const pools = new Set<PoolStats>();
const poolGauge = (name: string, help: string, read: (p: PoolStats) => number) =>
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      let sum = 0;
      for (const p of pools) sum += read(p);
      this.set(sum);
    },
  });
let poolGauges = false;

let defaults = false;
/** Node's own metrics (event-loop lag, heap, GC, CPU), started with the first app that serves /metrics. */
export function startDefaultMetrics(): void {
  if (defaults) return;
  defaults = true;
  collectDefaultMetrics({ register: registry, prefix: 'gerbang_' });
}

export function watchPool(pool: PoolStats): () => void {
  if (!poolGauges) {
    poolGauges = true;
    poolGauge('gerbang_db_pool_connections', 'Connections the database pool holds', (p) => p.totalCount);
    poolGauge('gerbang_db_pool_idle_connections', 'Idle connections in the pool', (p) => p.idleCount);
    poolGauge(
      'gerbang_db_pool_waiting_requests',
      'Queries waiting for a pool connection',
      (p) => p.waitingCount,
    );
  }
  pools.add(pool);
  return () => pools.delete(pool);
}

/** Call before writing an audit batch of `rows`; call the result once it is committed. */
export function observeAuditBatch(rows: number): () => void {
  auditBatchSize.observe(rows);
  const end = auditCommit.startTimer();
  return () => void end();
}

/** A lease of the quota gate returned `granted` hits (0: the quota is used up). */
export function observeQuotaLease(granted: number): void {
  quotaLeases.inc({ result: granted > 0 ? 'granted' : 'exhausted' });
  if (granted > 0) quotaLeasedHits.inc(granted);
}

export function observeQuotaRelease(hits: number): void {
  quotaReleasedHits.inc(hits);
}

export function observeMisuseDetection(reason: string, action: string): void {
  misuseDetections.inc({ reason, action });
}
