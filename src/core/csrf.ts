import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';
import { bearerToken, sessionCookie } from './auth.ts';

/**
 * CSRF protection for requests authenticated by the session cookie. The token is an HMAC of the session value
 * under the server secret (a "synchronizer token" that needs no storage): the portal receives it when it
 * signs in (or from GET /v1/auth/csrf after a reload) and sends it as `X-CSRF-Token` on every change. A page
 * of another origin can make the browser send the cookie (SameSite=Strict already stops most of that) but can
 * never read the token. Bearer-token callers carry no ambient credential and are not checked.
 *
 * Hand-written: @fastify/csrf-protection needs @fastify/cookie and a session store of its own; this binds the
 * token to the session the project already keeps, in a few lines.
 */
export function csrfTokenFor(secret: string, sessionValue: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionValue}`).digest('base64url');
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
// Sign-in sets the session; it cannot carry a token of a session that does not exist yet.
const EXEMPT = new Set(['/v1/auth/session', '/v1/auth/token']);

/** onRequest hook (whole app): refuses a cookie-authenticated change without the session's CSRF token. */
export function csrfGuard(secret: string) {
  return async (request: FastifyRequest): Promise<void> => {
    if (SAFE.has(request.method) || !request.url.startsWith('/v1/')) return;
    // The resident routes check their own session's token (resident.routes.ts), not the portal's.
    if (request.url.startsWith('/v1/resident/')) return;
    if (request.method === 'POST' && EXEMPT.has(request.routeOptions.url ?? '')) return;
    if (bearerToken(request) !== undefined) return;
    const session = sessionCookie(request);
    if (!session) return;
    const sent = request.headers['x-csrf-token'];
    const expected = Buffer.from(csrfTokenFor(secret, session));
    const given = Buffer.from(typeof sent === 'string' ? sent : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiError(403, 'CSRF_FAILED', 'The X-CSRF-Token header is missing or wrong; reload the page');
    }
  };
}
