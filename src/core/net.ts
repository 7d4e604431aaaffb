import type { FastifyRequest } from 'fastify';

/** The caller's address as the server sees it (honours X-Forwarded-For only with TRUST_PROXY). */
export function callerIp(request: FastifyRequest): string {
  return request.ip;
}
