import type { ReplayConfig } from '../../config.ts';
import type { WindowStore } from './misuse.window.ts';

/**
 * Replay protection of the access endpoints. A client may send a request ID (v1 `X-Client-Request-Id`,
 * wire `REQUEST_ID`) and a timestamp (v1 `X-Client-Timestamp`, wire `TIMESTAMP`: ISO 8601 or epoch
 * milliseconds). Both are optional; when sent:
 *   - a timestamp that cannot be read, or is further than the allowed skew from the server's clock → stale;
 *   - an ID already used by the same institution within the retention window → replayed;
 *   - an ID that is not 1–128 characters of [A-Za-z0-9._:-] → invalid request.
 * The timestamp is checked first, so a stale request does not use up its ID.
 */
export type ReplayOutcome = 'stale_timestamp' | 'replayed_request' | 'invalid_request';

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Epoch milliseconds of an ISO 8601 date-time (with offset or Z) or of a plain integer; null if neither. */
export function readClientTimestamp(value: string): number | null {
  const v = value.trim();
  if (/^\d{1,16}$/.test(v)) return Number(v);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(v)) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

export async function checkReplay(
  store: WindowStore,
  config: ReplayConfig,
  r: {
    institutionId: string;
    now: number;
    clientRequestId?: string | undefined;
    clientTimestamp?: string | undefined;
  },
): Promise<ReplayOutcome | null> {
  if (r.clientTimestamp !== undefined && r.clientTimestamp.trim() !== '') {
    const t = readClientTimestamp(r.clientTimestamp);
    if (t === null || Math.abs(r.now - t) > config.maxSkewMs) return 'stale_timestamp';
  }
  if (r.clientRequestId !== undefined && r.clientRequestId !== '') {
    if (!CLIENT_REQUEST_ID.test(r.clientRequestId)) return 'invalid_request';
    const first = await store.claim(
      `replay:${r.institutionId}:${r.clientRequestId}`,
      config.retentionMs,
      r.now,
    );
    if (!first) return 'replayed_request';
  }
  return null;
}
