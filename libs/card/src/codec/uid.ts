import type { Decoded } from './decoded';
import { toHex } from './hex';

/**
 * ISO/IEC 14443-3 type A UID sizes: single (4 bytes), double (7) and triple (10). PC/SC Part 3
 * GET DATA (FF CA 00 00) returns the UID as the card sent it during anticollision.
 */
export type UidSize = 'single' | 'double' | 'triple';
export interface Uid {
  bytes: Uint8Array;
  /** Upper-case hex, no spaces: the form a credential is stored and compared in. */
  hex: string;
  size: UidSize;
}
export type UidProblem = 'bad-length' | 'random-uid';

const SIZES: ReadonlyMap<number, UidSize> = new Map([
  [4, 'single'],
  [7, 'double'],
  [10, 'triple'],
]);

/**
 * ISO/IEC 14443-3: a single-size UID whose first byte is 08 is a random ID, drawn anew at each
 * activation (phones emulating cards, privacy cards). It identifies nobody, so it is no credential.
 */
export const RANDOM_UID0 = 0x08;

export function isRandomUid(bytes: Uint8Array): boolean {
  return bytes.length === 4 && bytes[0] === RANDOM_UID0;
}

/** Checks a UID as read from a card; a random UID comes back as the problem `random-uid`. */
export function parseUid(bytes: Uint8Array): Decoded<Uid, UidProblem> {
  const size = SIZES.get(bytes.length);
  if (size === undefined) return { ok: false, problem: 'bad-length', at: bytes.length };
  if (isRandomUid(bytes)) return { ok: false, problem: 'random-uid', at: 0 };
  return { ok: true, value: { bytes: bytes.slice(), hex: toHex(bytes), size }, used: bytes.length };
}
