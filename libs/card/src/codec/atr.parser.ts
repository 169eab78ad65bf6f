import type { Decoded } from './decoded';

/** What a reader's ATR says about the card on it. */
export type CardKind = 'contactless-storage' | 'contactless-processor' | 'contact' | 'unknown';

export interface InterfaceBytes {
  ta?: number;
  tb?: number;
  tc?: number;
  td?: number;
}

export interface Atr {
  bytes: Uint8Array;
  /** TS: 3B direct convention, 3F inverse convention. */
  ts: number;
  /** TA1..TDn in groups; group i holds TAi TBi TCi TDi. */
  interfaceBytes: InterfaceBytes[];
  /** Protocols T announced by the TDi bytes, in order (T=0 when none is announced). */
  protocols: number[];
  historical: Uint8Array;
  tck?: number;
}

export type AtrProblem = 'too-short' | 'bad-ts' | 'truncated' | 'tck-mismatch' | 'trailing-bytes';

export const TS_DIRECT = 0x3b;
export const TS_INVERSE = 0x3f;

/** ISO/IEC 7816-3:2006 §8.2: TS, T0, interface bytes, historical bytes, then TCK if needed. */
export function parseAtr(bytes: Uint8Array): Decoded<Atr, AtrProblem> {
  const ts = bytes[0];
  const t0 = bytes[1];
  if (ts === undefined || t0 === undefined) return { ok: false, problem: 'too-short', at: 0 };
  if (ts !== TS_DIRECT && ts !== TS_INVERSE) return { ok: false, problem: 'bad-ts', at: 0 };
  const chain = readInterfaceBytes(bytes, t0);
  if (!chain.ok) return chain;
  const { groups, protocols } = chain.value;
  // ISO/IEC 7816-3:2006 §8.2.2: the low nibble of T0 is K, the number of historical bytes.
  const k = t0 & 0x0f;
  const histStart = chain.used;
  if (bytes.length < histStart + k) return { ok: false, problem: 'truncated', at: bytes.length };
  const historical = bytes.slice(histStart, histStart + k);
  const atr: Atr = { bytes: bytes.slice(), ts, interfaceBytes: groups, protocols, historical };
  // ISO/IEC 7816-3:2006 §8.2.5: TCK is absent when only T=0 is indicated, present otherwise;
  // the XOR of T0 up to and including TCK is zero.
  const needsTck = protocols.some((t) => t !== 0);
  const end = histStart + k + (needsTck ? 1 : 0);
  if (bytes.length < end) return { ok: false, problem: 'truncated', at: bytes.length };
  if (bytes.length > end) return { ok: false, problem: 'trailing-bytes', at: end };
  if (needsTck) {
    let x = 0;
    for (let i = 1; i < end; i += 1) x ^= bytes[i] ?? 0;
    if (x !== 0) return { ok: false, problem: 'tck-mismatch', at: end - 1 };
    atr.tck = bytes[end - 1];
  }
  return { ok: true, value: atr, used: end };
}

type Chain = { groups: InterfaceBytes[]; protocols: number[] };

/** ISO/IEC 7816-3:2006 §8.2.3: the high nibble of T0 / TDi says which of TA TB TC TD follow. */
function readInterfaceBytes(bytes: Uint8Array, t0: number): Decoded<Chain, AtrProblem> {
  const groups: InterfaceBytes[] = [];
  const protocols: number[] = [];
  let y = t0 >> 4;
  let at = 2;
  for (;;) {
    const group: InterfaceBytes = {};
    for (const [bit, key] of [
      [1, 'ta'],
      [2, 'tb'],
      [4, 'tc'],
      [8, 'td'],
    ] as const) {
      if ((y & bit) === 0) continue;
      const b = bytes[at];
      if (b === undefined) return { ok: false, problem: 'truncated', at };
      group[key] = b;
      at += 1;
    }
    groups.push(group);
    if (group.td === undefined) break;
    protocols.push(group.td & 0x0f);
    y = group.td >> 4;
  }
  return { ok: true, value: { groups, protocols }, used: at };
}

/** PC/SC Part 3: a contactless storage card's historical bytes carry the RID A0 00 00 03 06. */
export interface ContactlessStorageInfo {
  /** SS: the standard, 03 = ISO/IEC 14443 A part 3. */
  standard: number;
  /** NN NN: the card name, 0001 = MIFARE Classic 1K, 0003 = MIFARE Ultralight / NTAG. */
  cardName: number;
}

export const PCSC_RID = Uint8Array.of(0xa0, 0x00, 0x00, 0x03, 0x06);

export function contactlessStorageInfo(atr: Atr): ContactlessStorageInfo | undefined {
  const h = atr.historical;
  // 80: category indicator (status in COMPACT-TLV); 4F 0C: application identifier, 12 bytes.
  if (h.length < 11 || h[0] !== 0x80 || h[1] !== 0x4f || h[2] !== 0x0c) return undefined;
  if (!PCSC_RID.every((b, i) => h[3 + i] === b)) return undefined;
  return { standard: h[8] ?? 0, cardName: ((h[9] ?? 0) << 8) | (h[10] ?? 0) };
}

/**
 * PC/SC Part 3: a contactless reader builds the ATR as 3B 8n 80 01 <historical bytes> TCK, TD1 =
 * 80 and TD2 = 01 with no TA, TB or TC. Storage cards get the RID form above; processor cards
 * get their ATS (type A) or ATQB (type B) historical bytes.
 */
export function classifyAtr(bytes: Uint8Array): CardKind {
  const parsed = parseAtr(bytes);
  if (!parsed.ok) return 'unknown';
  const atr = parsed.value;
  const [g1, g2, g3] = atr.interfaceBytes;
  const contactless =
    g1?.td === 0x80 &&
    g2?.td === 0x01 &&
    g3 !== undefined &&
    Object.keys(g3).length === 0 &&
    g1.ta === undefined &&
    g1.tb === undefined &&
    g1.tc === undefined &&
    g2.ta === undefined &&
    g2.tb === undefined &&
    g2.tc === undefined;
  if (!contactless) return 'contact';
  return contactlessStorageInfo(atr) ? 'contactless-storage' : 'contactless-processor';
}
