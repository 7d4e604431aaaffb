import type { Db } from '../../db/db.ts';
import type { CallerContext } from '../access/access.service.ts';
import type { Outcome } from '../access/outcomes.ts';
import { claimNonce, getSam } from './card-readers.repo.ts';
import { verifyCardRead, type CardReadFields } from './card-reads.signing.ts';

/** How far a card read's timestamp may be from the server's clock, either way. */
export const CARD_READ_SKEW_MS = 5 * 60 * 1000;
/** Nonces are kept long enough to refuse any replay whose timestamp is still inside the window. */
const NONCE_KEEP_MS = 2 * CARD_READ_SKEW_MS;

/**
 * The card reader's own checks, after the caller's (AccessService.authorize: operator, network, institution,
 * agreement granting card_reader, hours, gates, misuse) and the request's shape: the SAM is active and is the
 * one in this reader of the caller's institution, the signature over the canonical form verifies with the
 * SAM's public key, the timestamp is inside the window, and the nonce is new for this SAM. The first failure
 * is the outcome; null: the read may proceed to the look-up (quota, record, granted elements, audit).
 */
export async function checkCardRead(
  db: Db,
  caller: CallerContext,
  read: CardReadFields & { signature: string },
): Promise<Outcome | null> {
  const sam = await getSam(db, read.samId);
  if (
    !sam ||
    sam.state !== 'activated' ||
    sam.institutionId !== caller.institution.id ||
    sam.readerSerial !== read.readerSerial ||
    !sam.publicKey
  ) {
    return 'sam_not_active';
  }
  if (!verifyCardRead(sam.publicKey, read, read.signature)) return 'card_signature_invalid';
  const at = Date.parse(read.timestamp);
  if (!Number.isFinite(at) || Math.abs(at - caller.now.getTime()) > CARD_READ_SKEW_MS)
    return 'card_read_stale';
  if (!(await claimNonce(db, sam.id, read.nonce, caller.now, NONCE_KEEP_MS))) return 'card_read_replayed';
  return null;
}
