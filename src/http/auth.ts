import type { FastifyRequest } from 'fastify';
import type { Account } from '../modules/accounts/accounts.repo.ts';
import { accountForToken } from '../modules/auth/auth.service.ts';
import { officeSubtree } from '../modules/offices/offices.repo.ts';
import type { AppContext } from './app.ts';
import { ApiError } from './errors.ts';

/** The authenticated caller of a v1 route. */
export interface Principal {
  account: Account;
}

/** The bearer token of a request: undefined when absent, 'malformed' when the header is not a bearer. */
export function bearerToken(request: FastifyRequest): string | undefined | 'malformed' {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return undefined;
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header);
  return m ? m[1]! : 'malformed';
}

/** Verifies the bearer token into `{ accountId, issuedAt }`, 'missing' or 'invalid'. */
export async function readToken(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<{ accountId: string; issuedAt: number } | 'missing' | 'invalid'> {
  const token = bearerToken(request);
  if (token === undefined) return 'missing';
  if (token === 'malformed') return 'invalid';
  return (await ctx.tokens.verify(token, ctx.clock())) ?? 'invalid';
}

/**
 * onRequest hook: any active account with a valid token. Authentication runs before the body is read, so
 * an unauthenticated caller learns nothing about a route's schema.
 */
export function requireAccount(ctx: AppContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = await readToken(ctx, request);
    if (token === 'missing')
      throw ApiError.of('UNAUTHENTICATED', 'Send a bearer token (POST /v1/auth/token)');
    if (token === 'invalid') throw ApiError.of('UNAUTHENTICATED', 'The token is invalid or expired');
    const account = await accountForToken(ctx.db, token);
    if (!account) throw ApiError.of('UNAUTHENTICATED', 'The token is invalid or expired');
    if (!account.isActive) throw ApiError.of('FORBIDDEN', 'User ID non aktif, silahkan menghubungi Admin');
    request.principal = { account };
  };
}

/** onRequest hook: a registry officer (central or office). */
export function requireOfficer(ctx: AppContext) {
  const base = requireAccount(ctx);
  return async (request: FastifyRequest): Promise<void> => {
    await base(request);
    if (request.principal!.account.role === 'operator') {
      throw ApiError.of('FORBIDDEN', 'Only registry officers may use this endpoint');
    }
  };
}

/** onRequest hook: an officer of the central office. */
export function requireCentralOfficer(ctx: AppContext) {
  const base = requireAccount(ctx);
  return async (request: FastifyRequest): Promise<void> => {
    await base(request);
    if (request.principal!.account.role !== 'central_officer') {
      throw ApiError.of('FORBIDDEN', 'Only officers of the central office may use this endpoint');
    }
  };
}

/**
 * The offices an officer may see and act for: every office for the central office (undefined = no limit),
 * else its own office and the offices below it.
 */
export async function officerScope(ctx: AppContext, request: FastifyRequest): Promise<string[] | undefined> {
  const account = request.principal!.account;
  if (account.role === 'central_officer') return undefined;
  return officeSubtree(ctx.db, account.officeId!);
}

/** Throws NOT_FOUND (not FORBIDDEN: existence is not disclosed) when `officeId` is outside the scope. */
export function assertInScope(scope: string[] | undefined, officeId: string, what: string): void {
  if (scope && !scope.includes(officeId)) throw ApiError.of('NOT_FOUND', `${what} not found`);
}
