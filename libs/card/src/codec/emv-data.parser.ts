import { decodeBcd, nibbles } from './bcd.codec';
import { decodeBerTlv, findAllTlv, findTlv, type TlvNode } from './ber-tlv.codec';
import type { Decoded } from './decoded';
import { toHex } from './hex';

/** EMV tags this library reads (EMV 4.3 Book 3 Annex A, data elements dictionary). */
export const EMV_TAG = {
  FCI_TEMPLATE: 0x6f,
  DF_NAME: 0x84,
  FCI_PROPRIETARY: 0xa5,
  SFI_OF_DIRECTORY: 0x88,
  FCI_ISSUER_DISCRETIONARY: 0xbf0c,
  APPLICATION_TEMPLATE: 0x61,
  AID: 0x4f,
  APPLICATION_LABEL: 0x50,
  PRIORITY_INDICATOR: 0x87,
  PDOL: 0x9f38,
  RESPONSE_FORMAT_1: 0x80,
  RESPONSE_FORMAT_2: 0x77,
  AIP: 0x82,
  AFL: 0x94,
  READ_RECORD_TEMPLATE: 0x70,
  PAN: 0x5a,
  TRACK2_EQUIVALENT: 0x57,
  /** Mastercard mag-stripe mode (M/Chip, PayPass): Track 2 Data, the layout of 57. */
  TRACK2_DATA: 0x9f6b,
  /** Mastercard mag-stripe mode: Track 1 Data, ASCII `B` PAN `^` name `^` expiry … */
  TRACK1_DATA: 0x56,
} as const;

/** One entry of a PSE/PPSE directory (Application Template, tag 61). */
export interface EmvApplication {
  /** Upper-case hex. */
  aid: string;
  label?: string;
  /** b4-b1 of the Application Priority Indicator (87): 1 is highest, 0 means none. */
  priority: number;
}

/** Application Templates (61) in a directory record or a PPSE FCI, with their AID, label, priority. */
export function directoryEntries(nodes: readonly TlvNode[]): EmvApplication[] {
  const apps: EmvApplication[] = [];
  for (const template of findAllTlv(nodes, EMV_TAG.APPLICATION_TEMPLATE)) {
    const aid = findTlv(template.children, EMV_TAG.AID)?.value;
    if (!aid || aid.length < 5 || aid.length > 16) continue; // ISO/IEC 7816-5: 5-16 bytes
    const label = findTlv(template.children, EMV_TAG.APPLICATION_LABEL)?.value;
    const api = findTlv(template.children, EMV_TAG.PRIORITY_INDICATOR)?.value[0] ?? 0;
    apps.push({
      aid: toHex(aid),
      ...(label ? { label: printable(label) } : {}),
      priority: api & 0x0f,
    });
  }
  return apps;
}

/** EMV 4.3 Book 1, application selection (Application Priority Indicator): highest first (1 before 15); no priority (0) last; stable. */
export function byPriority(apps: readonly EmvApplication[]): EmvApplication[] {
  const rank = (a: EmvApplication): number => (a.priority === 0 ? 16 : a.priority);
  return apps
    .map((app, i) => ({ app, i }))
    .sort((a, b) => rank(a.app) - rank(b.app) || a.i - b.i)
    .map(({ app }) => app);
}

/** What an FCI (6F) carries that a reader needs: the directory SFI (PSE) and the PDOL. */
export interface EmvFci {
  dfName?: string;
  sfi?: number;
  pdol?: Uint8Array;
}

export function parseFci(nodes: readonly TlvNode[]): EmvFci {
  const dfName = findTlv(nodes, EMV_TAG.DF_NAME)?.value;
  const sfi = findTlv(nodes, EMV_TAG.SFI_OF_DIRECTORY)?.value[0];
  const pdol = findTlv(nodes, EMV_TAG.PDOL)?.value;
  return {
    ...(dfName ? { dfName: toHex(dfName) } : {}),
    ...(sfi !== undefined ? { sfi } : {}),
    ...(pdol ? { pdol } : {}),
  };
}

/** Application File Locator entry (EMV 4.3 Book 3 §10.2): SFI, first and last record. */
export interface AflEntry {
  sfi: number;
  first: number;
  last: number;
  offlineRecords: number;
}

export type GpoProblem = 'bad-tlv' | 'unknown-format' | 'bad-afl';

export interface GpoResponse {
  aip: Uint8Array;
  afl: AflEntry[];
  /** The whole answer, since a contactless card may put its PAN or track 2 right here. */
  nodes: TlvNode[];
}

/**
 * GET PROCESSING OPTIONS answers (EMV 4.3 Book 3 §6.5.8.4) in format 1 (80: AIP then AFL, no
 * tags) or format 2 (77: TLV objects, AIP in 82 and AFL in 94). Some cards (Interac among them)
 * wrap the format 2 objects in the READ RECORD response template 70 instead of 77; the objects
 * inside mean the same, so 70 is read as format 2.
 */
