import type { Db } from '../../db/db.ts';
import type { Outcome } from '../access/outcomes.ts';

/** One verification or look-up attempt, refused ones included. Never holds submitted or stored values. */
export interface AuditEntry {
  requestId: string;
  protocol: 'v1' | 'wire';
  method: 'verification' | 'portal';
  institutionId: string | null;
  accountId: string | null;
  username: string | null;
  nik: string | null;
  elementsRequested: string[];
  elementsReturned: string[];
  outcome: Outcome;
  callerIp: string;
  at?: Date;
  /** The agreement version the attempt was judged against (null when refused before an agreement was found). */
  agreementVersionId?: string | null;
}

/**
 * Writing audit rows. `record` resolves only once the row is durable (committed), so the caller can answer
 * after it. A faster implementation (group commit of many rows) can replace this one behind the interface.
 */
export interface AuditSink {
  record(entry: AuditEntry): Promise<void>;
}

export class DbAuditSink implements AuditSink {
  constructor(private readonly db: Db) {}

  async record(e: AuditEntry): Promise<void> {
    await this.db.query(
      `INSERT INTO access_audit (at, request_id, protocol, method, institution_id, account_id, username, nik,
                                 elements_requested, elements_returned, outcome, caller_ip, agreement_version_id)
       VALUES (coalesce($1, now()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        e.at ?? null,
        e.requestId,
        e.protocol,
        e.method,
        e.institutionId,
        e.accountId,
        e.username,
        e.nik,
        e.elementsRequested,
        e.elementsReturned,
        e.outcome,
        e.callerIp,
        e.agreementVersionId ?? null,
      ],
    );
  }
}
