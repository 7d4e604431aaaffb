import type { Db } from '../db/db.ts';
import type { Account } from '../modules/accounts/accounts.repo.ts';
import type { Actor } from '../core/actor.ts';
import { registerMou } from '../modules/central-mous/central-mous.service.ts';
import { fileChange, rejectChange } from '../modules/officeholder-changes/officeholder-changes.service.ts';
import { TINY_PDF } from './gates.ts';

const pdf = (filename: string) => ({
  filename,
  contentType: 'application/pdf' as const,
  base64: TINY_PDF.toString('base64'),
});

/** A notice of a change of officeholder (filed by `by`, who must be in the institution's scope). */
export function noticeBody(letterNumber: string, effectiveOn: string) {
  return {
    kind: 'officeholder' as const,
    letterNumber,
    effectiveOn,
    newHead: { name: 'Kepala Sintetis Baru', title: 'Kepala', email: 'kepala.sintetis@contoh.test' },
    documents: [pdf('surat.pdf')],
  };
}

/**
 * Resources of the obligations routes for the security suite: a notice of BPBD (own; rejected, so its head may
 * file another), one filed of BANK_X (other: the central office confirms it) and one filed of `spare` (another
 * institution under the central office: it is rejected), and a central body with an MoU.
 */
export async function seedObligations(
  db: Db,
  officer: Account,
  institutions: { own: string; other: string; spare: string },
  today: string,
) {
  const now = new Date();
  const actor: Actor = { account: officer, ip: null, requestId: null, scope: {} };
  const own = await fileChange({ db, now }, actor, {
    institutionId: institutions.own,
    ...noticeBody('SEC/1', today),
  });
  await rejectChange({ db, now }, actor, { id: own.id, body: { reason: 'Uji keamanan: ditolak' } });
  const other = await fileChange({ db, now }, actor, {
    institutionId: institutions.other,
    ...noticeBody('SEC/2', today),
  });
  const spare = await fileChange({ db, now }, actor, {
    institutionId: institutions.spare,
    ...noticeBody('SEC/3', today),
  });
  const mou = await registerMou({ db, now }, actor, {
    centralBody: 'Badan Sintetis Pusat',
    mouNumber: 'MOU/SEC/0',
    signedOn: today,
    validFrom: today,
    validUntil: '2099-12-31',
    document: pdf('mou.pdf'),
  });
  return { changes: { own: own.id, other: other.id, spare: spare.id }, centralBodyId: mou.centralBodyId };
}