export function parseGpoResponse(bytes: Uint8Array): Decoded<GpoResponse, GpoProblem> {
  const tlv = decodeBerTlv(bytes);
  if (!tlv.ok) return { ok: false, problem: 'bad-tlv', at: tlv.at };
  const [top] = tlv.value;
  let aip: Uint8Array | undefined;
  let aflBytes: Uint8Array | undefined;
  if (top?.tag === EMV_TAG.RESPONSE_FORMAT_1 && top.value.length >= 2) {
    aip = top.value.subarray(0, 2);
    aflBytes = top.value.subarray(2);
  } else if (top?.tag === EMV_TAG.RESPONSE_FORMAT_2 || top?.tag === EMV_TAG.READ_RECORD_TEMPLATE) {
    aip = findTlv(top.children, EMV_TAG.AIP)?.value;
    aflBytes = findTlv(top.children, EMV_TAG.AFL)?.value ?? new Uint8Array(0);
  }
  if (!aip || !aflBytes) return { ok: false, problem: 'unknown-format', at: 0 };
  const afl = parseAfl(aflBytes);
  if (!afl.ok) return { ok: false, problem: 'bad-afl', at: afl.at };
  return {
    ok: true,
    value: { aip: aip.slice(), afl: afl.value, nodes: tlv.value },
    used: bytes.length,
  };
}

/** AFL: groups of four bytes; SFI in b8-b4 of the first (1-30), first record ≥ 1, last ≥ first. */
export function parseAfl(bytes: Uint8Array): Decoded<AflEntry[], 'bad-afl'> {
  if (bytes.length % 4 !== 0) return { ok: false, problem: 'bad-afl', at: bytes.length };
  const entries: AflEntry[] = [];
  for (let at = 0; at < bytes.length; at += 4) {
    const [b0 = 0, first = 0, last = 0, offlineRecords = 0] = bytes.subarray(at, at + 4);
    const sfi = b0 >> 3;
    if (sfi < 1 || sfi > 30 || first < 1 || last < first)
      return { ok: false, problem: 'bad-afl', at };
    entries.push({ sfi, first, last, offlineRecords });
  }
  return { ok: true, value: entries, used: bytes.length };
}

export type PanSource = 'tag-5a' | 'track2-57' | 'track2-9f6b' | 'track1-56';

/** One place a card carries its PAN, and the digits found there; not yet checked (length, Luhn). */
export interface PanPlace {
  source: PanSource;
  digits: string;
}

/**
 * Every place the PAN is found in TLV objects, in this order: tag 5A (cn, padded with F); the
 * track 2 equivalent data 57 (EMV 4.3 Book 3 Annex A); Mastercard's mag-stripe Track 2 Data 9F6B
 * (same layout as 57) and Track 1 Data 56 (ISO/IEC 7813 track 1: format code B, the PAN, `^`).
 * The first occurrence of each tag; a place whose bytes hold no PAN is left out.
 */
export function panPlaces(nodes: readonly TlvNode[]): PanPlace[] {
  const places: PanPlace[] = [];
  const pan = findTlv(nodes, EMV_TAG.PAN);
  if (pan) {
    const digits = decodeBcd(pan.value, { trailingF: true });
    if (digits.ok && digits.value.length > 0)
      places.push({ source: 'tag-5a', digits: digits.value });
  }
  const track2 = findTlv(nodes, EMV_TAG.TRACK2_EQUIVALENT);
  const track2Digits = track2 && track2Pan(track2.value);
  if (track2Digits) places.push({ source: 'track2-57', digits: track2Digits });
  const magTrack2 = findTlv(nodes, EMV_TAG.TRACK2_DATA);
  const magTrack2Digits = magTrack2 && track2Pan(magTrack2.value);
  if (magTrack2Digits) places.push({ source: 'track2-9f6b', digits: magTrack2Digits });
  const track1 = findTlv(nodes, EMV_TAG.TRACK1_DATA);
  const track1Digits = track1 && track1Pan(track1.value);
  if (track1Digits) places.push({ source: 'track1-56', digits: track1Digits });
  return places;
}

/** EMV track 2 equivalent: PAN, separator D, expiry YYMM, service code, discretionary data. */
export function track2Pan(bytes: Uint8Array): string | undefined {
  const text = nibbles(bytes);
  const separator = text.indexOf('D');
  if (separator <= 0) return undefined;
  const pan = text.slice(0, separator);
  return /^\d+$/.test(pan) ? pan : undefined;
}

/** ISO/IEC 7813: track 1 holds at most 79 characters. */
const TRACK1_MAX_CHARACTERS = 79;

/**
 * ISO/IEC 7813 track 1 (format B), as Mastercard's tag 56 carries it without the sentinels:
 * `B`, the PAN, `^`, the name, `^`, expiry YYMM, … The PAN is what stands before the first `^`.
 */
export function track1Pan(bytes: Uint8Array): string | undefined {
  const text = String.fromCharCode(...bytes.subarray(0, TRACK1_MAX_CHARACTERS));
  const separator = text.indexOf('^');
  if (separator < 0) return undefined;
  const pan = text.slice(text.startsWith('B') ? 1 : 0, separator);
  return /^\d+$/.test(pan) ? pan : undefined;
}

const printable = (bytes: Uint8Array): string =>
  String.fromCharCode(...bytes).replace(/[^\x20-\x7e]/g, '?');
