import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';

/**
 * The benchmark's two baselines, served by the same Fastify instance with the same settings and hooks as
 * the real routes (only when BENCH_ROUTES=true, never in production): `/bench/bare` answers JSON without
 * touching anything (the ceiling of the server), `/bench/pk` reads one resident by primary key (the ceiling
 * of anything that reads the registry). Neither returns population data: only whether the row exists.
 */
export function benchRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.post('/bench/bare', { schema: { hide: true } }, async () => ({ ok: true }));
    app.post<{ Body: { nik?: unknown } }>('/bench/pk', { schema: { hide: true } }, async (request) => {
      const nik = typeof request.body?.nik === 'string' ? request.body.nik : '';
      const { rows } = await ctx.db.query<{ s: string }>(
        'SELECT record_status AS s FROM residents WHERE nik = $1',
        [nik],
        // Prepared like the access path's own read, so the limit is the best a PK read can do here.
        { prepare: 'bench-pk' },
      );
      return { ok: true, found: rows.length > 0 };
    });
  };
}
