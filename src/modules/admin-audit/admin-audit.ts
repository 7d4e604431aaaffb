import type { ServiceContext } from '../../core/service-context.ts';
import type { Actor } from '../../core/actor.ts';
import { insertAdminAudit } from './admin-audit.repo.ts';

export interface AdminChange {
  /** `<entity>.<verb>`, e.g. `institution.update`, `agreement.status`, `account.locked`. */
  action: string;
  entityType: string;
  entityId: string;
  /** The office whose area the change is in: who may read it. */
  officeId: string | null;
  institutionId?: string | null;
  before?: unknown;
  after?: unknown;
}

// Never recorded, whatever a caller passes in a before/after snapshot.
const SECRET_KEYS = /password|secret|hash|token/i;

function scrub(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== 'object') return value ?? null;
  if (Array.isArray(value)) return value.map(scrub);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !SECRET_KEYS.test(k))
      .map(([k, v]) => [k, scrub(v)]),
  );
}

/**
 * THE admin audit helper: every administrative change calls it with the transaction that makes the change,
 * so the change and its record commit (or fail) together. `now` is the app's clock.
 */
export async function recordAdminChange(
  ctx: ServiceContext,
  actor: Actor,
  change: AdminChange,
): Promise<void> {
  const { db: tx, now } = ctx;
  await insertAdminAudit(tx, {
    at: now.toISOString(),
    actorId: actor.account?.id ?? null,
    actorUsername: actor.account?.username ?? null,
    actorIp: actor.ip,
    requestId: actor.requestId,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    officeId: change.officeId,
    institutionId: change.institutionId ?? null,
    before: scrub(change.before),
    after: scrub(change.after),
  });
}
