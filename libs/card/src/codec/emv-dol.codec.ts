import type { Decoded } from './decoded';
import { toHex } from './hex';

/**
 * A Data Object List (EMV 4.3 Book 3 §5.4, "Rules for Using a Data Object List (DOL)"): tags and
 * lengths only, no values. The card's PDOL (9F38) asks the terminal for these values in GET
 * PROCESSING OPTIONS, concatenated without tags or lengths.
 */
export interface DolEntry {
  tag: number;
  tagHex: string;
  length: number;
}

export type DolProblem = 'truncated-tag' | 'tag-too-long' | 'truncated-length';

export function decodeDol(bytes: Uint8Array): Decoded<DolEntry[], DolProblem> {
  const entries: DolEntry[] = [];
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    const first = bytes[at] ?? 0;
    let tag = first;
    at += 1;
    if ((first & 0x1f) === 0x1f) {
      for (;;) {
        const b = bytes[at];
        if (b === undefined) return { ok: false, problem: 'truncated-tag', at };
        if (at - start >= 4) return { ok: false, problem: 'tag-too-long', at };
        tag = tag * 256 + b;
        at += 1;
        if ((b & 0x80) === 0) break;
      }
    }
    const length = bytes[at];
    if (length === undefined) return { ok: false, problem: 'truncated-length', at };
    // A DOL length is always one byte (never a BER long form).
    at += 1;
    entries.push({ tag, tagHex: toHex(bytes.subarray(start, at - 1)), length });
  }
  return { ok: true, value: entries, used: bytes.length };
}
