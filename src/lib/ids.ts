import { randomBytes } from 'node:crypto';

/** Entity IDs carry a type prefix (`ins_…`, `agr_…`) and 16 random base32 characters. */
export type IdPrefix =
  | 'off'
  | 'evl'
  | 'rec'
  | 'rsc'
  | 'ins'
  | 'agr'
  | 'usr'
  | 'apl'
  | 'doc'
  | 'agv'
  | 'ext'
  | 'stm'
  | 'nda'
  | 'cap'
  | 'rep'
  | 'crt'
  | 'qrq'
  | 'uir'
  | 'alr'
  | 'fls'
  | 'fdp'
  | 'trf'
  | 'wku'
  | 'rdr'
  | 'sam'
  | 'srt'
  | 'rds'
  | 'rdu'
  | 'net'
  | 'ohc'
  | 'cbd'
  | 'mou'
  | 'dsp'
  | 'dqt';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export function newId(prefix: IdPrefix): string {
  const bytes = randomBytes(16);
  let s = '';
  for (const b of bytes) s += ALPHABET[b & 31];
  return `${prefix}_${s}`;
}
