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
  convention: 'direct' | 'inverse';
  t0: number;
  /** TA1..TDn in groups; group i (from 0) holds TA(i+1) TB(i+1) TC(i+1) TD(i+1). */
  interfaceBytes: InterfaceBytes[];
  /** The protocols offered, in order, without repeats and without T=15; [0] when none is. */
  protocols: number[];
  /** Some TDi announces T=15: global interface bytes follow it. */
  globalT15: boolean;
  historical: Uint8Array;
  tck?: number;
}

/**
 * - `too-short`: fewer than TS and T0; `bad-ts`: TS is neither 3B nor 3F;
 * - `truncated`: the interface or historical bytes T0 announces are not all there;
 * - `tck-missing`: a protocol other than T=0 is offered, so TCK must follow, and none does;
 * - `tck-mismatch`: the XOR of T0 … TCK is not zero;
 * - `trailing-bytes`: bytes after the end T0 and the TDi describe;
 * - `too-long`: more than 33 bytes (ISO/IEC 7816-3: at most 32 characters after TS).
 */
export type AtrProblem =
  | 'too-short'
  | 'bad-ts'
  | 'truncated'
  | 'tck-missing'
  | 'tck-mismatch'
  | 'trailing-bytes'
  | 'too-long';

export type TckStatus = 'absent' | 'correct' | 'wrong';

/** Everything that could be read from an ATR, with every problem found (none when valid). */
export interface AtrAnalysis {
  /** Absent only when TS or T0 is missing or TS is wrong: nothing more can be read. */
  atr?: Atr;
  problems: Array<{ problem: AtrProblem; at: number }>;
  tck: TckStatus;
}

export const TS_DIRECT = 0x3b;
export const TS_INVERSE = 0x3f;
export const ATR_MAX_LENGTH = 33;

/** ISO/IEC 7816-3:2006 §8.2: TS, T0, interface bytes, historical bytes, then TCK if needed. */
export function parseAtr(bytes: Uint8Array): Decoded<Atr, AtrProblem> {
  const analysis = analyzeAtr(bytes);
  const [first] = analysis.problems;
  if (first) return { ok: false, problem: first.problem, at: first.at };
  if (!analysis.atr) return { ok: false, problem: 'too-short', at: 0 };
  return { ok: true, value: analysis.atr, used: bytes.length };
}

/** Reads as much of an ATR as there is, naming every structural problem. Never throws. */
export function analyzeAtr(bytes: Uint8Array): AtrAnalysis {
  const ts = bytes[0];
  const t0 = bytes[1];
  if (ts === undefined || t0 === undefined) {
    return { problems: [{ problem: 'too-short', at: bytes.length }], tck: 'absent' };
  }
  if (ts !== TS_DIRECT && ts !== TS_INVERSE) {
    return { problems: [{ problem: 'bad-ts', at: 0 }], tck: 'absent' };
  }
  const problems: AtrAnalysis['problems'] = [];
  const chain = readInterfaceBytes(bytes, t0);
  if (chain.truncatedAt !== undefined)
    problems.push({ problem: 'truncated', at: chain.truncatedAt });
  // ISO/IEC 7816-3:2006 §8.2.2: the low nibble of T0 is K, the number of historical bytes.
  const k = t0 & 0x0f;
  const histStart = Math.min(chain.used, bytes.length);
  const historical = bytes.slice(histStart, histStart + k);
  if (chain.truncatedAt === undefined && historical.length < k) {
    problems.push({ problem: 'truncated', at: bytes.length });
  }
  const atr: Atr = {
    bytes: bytes.slice(),
    ts,
    convention: ts === TS_DIRECT ? 'direct' : 'inverse',
    t0,
    interfaceBytes: chain.groups,
    protocols: offeredProtocols(chain.announced),
    globalT15: chain.announced.includes(15),
    historical,
  };
  const tck = checkTck(bytes, histStart + k, chain.announced, problems);
  if (tck.value !== undefined) atr.tck = tck.value;
  if (bytes.length > ATR_MAX_LENGTH) problems.push({ problem: 'too-long', at: ATR_MAX_LENGTH });
  return { atr, problems, tck: tck.status };
}

