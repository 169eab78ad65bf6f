import { toHex } from './hex';
import { PCSC_RID } from './atr.parser';

/**
 * ISO/IEC 7816-4, historical bytes: the first byte is the category indicator.
 * - 00: COMPACT-TLV objects, then a mandatory status indicator in the last three bytes;
 * - 10: a DIR data reference follows;
 * - 80: COMPACT-TLV objects, possibly with a status indicator (tag 8) among them;
 * - 81-8F: reserved; anything else: proprietary.
 */
export type HistoricalCategory =
  'none' | 'compact-tlv-status-last' | 'dir-reference' | 'compact-tlv' | 'reserved' | 'proprietary';

export interface CompactTlvObject {
  /** The high nibble of the object's first byte. */
  tag: number;
  name: string;
  /** Upper-case hex, space-separated. */
  value: string;
}

export interface HistoricalBytes {
  category: HistoricalCategory;
  categoryIndicator?: number;
  objects: CompactTlvObject[];
  /** Status indicator (LCS, SW1 SW2) when category 00 puts it last. */
  statusIndicator?: string;
  /** Content that does not follow the category's rules; the ATR itself stays valid. */
  notes: string[];
}

/** ISO/IEC 7816-4 COMPACT-TLV tags in the historical bytes. */
const COMPACT_TAGS: ReadonlyMap<number, string> = new Map([
  [0x1, 'country code'],
  [0x2, 'issuer identification number'],
  [0x3, 'card service data'],
  [0x4, 'initial access data'],
  [0x5, "card issuer's data"],
  [0x6, 'pre-issuing data'],
  [0x7, 'card capabilities'],
  [0x8, 'status indicator'],
  [0xf, 'application identifier'],
]);

/** Reads the historical bytes; never throws, whatever they hold. */
export function parseHistoricalBytes(h: Uint8Array): HistoricalBytes {
  const ci = h[0];
  if (ci === undefined) return { category: 'none', objects: [], notes: [] };
  const base = { categoryIndicator: ci, notes: [] as string[] };
  if (ci === 0x00) {
    if (h.length < 4) {
      const notes = ['category 00 needs a three-byte status indicator at the end'];
      return { ...base, category: 'compact-tlv-status-last', objects: [], notes };
    }
    const objects = readCompactTlv(h.subarray(1, h.length - 3), base.notes);
    const statusIndicator = toHex(h.subarray(h.length - 3), ' ');
    return { ...base, category: 'compact-tlv-status-last', objects, statusIndicator };
  }
  if (ci === 0x10) return { ...base, category: 'dir-reference', objects: [] };
  if (ci === 0x80)
    return { ...base, category: 'compact-tlv', objects: readCategory80(h, base.notes) };
  if (ci > 0x80 && ci <= 0x8f) return { ...base, category: 'reserved', objects: [] };
  return { ...base, category: 'proprietary', objects: [] };
}

/**
 * PC/SC Part 3 storage cards write `4F 0C <AID>` after 80: a BER-TLV application identifier, not
 * a COMPACT-TLV object (read as COMPACT-TLV, 4F would claim 15 bytes). Read it as what it is.
 */
function readCategory80(h: Uint8Array, notes: string[]): CompactTlvObject[] {
  if (h[1] === 0x4f && h[2] !== undefined && PCSC_RID.every((b, i) => h[3 + i] === b)) {
    const aid = h.subarray(3, 3 + h[2]);
    return [{ tag: 0xf, name: 'application identifier (PC/SC Part 3)', value: toHex(aid, ' ') }];
  }
  return readCompactTlv(h.subarray(1), notes);
}

/** COMPACT-TLV: each object is one byte (tag in the high nibble, length in the low), then data. */
function readCompactTlv(bytes: Uint8Array, notes: string[]): CompactTlvObject[] {
  const objects: CompactTlvObject[] = [];
  let at = 0;
  while (at < bytes.length) {
    const head = bytes[at] ?? 0;
    const tag = head >> 4;
    const length = head & 0x0f;
    const value = bytes.subarray(at + 1, at + 1 + length);
    if (value.length < length) {
      notes.push(
        `COMPACT-TLV object ${toHex(Uint8Array.of(head))} claims ${length} byte(s), ${value.length} left`,
      );
    }
    const name = COMPACT_TAGS.get(tag) ?? `tag ${tag.toString(16).toUpperCase()}`;
    objects.push({ tag, name, value: toHex(value, ' ') });
    at += 1 + length;
  }
  return objects;
}
