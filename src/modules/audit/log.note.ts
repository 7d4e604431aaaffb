import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { sha256 } from './log.merkle.ts';

/**
 * C2SP signed notes with Ed25519 keys, and C2SP tlog-checkpoint bodies. By hand: the format is a few lines
 * of text, node:crypto signs Ed25519, and no maintained npm library implements signed notes. Key files use
 * the encoding of Go's golang.org/x/mod/sumdb/note (`PRIVATE+KEY+<name>+<id>+<base64(0x01 || seed)>`), so
 * the same key works with Go's tooling; verifier keys are `<name>+<id>+<base64(0x01 || public key)>`.
 */
const ED25519 = 0x01;
/** DER prefixes of an Ed25519 PKCS#8 private key (then the 32-byte seed) and SPKI public key (then 32 bytes). */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface NoteSigner {
  name: string;
  keyId: Buffer;
  publicKey: Buffer;
  vkey: string;
  sign(text: string): Buffer;
}

export interface NoteVerifier {
  name: string;
  keyId: Buffer;
  verify(text: string, signature: Buffer): boolean;
}

function keyIdOf(name: string, publicKey: Buffer): Buffer {
  return sha256(Buffer.from(`${name}\n`, 'utf8'), Buffer.from([ED25519]), publicKey).subarray(0, 4);
}

function checkName(name: string): void {
  if (name === '' || /[\s+]/u.test(name)) throw new Error(`invalid key name "${name}" (no spaces or "+")`);
}

function signerFromSeed(name: string, seed: Buffer): NoteSigner {
  checkName(name);
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const publicKey = Buffer.from(spki.subarray(SPKI_PREFIX.length));
  const keyId = keyIdOf(name, publicKey);
  return {
    name,
    keyId,
    publicKey,
    vkey: `${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString('base64')}`,
    sign: (text) => sign(null, Buffer.from(text, 'utf8'), key),
  };
}

/** A new Ed25519 signing key, encoded as Go's note signer key (keep it secret; never commit it). */
export function generateSignerKey(name: string): string {
  const seed = randomBytes(32);
  const s = signerFromSeed(name, seed);
  return `PRIVATE+KEY+${name}+${s.keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), seed]).toString('base64')}`;
}

export function parseSignerKey(encoded: string): NoteSigner {
  // The base64 key may itself hold "+": split off the first four fields only.
  const all = encoded.trim().split('+');
  const parts = [...all.slice(0, 4), all.slice(4).join('+')];
  if (all.length < 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    throw new Error('not a signed-note private key (PRIVATE+KEY+<name>+<id>+<key>)');
  }
  const [, , name, id, b64] = parts as [string, string, string, string, string];
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw new Error('the private key is not an Ed25519 key');
  const s = signerFromSeed(name, raw.subarray(1));
  if (s.keyId.toString('hex') !== id) throw new Error('the private key does not match its key ID');
  return s;
}

export function parseVerifierKey(vkey: string): NoteVerifier {
  const all = vkey.trim().split('+');
  const parts = [...all.slice(0, 2), all.slice(2).join('+')];
  if (all.length < 3) throw new Error('not a verifier key (<name>+<id>+<key>)');
  const [name, id, b64] = parts as [string, string, string];
  checkName(name);
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw new Error('the verifier key is not an Ed25519 key');
  const publicKey = raw.subarray(1);
  const keyId = keyIdOf(name, publicKey);
  if (keyId.toString('hex') !== id) throw new Error('the verifier key does not match its key ID');
  const key: KeyObject = createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, publicKey]),
    format: 'der',
    type: 'spki',
  });
  return {
    name,
    keyId,
    verify: (text, signature) => verify(null, Buffer.from(text, 'utf8'), key, signature),
  };
}

/** `text` (ending in a newline) signed: the text, a blank line, one signature line per signer. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!text.endsWith('\n')) throw new Error('note text must end in a newline');
  const lines = signers.map(
    (s) => `— ${s.name} ${Buffer.concat([s.keyId, s.sign(text)]).toString('base64')}\n`,
  );
  return `${text}\n${lines.join('')}`;
}

export interface OpenedNote {
  text: string;
  /** Signature lines of known keys that verified. */
  verifiedBy: string[];
  /** Signature lines of known keys that did not verify. */
  failedBy: string[];
}

/** Splits a signed note and checks the signatures of the given keys (unknown signatures are ignored). */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote | null {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return null;
  const text = note.slice(0, split + 1);
  const sigLines = note.slice(split + 2, -1).split('\n');
  const verifiedBy: string[] = [];
  const failedBy: string[] = [];
  for (const line of sigLines) {
    const m = /^— (\S+) ([A-Za-z0-9+/=]+)$/u.exec(line);
    if (!m) return null;
    const sig = Buffer.from(m[2]!, 'base64');
    if (sig.length < 5) return null;
    for (const v of verifiers) {
      if (v.name !== m[1] || !v.keyId.equals(sig.subarray(0, 4))) continue;
      (v.verify(text, sig.subarray(4)) ? verifiedBy : failedBy).push(v.name);
    }
  }
  return { text, verifiedBy, failedBy };
}

/** The checkpoint body (C2SP tlog-checkpoint): origin, tree size, base64 root hash. */
export function checkpointText(origin: string, size: number, root: Uint8Array): string {
  return `${origin}\n${size}\n${Buffer.from(root).toString('base64')}\n`;
}

export function parseCheckpointText(text: string): { origin: string; size: number; root: Buffer } | null {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') return null;
  const [origin, size, root] = lines as [string, string, string];
  if (origin === '' || !/^(0|[1-9]\d*)$/.test(size)) return null;
  const hash = Buffer.from(root, 'base64');
  if (hash.length !== 32 || hash.toString('base64') !== root) return null;
  return { origin, size: Number(size), root: hash };
}
