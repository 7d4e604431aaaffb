import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:portal` puts the single-page app. */
export const PORTAL_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'portal');

/**
 * The portal's Content-Security-Policy: its own scripts and styles only, no inline script, no framing, and
 * requests only to this origin. (React sets styles through the DOM, which style-src does not restrict.)
 */
export const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Paths that belong to the API, the wire format or the docs, never to the portal's client-side routes.
const SERVER_PATHS = /^\/(v1|dukcapil|docs|bench|openapi\.json|health|ready)(\/|$|\?)/;

// The resident's portal "Cek akses data saya": /warga and everything under it.
const RESIDENT_PAGE = /^\/warga(\/|$|\?)/;

/**
 * Serves the built portal on the same origin as the API: its files under /assets, and index.html for any
 * other GET a browser makes (the portal's own routes, e.g. /operator/lookup). Returns the not-found handler
 * to use for the rest. Without a build, the API runs alone and `/` says how to build the portal.
 */
export async function registerPortal(app: FastifyInstance, dir = PORTAL_DIR) {
  const built = existsSync(join(dir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: dir,
      prefix: '/',
      // Files are looked up when asked for (a rebuild needs no restart); a miss falls to the not-found
      // handler below, which answers a page request with index.html and anything else as the API does.
      wildcard: true,
      index: 'index.html',
    });
    app.addHook('onSend', async (request, reply) => {
      if (!request.url.startsWith('/docs')) reply.header('content-security-policy', PORTAL_CSP);
    });
  }
  return {
    /** Answers a browser's page request with the portal, or returns false to let the API say 404. */
    page(request: FastifyRequest, reply: FastifyReply): boolean {
      if (request.method !== 'GET' || SERVER_PATHS.test(request.url)) return false;
      if (!(request.headers.accept ?? '').includes('text/html')) return false;
      if (!built) {
        void reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The portal is not built: run `npm run build:portal` (npm run demo does it).');
        return true;
      }
      // The resident's portal is a page of its own (portal/warga.html), with none of the officers' code.
      void reply.sendFile(RESIDENT_PAGE.test(request.url) ? 'warga.html' : 'index.html');
      return true;
    },
  };
}
