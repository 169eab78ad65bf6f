import type { Decoded } from './decoded';

export type HexProblem = 'not-hex' | 'odd-length';

/** Upper-case hex with no separator (the form credentials are compared and stored in). */
export function toHex(bytes: Uint8Array, separator = ''): string {
  const parts: string[] = [];
  for (const b of bytes) parts.push(b.toString(16).padStart(2, '0').toUpperCase());
  return parts.join(separator);
}

/**
 * Parses hex as people type it: spaces, colons and dashes between bytes are allowed, case is not
 * significant, an optional `0x` prefix is dropped.
 */
export function parseHex(text: string): Decoded<Uint8Array, HexProblem> {
  const compact = text
    .trim()
    .replace(/^0x/i, '')
    .replace(/[\s:-]/g, '');
  const bad = compact.search(/[^0-9a-fA-F]/);
  if (bad >= 0) return { ok: false, problem: 'not-hex', at: bad };
  if (compact.length % 2 !== 0) return { ok: false, problem: 'odd-length', at: compact.length };
  const bytes = new Uint8Array(compact.length / 2);
  for (let i = 0; i < bytes.length; i += 1) {
    bytes[i] = parseInt(compact.slice(i * 2, i * 2 + 2), 16);
  }
  return { ok: true, value: bytes, used: text.length };
}

/** For constants and tests only: hex that is known to be valid. Never throws; bad hex gives []. */
export function hexBytes(text: string): Uint8Array {
  const parsed = parseHex(text);
  return parsed.ok ? parsed.value : new Uint8Array(0);
}
