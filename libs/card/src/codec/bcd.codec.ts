import type { Decoded, Encoded } from './decoded';

/**
 * Packed BCD: two decimal digits per byte, high nibble first. EMV's `cn` format ("compressed
 * numeric", EMV 4.3 Book 3, data element format conventions) pads on the right with F nibbles.
 */
export type BcdProblem = 'not-a-digit';

export interface BcdOptions {
  /** Stop at the first F nibble and require only F nibbles after it (EMV `cn`). Default false. */
  trailingF?: boolean;
}

/** Digits of packed BCD; `at` of a problem is the nibble index. */
export function decodeBcd(
  bytes: Uint8Array,
  options: BcdOptions = {},
): Decoded<string, BcdProblem> {
  let digits = '';
  let padding = false;
  for (let i = 0; i < bytes.length * 2; i += 1) {
    const byte = bytes[i >> 1] ?? 0;
    const nibble = i % 2 === 0 ? byte >> 4 : byte & 0x0f;
    if (options.trailingF && nibble === 0x0f) {
      padding = true;
      continue;
    }
    if (padding || nibble > 9) return { ok: false, problem: 'not-a-digit', at: i };
    digits += String.fromCharCode(48 + nibble);
  }
  return { ok: true, value: digits, used: bytes.length };
}

/** Packs digits two to a byte; an odd count is padded with one F nibble (EMV `cn`). */
export function encodeBcd(digits: string): Encoded<BcdProblem> {
  const bad = digits.search(/\D/);
  if (bad >= 0)
    return { ok: false, problem: 'not-a-digit', detail: `character ${bad} is no digit` };
  const padded = digits.length % 2 === 0 ? digits : `${digits}F`;
  const bytes = new Uint8Array(padded.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(padded.slice(i * 2, i * 2 + 2), 16);
  return { ok: true, bytes };
}

/**
 * Upper-case nibbles of any bytes: the form of EMV track 2 equivalent data (tag 57), whose digits
 * are broken by the separator nibble D and padded with F.
 */
export function nibbles(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0').toUpperCase();
  return out;
}