/**
 * ISO/IEC 7816-3:2006 §8.2.5: TCK is absent when only T=0 is indicated and present otherwise; the
 * XOR of all bytes from T0 to TCK included is zero.
 */
function checkTck(
  bytes: Uint8Array,
  end: number,
  announced: number[],
  problems: AtrAnalysis['problems'],
): { status: TckStatus; value?: number } {
  const needsTck = announced.some((t) => t !== 0);
  const total = end + (needsTck ? 1 : 0);
  if (problems.length > 0) return { status: 'absent' }; // truncated: there is no TCK to check
  if (needsTck && bytes.length === end) {
    problems.push({ problem: 'tck-missing', at: end });
    return { status: 'absent' };
  }
  if (bytes.length > total) problems.push({ problem: 'trailing-bytes', at: total });
  if (!needsTck) return { status: 'absent' };
  let x = 0;
  for (let i = 1; i < total; i += 1) x ^= bytes[i] ?? 0;
  const value = bytes[total - 1];
  if (x === 0) return { status: 'correct', value };
  problems.push({ problem: 'tck-mismatch', at: total - 1 });
  return { status: 'wrong', value };
}

/** ISO/IEC 7816-3:2006 §8.2.3: if TD1 is absent, the only offer is T=0. T=15 is no protocol. */
function offeredProtocols(announced: number[]): number[] {
  const offered = [...new Set(announced.filter((t) => t !== 15))];
  return offered.length > 0 ? offered : [0];
}

interface Chain {
  groups: InterfaceBytes[];
  /** T of each TDi, in order. */
  announced: number[];
  used: number;
  truncatedAt?: number;
}

const KEYS = [
  [1, 'ta'],
  [2, 'tb'],
  [4, 'tc'],
  [8, 'td'],
] as const;

/** ISO/IEC 7816-3:2006 §8.2.3: the high nibble of T0 / TDi says which of TA TB TC TD follow. */
function readInterfaceBytes(bytes: Uint8Array, t0: number): Chain {
  const groups: InterfaceBytes[] = [];
  const announced: number[] = [];
  let y = t0 >> 4;
  let at = 2;
  // At most 32 bytes follow TS, so the chain ends within bytes.length; each round advances.
  for (;;) {
    const group: InterfaceBytes = {};
    for (const [bit, key] of KEYS) {
      if ((y & bit) === 0) continue;
      const b = bytes[at];
      if (b === undefined) {
        groups.push(group);
        return { groups, announced, used: at, truncatedAt: at };
      }
      group[key] = b;
      at += 1;
    }
    groups.push(group);
    if (group.td === undefined) return { groups, announced, used: at };
    announced.push(group.td & 0x0f);
    y = group.td >> 4;
  }
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
  // 80: category indicator; 4F 0C: application identifier, 12 bytes (PC/SC Part 3, ATR of a storage card).
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
  return parsed.ok ? cardKindOf(parsed.value) : 'unknown';
}

/** The kind of a parsed ATR (see classifyAtr). */
export function cardKindOf(atr: Atr): CardKind {
  const [g1, g2, g3] = atr.interfaceBytes;
  const only = (g: InterfaceBytes | undefined, td: number): boolean =>
    g !== undefined &&
    g.td === td &&
    g.ta === undefined &&
    g.tb === undefined &&
    g.tc === undefined;
  const contactless =
    only(g1, 0x80) && only(g2, 0x01) && g3 !== undefined && Object.keys(g3).length === 0;
  if (!contactless) return 'contact';
  return contactlessStorageInfo(atr) ? 'contactless-storage' : 'contactless-processor';
}
