import type { Db } from '../../db/db.ts';
import { addDays, addMonths } from '../../lib/dates.ts';
import type { Finding } from '../compliance/compliance.finding.ts';
import { getPolicy, validityFacts, type ResignEvent } from './document-validity.repo.ts';

/**
 * Validity of the SPTJM and the NDAs (issue #14 §2): a statement signed before an event that asks for a new one
 * is stale. Events: an amendment or a granted extension of an agreement in force (SPTJM and every operator's
 * NDA), a confirmed change of officeholder or organisation (the SPTJM, by the change's own deadline), and —
 * when the central office turns `resign_yearly` on — a year since the last signing. A stale document is a
 * notice until `grace_days` after the event (the change's deadline for a change), a breach after it; each
 * finding says what to upload. Documents that are missing altogether are the compliance engine's own
 * `sptjm`/`nda` findings.
 */
export interface Requirement {
  /** Signed on or after this day to count. */
  since: string;
  due: string;
  why: string;
}

const EVENT_LABEL: Record<ResignEvent['kind'], string> = {
  amendment: 'adendum PKS',
  extension: 'perpanjangan PKS',
};

/**
 * The latest requirement of those given (the one a document has to meet), or null; of two on one day the later
 * in the list (an extension's own amendment comes before the extension, which names it better).
 */
function latest(reqs: Requirement[]): Requirement | null {
  return reqs.reduce<Requirement | null>((a, r) => (!a || r.since >= a.since ? r : a), null);
}

export async function documentValidityFindings(
  db: Db,
  institutionId: string,
  today: string,
): Promise<Finding[]> {
  const [f, policy] = await Promise.all([validityFacts(db, institutionId), getPolicy(db)]);
  const agreementReqs: Requirement[] = f.events.map((e) => ({
    since: e.on,
    due: addDays(e.on, policy.graceDays),
    why: `${EVENT_LABEL[e.kind]} ${e.agreementNumber} (${e.on})`,
  }));
  const yearly = (signedOn: string | null): Requirement[] =>
    policy.resignYearly && signedOn && addMonths(signedOn, 12) <= today
      ? [
          {
            since: addMonths(signedOn, 12),
            due: addDays(addMonths(signedOn, 12), policy.graceDays),
            why: `penandatanganan ulang tahunan (ditandatangani ${signedOn})`,
          },
        ]
      : [];
  const out: Finding[] = [];

  if (f.statementSignedOn) {
    const reqs = [...agreementReqs, ...yearly(f.statementSignedOn)];
    if (f.change) {
      reqs.push({
        since: f.change.effectiveOn,
        due: f.change.sptjmDueOn,
        why:
          f.change.kind === 'officeholder'
            ? `pergantian kepala instansi (berlaku ${f.change.effectiveOn})`
            : `perubahan kelembagaan (berlaku ${f.change.effectiveOn})`,
      });
    }
    const stale = latest(reqs.filter((r) => f.statementSignedOn! < r.since && r.since <= today));
    if (stale) {
      const late = today > stale.due;
      out.push({
        obligation: late ? 'sptjm_stale' : 'sptjm_resign',
        severity: late ? 'breach' : 'notice',
        message:
          `SPTJM perlu ditandatangani ulang karena ${stale.why}: unggah SPTJM baru yang ditandatangani ` +
          `kepala instansi (batas ${stale.due})`,
      });
    }
  }

  const late: string[] = [];
  const soon: string[] = [];
  let dueShown = '';
  for (const op of f.operators) {
    if (!op.ndaSignedOn) continue;
    const req = latest(
      [...agreementReqs, ...yearly(op.ndaSignedOn)].filter(
        (r) => op.ndaSignedOn! < r.since && r.since <= today,
      ),
    );
    if (!req) continue;
    if (today > req.due) late.push(op.username);
    else {
      soon.push(op.username);
      if (!dueShown || req.due < dueShown) dueShown = req.due;
    }
  }
  if (late.length > 0) {
    out.push({
      obligation: 'nda_stale',
      severity: 'breach',
      message: `NDA perlu ditandatangani ulang (adendum/perpanjangan PKS): unggah NDA baru untuk ${late.join(', ')}`,
    });
  }
  if (soon.length > 0) {
    out.push({
      obligation: 'nda_resign',
      severity: 'notice',
      message: `NDA perlu ditandatangani ulang untuk ${soon.join(', ')} (batas ${dueShown})`,
    });
  }
  return out;
}
