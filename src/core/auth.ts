import type { FastifyRequest } from 'fastify';
import type { Account, Role } from '../modules/accounts/accounts.repo.ts';
import type { Actor, Scope } from './actor.ts';
import {
  accountForSession,
  accountForToken,
  isTotpEnabled,
  needsTotp,
} from '../modules/auth/auth.service.ts';
import { officeSubtree } from '../modules/offices/offices.repo.ts';
import type { AppContext } from './context.ts';
import { ApiError } from './errors.ts';

/** The authenticated caller of a v1 route. */
export interface Principal {
  account: Account;
  /** How the caller signed in: a bearer token or a browser session cookie. */
  via: 'token' | 'session';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, set by `requireAccount` (and so by `requireRoles`). */
    principal?: Principal;
  }
}

export const SESSION_COOKIE = 'gerbang_session';

/** The bearer token of a request: undefined when absent, 'malformed' when the header is not a bearer. */
export function bearerToken(request: FastifyRequest): string | undefined | 'malformed' {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return undefined;
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header);
  return m ? m[1]! : 'malformed';
}

/** The session cookie's value, if the request carries one. */
export function sessionCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) {
      const value = rest.join('=');
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
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

// Routes an officer who must enrol a second factor, or a person who must change a one-time password, may
// still use.
const ENROLMENT_ROUTES = new Set([
  '/v1/me',
  '/v1/auth/totp',
  '/v1/auth/totp/verify',
  '/v1/auth/session',
  '/v1/auth/csrf',
  '/v1/auth/password',
]);

/**
 * onRequest hook: any active account, by bearer token or else by session cookie. Authentication runs before
 * the body is read, so an unauthenticated caller learns nothing about a route's schema.
 */
export function requireAccount(ctx: AppContext) {
  return async (request: FastifyRequest): Promise<void> => {
    let account: Account | null;
    let via: Principal['via'] = 'token';
    const cookie = bearerToken(request) === undefined ? sessionCookie(request) : undefined;
    if (cookie) {
      via = 'session';
      account = await accountForSession(ctx.db, cookie, {
        now: ctx.clock(),
        idleMinutes: ctx.config.sessionIdleMinutes,
      });
      if (!account) throw ApiError.of('UNAUTHENTICATED', 'The session has ended; sign in again');
    } else {
      const token = await readToken(ctx, request);
      if (token === 'missing')
        throw ApiError.of('UNAUTHENTICATED', 'Send a bearer token (POST /v1/auth/token)');
      if (token === 'invalid') throw ApiError.of('UNAUTHENTICATED', 'The token is invalid or expired');
      account = await accountForToken(ctx.db, token);
      if (!account) throw ApiError.of('UNAUTHENTICATED', 'The token is invalid or expired');
    }
    if (!account.isActive) throw ApiError.of('FORBIDDEN', 'User ID non aktif, silahkan menghubungi Admin');
    const route = request.routeOptions.url ?? '';
    if (account.mustChangePassword && !ENROLMENT_ROUTES.has(route)) {
      throw ApiError.of(
        'PASSWORD_CHANGE_REQUIRED',
        'Password sekali pakai harus diganti terlebih dahulu (POST /v1/auth/password)',
      );
    }
    if (
      needsTotp(ctx.config, account) &&
      !ENROLMENT_ROUTES.has(route) &&
      !(await isTotpEnabled(ctx.db, account.id))
    ) {
      throw ApiError.of('FORBIDDEN', 'Enrol a second factor first (POST /v1/auth/totp)');
    }
    request.principal = { account, via };
  };
}

/** onRequest hook: an active account holding one of `roles` (the policy of a route). */
export function requireRoles(ctx: AppContext, roles: readonly Role[]) {
  const base = requireAccount(ctx);
  return async (request: FastifyRequest): Promise<void> => {
    await base(request);
    if (!roles.includes(request.principal!.account.role)) {
      throw ApiError.of('FORBIDDEN', 'Your role may not use this endpoint');
    }
  };
}

/**
 * What an account may see: the central office and central auditors everything; an office officer or an
 * office's auditor its office and the offices below it; an institution's people their institution.
 */
export async function scopeOf(ctx: Pick<AppContext, 'db'>, account: Account): Promise<Scope> {
  switch (account.role) {
    case 'central_officer':
    case 'finance_officer':
      return {};
    case 'office_officer':
      return { officeIds: await officeSubtree(ctx.db, account.officeId!) };
    case 'auditor':
      return account.officeId ? { officeIds: await officeSubtree(ctx.db, account.officeId) } : {};
    default:
      return { institutionId: account.institutionId! };
  }
}

/** The acting account of an authenticated request, with its address and scope (for services and the audit). */
export async function actorOf(ctx: AppContext, request: FastifyRequest): Promise<Actor> {
  const account = request.principal!.account;
  return { account, ip: request.ip, requestId: request.id, scope: await scopeOf(ctx, account) };
}

/**
 * The route preamble of a service call: the acting account of an authenticated request (with its address and
 * scope) and the time, as the `{ actor, now }` options the services take.
 */
export async function actingOf(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<{ actor: Actor; now: Date }> {
  return { actor: await actorOf(ctx, request), now: ctx.clock() };
}
