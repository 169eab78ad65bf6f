import type { Decoded, Encoded } from './decoded';
import type { StatusWord } from './status-word';

/**
 * ISO/IEC 7816-4 command APDU: header CLA INS P1 P2, then an optional command data field (Nc
 * bytes, announced by Lc) and an optional Le field announcing Ne, the maximum number of response
 * bytes expected. This codec speaks short lengths only: Nc 1-255, Ne 1-256 (256 is written 00).
 */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data field; empty for cases 1 and 2. */
  data: Uint8Array;
  /** Ne; absent for cases 1 and 3. */
  ne?: number;
}

/** ISO/IEC 7816-4 response APDU: a response data field, then the trailer SW1 SW2. */
export interface ResponseApdu {
  data: Uint8Array;
  sw1: number;
  sw2: number;
  sw: StatusWord;
}

export type CommandApduCase = 1 | 2 | 3 | 4;
export type EncodeCommandProblem =
  'header-out-of-range' | 'invalid-ins' | 'data-too-long' | 'ne-out-of-range';
export type DecodeCommandProblem = 'too-short' | 'extended-length' | 'length-mismatch';
export type ResponseApduProblem = 'too-short';

/** Short-length limits: Lc is one byte (1-255), Le is one byte where 00 means 256. */
export const SHORT_NC_MAX = 255;
export const SHORT_NE_MAX = 256;
/** ISO/IEC 7816-4 GET RESPONSE (INS C0), used after 61xx. */
export const INS_GET_RESPONSE = 0xc0;

const isByte = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xff;

/** Case 1: no data, no Le; 2: Le only; 3: data only; 4: data and Le. */
export function commandApduCase(command: CommandApdu): CommandApduCase {
  const hasData = command.data.length > 0;
  const hasNe = command.ne !== undefined;
  if (hasData) return hasNe ? 4 : 3;
  return hasNe ? 2 : 1;
}

/** Builds the bytes of a short command APDU, or names why it cannot be built. */
export function encodeCommandApdu(command: CommandApdu): Encoded<EncodeCommandProblem> {
  const { cla, ins, p1, p2, data, ne } = command;
  if (![cla, ins, p1, p2].every(isByte)) {
    return { ok: false, problem: 'header-out-of-range', detail: 'CLA, INS, P1, P2 must be bytes' };
  }
  // ISO/IEC 7816-4: INS values 6X and 9X are invalid (they are T=0 procedure bytes / SW1 values).
  if ((ins & 0xf0) === 0x60 || (ins & 0xf0) === 0x90) {
    return { ok: false, problem: 'invalid-ins', detail: `INS ${ins.toString(16)} is invalid` };
  }
  if (data.length > SHORT_NC_MAX) {
    return { ok: false, problem: 'data-too-long', detail: `Nc ${data.length} > ${SHORT_NC_MAX}` };
  }
  if (ne !== undefined && (!Number.isInteger(ne) || ne < 1 || ne > SHORT_NE_MAX)) {
    return { ok: false, problem: 'ne-out-of-range', detail: `Ne ${ne} not in 1..${SHORT_NE_MAX}` };
  }
  const lc = data.length > 0 ? [data.length] : [];
  const le = ne === undefined ? [] : [ne & 0xff];
  const bytes = new Uint8Array(4 + lc.length + data.length + le.length);
  bytes.set([cla, ins, p1, p2, ...lc]);
  bytes.set(data, 4 + lc.length);
  bytes.set(le, 4 + lc.length + data.length);
  return { ok: true, bytes };
}

/** Reads a short command APDU (a virtual card's side of the exchange). */
export function decodeCommandApdu(bytes: Uint8Array): Decoded<CommandApdu, DecodeCommandProblem> {
  const [cla, ins, p1, p2, b4] = bytes;
  if (cla === undefined || ins === undefined || p1 === undefined || p2 === undefined) {
    return { ok: false, problem: 'too-short', at: bytes.length };
  }
  const header = { cla, ins, p1, p2 };
  const used = bytes.length;
  if (b4 === undefined) return { ok: true, value: { ...header, data: new Uint8Array(0) }, used };
  if (bytes.length === 5) {
    return { ok: true, value: { ...header, data: new Uint8Array(0), ne: b4 || 256 }, used };
  }
  // Lc = 00 followed by more bytes announces extended lengths (not spoken here yet).
  if (b4 === 0) return { ok: false, problem: 'extended-length', at: 4 };
  const data = bytes.slice(5, 5 + b4);
  if (bytes.length === 5 + b4) return { ok: true, value: { ...header, data }, used };
  const le = bytes[5 + b4];
  if (le !== undefined && bytes.length === 6 + b4) {
    return { ok: true, value: { ...header, data, ne: le || 256 }, used };
  }
  return { ok: false, problem: 'length-mismatch', at: 4 };
}

/** Splits a response APDU into its data field and trailer. Needs at least SW1 SW2. */
export function parseResponseApdu(bytes: Uint8Array): Decoded<ResponseApdu, ResponseApduProblem> {
  const n = bytes.length;
  const sw1 = bytes[n - 2];
  const sw2 = bytes[n - 1];
  if (n < 2 || sw1 === undefined || sw2 === undefined) {
    return { ok: false, problem: 'too-short', at: n };
  }
  const value = { data: bytes.slice(0, n - 2), sw1, sw2, sw: (sw1 << 8) | sw2 };
  return { ok: true, value, used: n };
}

/** Builds a response APDU (the card's side); the status word is taken modulo 2^16. */
export function encodeResponseApdu(data: Uint8Array, sw: StatusWord): Uint8Array {
  const bytes = new Uint8Array(data.length + 2);
  bytes.set(data);
  bytes[data.length] = (sw >> 8) & 0xff;
  bytes[data.length + 1] = sw & 0xff;
  return bytes;
}
