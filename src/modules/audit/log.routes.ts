import { DatabaseUnavailableError } from '../../db/db.ts';
import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.ts';
import type { AppContext } from '../../core/context.ts';
import { ApiError } from '../../core/errors.ts';
import { decodeTileIndex, HASH_SIZE, TILE_WIDTH } from './log.merkle.ts';
import { generateSignerKey, parseSignerKey, type NoteSigner } from './log.note.ts';
import { latestCheckpoint } from './log.proofs.ts';
import { LogSequencer, TileReader } from './log.sequencer.ts';

/**
 * The log's signing key: from `LOG_KEY_FILE`; without one, outside production a throwaway key for this
 * process (checkpoints it signs verify only with that key), in production none (no checkpoint is signed).
 */
export function loadLogSigner(config: Config): { signer: NoteSigner | null; throwaway: boolean } {
  if (config.log.keyFile) {
    return { signer: parseSignerKey(readFileSync(config.log.keyFile, 'utf8')), throwaway: false };
  }
  if (config.env === 'production') return { signer: null, throwaway: false };
  return { signer: parseSignerKey(generateSignerKey(config.log.origin)), throwaway: true };
}

// <L>/<N>[.p/<W>] or entries/<N>[.p/<W>] (C2SP tlog-tiles): L 0–63 without leading zeroes, W 1–255.
const TILE_PATH = /^(entries|0|[1-9]\d?)\/((?:x\d{3}\/)*\d{3})(?:\.p\/([1-9]\d{0,2}))?$/;

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The public, unauthenticated transparency log in the C2SP tlog-tiles layout, and its sequencer running in
 * the background of this server:
 *   GET /log/checkpoint                     the newest signed checkpoint (text/plain; cacheable 1 s)
 *   GET /log/tile/<L>/<N>[.p/<W>]           Merkle tree tiles (immutable)
 *   GET /log/tile/entries/<N>[.p/<W>]       entry bundles: the leaves, salted commitments (immutable)
 * Nothing here names a person, an institution or an account: only commitments, hashes and sizes.
 */
export function logRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    // With LOG_SEQUENCER=off a separate `gerbang log sequence` process sequences and signs; this server only
    // serves the log.
    const embedded = ctx.config.log.sequencer === 'embedded';
    const { signer, throwaway } = embedded ? loadLogSigner(ctx.config) : { signer: null, throwaway: false };
    const sequencer = signer
      ? new LogSequencer(ctx.db, {
          origin: ctx.config.log.origin,
          signer,
          minCheckpointMs: ctx.config.log.intervalMs,
          now: ctx.clock,
        })
      : null;
    app.addHook('onReady', async () => {
      if (throwaway) app.log.warn('LOG_KEY_FILE not set: checkpoints are signed by a throwaway key');
      if (embedded && !signer) app.log.warn('LOG_KEY_FILE not set: no checkpoint is signed');
      // During a database outage every step fails like every request; the outage itself is logged once
      // (app.ts), so only other failures are logged here.
      sequencer?.start((err) => {
        if (!(err instanceof DatabaseUnavailableError)) app.log.error({ err }, 'log sequencer step failed');
      });
    });
    app.addHook('onClose', async () => {
      await sequencer?.stop();
    });

    // The app sets `no-store` on every answer (population data); the log's resources are public and
    // cacheable, so this scope's own hook (it runs after the app's) sets their caching header last.
    app.addHook('onSend', async (request, reply, payload) => {
      const cache = (request.routeOptions.config as { cache?: string } | undefined)?.cache;
      if (cache && reply.statusCode === 200) reply.header('cache-control', cache);
      return payload;
    });

    app.get(
      '/log/checkpoint',
      { schema: { hide: true }, config: { cache: 'public, max-age=1' } },
      async (request, reply) => {
        const cp = await latestCheckpoint(ctx.db);
        if (!cp) throw ApiError.of('NOT_FOUND', 'The log has no signed checkpoint yet');
        return reply.type('text/plain; charset=utf-8').send(cp.note);
      },
    );

    app.get(
      '/log/tile/*',
      { schema: { hide: true }, config: { cache: IMMUTABLE } },
      async (request, reply) => {
        const rest = (request.params as { '*': string })['*'];
        const m = TILE_PATH.exec(rest);
        const n = m ? decodeTileIndex(m[2]!) : null;
        const width = m?.[3] ? Number(m[3]) : TILE_WIDTH;
        // N beyond any tree a 64-bit leaf index can address (its first leaf not a safe integer) is no tile.
        if (
          !m ||
          n === null ||
          !Number.isSafeInteger(n * TILE_WIDTH + width) ||
          width > TILE_WIDTH ||
          (m[3] && width === TILE_WIDTH)
        ) {
          throw ApiError.of('NOT_FOUND', 'Not a tile path (<L>/<N>[.p/<W>] or entries/<N>[.p/<W>])');
        }
        if (m[1] === 'entries') {
          const { rows } = await ctx.db.query<{ commitment: Uint8Array }>(
            `SELECT leaf_commitment AS commitment FROM access_audit
              WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index`,
            [n * TILE_WIDTH, n * TILE_WIDTH + width],
          );
          if (rows.length < width) throw ApiError.of('NOT_FOUND', 'No such entry bundle');
          // Each entry: a big-endian uint16 length, then the entry (the 32-byte commitment).
          const out = Buffer.alloc(rows.length * (2 + HASH_SIZE));
          rows.forEach((r, i) => {
            out.writeUInt16BE(HASH_SIZE, i * (2 + HASH_SIZE));
            out.set(r.commitment, i * (2 + HASH_SIZE) + 2);
          });
          return reply.type('application/octet-stream').send(out);
        }
        const data = await new TileReader(ctx.db).tile(Number(m[1]), n);
        if (!data || data.length < width * HASH_SIZE) throw ApiError.of('NOT_FOUND', 'No such tile');
        return reply.type('application/octet-stream').send(data.subarray(0, width * HASH_SIZE));
      },
    );
  };
}
