import type { z } from 'zod';
import type {
  lookupResponse,
  verificationBody,
  verificationResponse,
} from '../modules/access/access.routes.ts';

/**
 * A small typed client for Gerbang's v1 verification and look-up API.
 *
 *   const gerbang = new GerbangClient({ baseUrl: 'https://gerbang.example.go.id' });
 *   await gerbang.login('operator1', process.env.GERBANG_PASSWORD!);
 *   const answer = await gerbang.verify({ nik, elements: { NAMA_LGKP: 'Budi Santoso', TGL_LHR: '1985-03-07' } });
 *
 * Refusals (401, 403, 429, 400) throw a `GerbangError` carrying the stable error code and request ID.
 * Types come from the server's own schemas (type-only imports: nothing of the server is bundled).
 */
export type VerificationRequest = z.input<typeof verificationBody>;
export type VerificationAnswer = z.output<typeof verificationResponse>;
export type LookupAnswer = z.output<typeof lookupResponse>;

export class GerbangError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'GerbangError';
  }
}

export interface ClientOptions {
  baseUrl: string;
  /** A token obtained earlier; `login` sets one. */
  token?: string;
  fetch?: typeof fetch;
}

export class GerbangClient {
  private token: string | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly baseUrl: string;

  constructor(opts: ClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.token = opts.token;
    this.fetchImpl = opts.fetch ?? fetch;
  }

  /** Exchanges user ID and password for a bearer token, kept for the next calls. */
  async login(username: string, password: string): Promise<{ token: string; expiresAt: string }> {
    const res = await this.post<{ token: string; expiresAt: string }>(
      '/v1/auth/token',
      { username, password },
      false,
    );
    this.token = res.token;
    return res;
  }

  /** Web Service Kesesuaian: per-element verdicts, never data. Takes one hit. */
  verify(request: VerificationRequest): Promise<VerificationAnswer> {
    return this.post('/v1/verifications', request);
  }

  /** Look-up: the granted elements only, or the outcome. Takes one hit. */
  lookup(nik: string): Promise<LookupAnswer> {
    return this.post('/v1/lookups', { nik });
  }

  private async post<T>(path: string, body: unknown, auth = true): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth) {
      if (!this.token) throw new GerbangError(401, 'UNAUTHENTICATED', 'Call login() first', undefined);
      headers.authorization = `Bearer ${this.token}`;
    }
    const res = await this.fetchImpl(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    const requestId = res.headers.get('x-request-id') ?? undefined;
    const payload = (await res.json().catch(() => null)) as
      (T & { error?: undefined }) | { error: { code: string; message: string; details?: unknown } } | null;
    if (!res.ok || !payload || payload.error) {
      const e = payload?.error;
      throw new GerbangError(
        res.status,
        e?.code ?? 'HTTP_ERROR',
        e?.message ?? `HTTP ${res.status}`,
        requestId,
        e?.details,
      );
    }
    return payload as T;
  }
}
