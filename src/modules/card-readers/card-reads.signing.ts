import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/**
 * The signature of a card read (ARCHITECTURE.md, "Card readers and SAM cards"). A SAM holds an Ed25519
 * private key from its personalisation; Gerbang keeps only the public key. The signed message is the
 * canonical form below: eight lines joined by LF (no trailing LF), UTF-8:
 *
 *   GERBANG-CARD-READ-V1
 *   POST
 *   /v1/card-reads
 *   <readerSerial>
 *   <samId>
 *   <nik>
 *   <timestamp>          as sent: ISO 8601 UTC, e.g. 2026-04-10T07:05:00.000Z
 *   <nonce>              16–64 of A-Z a-z 0-9 _ -, never repeated by a SAM
 *
 * The signature is sent base64 (64 bytes → 88 characters). None of the fields may hold a line feed (the
 * request schema admits none), so the form is unambiguous.
 */
export const CARD_READ_PATH = '/v1/card-reads';
export const CARD_READ_PREFIX = 'GERBANG-CARD-READ-V1';

export interface CardReadFields {
  readerSerial: string;
  samId: string;
  nik: string;
  timestamp: string;
  nonce: string;
}

export function canonicalCardRead(f: CardReadFields): string {
  return [
    CARD_READ_PREFIX,
    'POST',
    CARD_READ_PATH,
    f.readerSerial,
    f.samId,
    f.nik,
    f.timestamp,
    f.nonce,
  ].join('\n');
}

/** A new SAM key pair: the public key as base64 SPKI DER (what is stored), the private key as PKCS#8 PEM. */
export function newSamKeyPair(): { publicKey: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The key pair of a 32-byte Ed25519 seed (RFC 8410 PKCS#8 form): for the demo's published SAM key only. */
export function samKeyPairFromSeed(seed: Buffer): { publicKey: string; privateKeyPem: string } {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return {
    publicKey: createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * The demo SAM's key, derived from a published seed like the demo password: never for a real SAM (the demo
 * is refused in production). `gerbang reader simulate --demo-key` signs with it.
 */
export const demoSamKeyPair = () =>
  samKeyPairFromSeed(createHash('sha256').update('gerbang-demo-sam-key').digest());

/** Reads a base64 SPKI DER Ed25519 public key; null when it is not one. */
export function readPublicKey(base64: string): KeyObject | null {
  try {
    const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/** The key's fingerprint: SHA-256 of the SPKI DER, hex, first 16 bytes. */
export function keyFingerprint(publicKeyBase64: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex').slice(0, 32);
}

export function signCardRead(privateKeyPem: string, f: CardReadFields): string {
  const key = createPrivateKey(privateKeyPem);
  return sign(null, Buffer.from(canonicalCardRead(f), 'utf8'), key).toString('base64');
}

export function verifyCardRead(publicKeyBase64: string, f: CardReadFields, signature: string): boolean {
  const key = readPublicKey(publicKeyBase64);
  if (!key || !/^[A-Za-z0-9+/]{86}==$/.test(signature)) return false;
  try {
    return verify(null, Buffer.from(canonicalCardRead(f), 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
