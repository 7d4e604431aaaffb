import type { Outcome } from '../access/outcomes.ts';

/** One verification or look-up attempt, refused ones included. Never holds submitted or stored values. */
export interface AuditEntry {
  requestId: string;
  protocol: 'v1' | 'wire';
  method: 'verification' | 'portal' | 'card_reader';
  institutionId: string | null;
  accountId: string | null;
  username: string | null;
  nik: string | null;
  elementsRequested: string[];
  elementsReturned: string[];
  outcome: Outcome;
  callerIp: string;
  /** When the attempt was made, from the caller's clock (the access service's `now`). */
  at: Date;
  /** The agreement version the attempt was judged against (null when refused before an agreement was found). */
  agreementVersionId?: string | null;
  /** A charged answer (fees module): the lease it was served from and its tariff in rupiah. Not canonical. */
  fee?: { leaseId: string; rupiah: number } | null;
  /** The purpose stated (refusals too), or the agreement's default for a client that stated none (033). */
  purpose?: string | null;
  /** The purpose is the agreement's default: the client stated none. */
  purposeDefaulted?: boolean;
}
