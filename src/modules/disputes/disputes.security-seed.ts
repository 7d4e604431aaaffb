import type { Db } from '../../db/db.ts';
import { SERVER_ACTOR } from '../../core/actor.ts';
import { answerDispute, decideDispute, openDispute } from './disputes.service.ts';

/**
 * For the cross-cutting suites: one access of `nik` by each of two institutions (audit rows written directly,
 * as the access path would) and a dispute opened on each, so every dispute route has an own and another
 * institution's resource to name, and three more (each in the state its route needs) for the right caller.
 */
export async function seedDisputes(
  db: Db,
  nik: string,
  institutions: { own: string; other: string },
): Promise<{ own: string; other: string; answerable: string; decidable: string; misuse: string }> {
  const now = new Date();
  const open = async (institutionId: string) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO access_audit (at, request_id, protocol, method, institution_id, nik, elements_returned, outcome,
                                 caller_ip)
       VALUES ($1, 'req_seed_dispute', 'v1', 'portal', $2, $3, '{NIK,NAMA_LGKP}', 'found', '127.0.0.1')
       RETURNING id`,
      [new Date(now.getTime() - 60_000).toISOString(), institutionId, nik],
    );
    const d = await openDispute(
      db,
      { nik, ip: null, requestId: null },
      { recordId: Number(rows[0]!.id), reason: 'other', text: 'Sengketa uji keamanan' },
      { now, settings: { answerWorkingDays: 5, decisionWorkingDays: 10 } },
    );
    return d.id;
  };
  const answered = async () => {
    const id = await open(institutions.own);
    await answerDispute({ db, now }, SERVER_ACTOR, { id, explanation: 'Layanan uji' });
    return id;
  };
  const misuse = await answered();
  await decideDispute({ db, now }, SERVER_ACTOR, { id: misuse, decision: 'misuse_found', note: 'Uji' });
  return {
    own: await open(institutions.own),
    other: await open(institutions.other),
    // For the right caller's success: one awaiting the answer, one the decision, one misuse finding open.
    answerable: await open(institutions.own),
    decidable: await answered(),
    misuse,
  };
}
