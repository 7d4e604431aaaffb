import type { FastifyInstance } from 'fastify';
import { tokenFor } from './fixtures.ts';

/** A tiny helper for admin-route tests: inject as a given account. */
export async function as(app: FastifyInstance, username: string) {
  const token = await tokenFor(app, username);
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
  return {
    token,
    get: (url: string) => call('GET', url),
    post: (url: string, body: object) => call('POST', url, body),
    patch: (url: string, body: object) => call('PATCH', url, body),
    delete: (url: string) => call('DELETE', url),
  };
}
