import type { Decoded, Encoded } from './decoded';
import type { StatusWord } from './status-word';

/**
 * ISO/IEC 7816-4 command APDU: header CLA INS P1 P2, then an optional command data field (Nc
 * bytes, announced by Lc) and an optional Le field announcing Ne, the maximum number of response
 * bytes expected. Short fields carry Nc 1-255 and Ne 1-256 (256 written 00); extended fields carry
 * Nc 1-65535 and Ne 1-65536 (65536 written 00 00).
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
export type LengthForm = 'short' | 'extended';
export type EncodeCommandProblem =
  'header-out-of-range' | 'invalid-ins' | 'data-too-long' | 'ne-out-of-range';
export type DecodeCommandProblem = 'too-short' | 'length-mismatch';
export type ResponseApduProblem = 'too-short';

export const SHORT_NC_MAX = 255;
export const SHORT_NE_MAX = 256;
export const EXTENDED_NC_MAX = 65535;
export const EXTENDED_NE_MAX = 65536;
/** ISO/IEC 7816-4 GET RESPONSE (INS C0), used after 61xx. */
export const INS_GET_RESPONSE = 0xc0;

const isByte = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xff;
const NONE = new Uint8Array(0);

/** Case 1: no data, no Le; 2: Le only; 3: data only; 4: data and Le. */
export function commandApduCase(command: CommandApdu): CommandApduCase {
  const hasData = command.data.length > 0;
  const hasNe = command.ne !== undefined;
  if (hasData) return hasNe ? 4 : 3;
  return hasNe ? 2 : 1;
}

/** Short when both fields fit in one byte; otherwise extended (both fields, as case 4E needs). */
export function lengthForm(command: CommandApdu): LengthForm {
  const ne = command.ne ?? 0;
  return command.data.length > SHORT_NC_MAX || ne > SHORT_NE_MAX ? 'extended' : 'short';
}

/**
 * Builds the bytes of a command APDU, short or extended, or names why it cannot be built.
 * `form: 'extended'` forces extended length fields even where short ones would do.
 */
export function encodeCommandApdu(
  command: CommandApdu,
  form: LengthForm = lengthForm(command),
): Encoded<EncodeCommandProblem> {
  const { cla, ins, p1, p2, data, ne } = command;
  if (![cla, ins, p1, p2].every(isByte)) {
    return { ok: false, problem: 'header-out-of-range', detail: 'CLA, INS, P1, P2 must be bytes' };
  }
  // ISO/IEC 7816-4: INS values 6X and 9X are invalid (they are T=0 procedure bytes / SW1 values).
  if ((ins & 0xf0) === 0x60 || (ins & 0xf0) === 0x90) {
    return { ok: false, problem: 'invalid-ins', detail: `INS ${ins.toString(16)} is invalid` };
  }
  if (data.length > EXTENDED_NC_MAX) {
    return {
      ok: false,
      problem: 'data-too-long',
      detail: `Nc ${data.length} > ${EXTENDED_NC_MAX}`,
    };
  }
  if (ne !== undefined && (!Number.isInteger(ne) || ne < 1 || ne > EXTENDED_NE_MAX)) {
    return {
      ok: false,
      problem: 'ne-out-of-range',
      detail: `Ne ${ne} not in 1..${EXTENDED_NE_MAX}`,
    };
  }
  const extended = form === 'extended' || lengthForm(command) === 'extended';
  const lc = lcField(data.length, extended);
  const le = leField(ne, extended, data.length > 0);
  const bytes = new Uint8Array(4 + lc.length + data.length + le.length);
  bytes.set([cla, ins, p1, p2, ...lc]);
  bytes.set(data, 4 + lc.length);
  bytes.set(le, 4 + lc.length + data.length);
  return { ok: true, bytes };
}

/** Lc: absent for Nc = 0; one byte (short); 00 then two bytes (extended). */
function lcField(nc: number, extended: boolean): number[] {
  if (nc === 0) return [];
  return extended ? [0, nc >> 8, nc & 0xff] : [nc];
}

/** Le: one byte (short); two bytes after an extended Lc, three (00 hi lo) without one. */
function leField(ne: number | undefined, extended: boolean, hasLc: boolean): number[] {
  if (ne === undefined) return [];
  if (!extended) return [ne & 0xff];
  const two = [(ne >> 8) & 0xff, ne & 0xff];
  return hasLc ? two : [0, ...two];
}

/** Reads a command APDU of any case, short or extended (a virtual card's side of the exchange). */
export function decodeCommandApdu(bytes: Uint8Array): Decoded<CommandApdu, DecodeCommandProblem> {
  const [cla, ins, p1, p2, b4] = bytes;
  if (cla === undefined || ins === undefined || p1 === undefined || p2 === undefined) {
    return { ok: false, problem: 'too-short', at: bytes.length };
  }
  const header = { cla, ins, p1, p2 };
  const used = bytes.length;
  const body = decodeBody(bytes, b4);
  if (!body) return { ok: false, problem: 'length-mismatch', at: 4 };
  return { ok: true, value: { ...header, ...body }, used };
}

const word = (hi: number | undefined, lo: number | undefined): number =>
  ((hi ?? 0) << 8) | (lo ?? 0);

function decodeBody(
  bytes: Uint8Array,
  b4: number | undefined,
): { data: Uint8Array; ne?: number } | undefined {
  const n = bytes.length;
  if (b4 === undefined) return { data: NONE }; // case 1
  if (n === 5) return { data: NONE, ne: b4 || SHORT_NE_MAX }; // case 2S
  if (b4 !== 0) {
    const data = bytes.slice(5, 5 + b4);
    if (n === 5 + b4) return { data }; // case 3S
    if (n === 6 + b4) return { data, ne: bytes[5 + b4] || SHORT_NE_MAX }; // case 4S
    return undefined;
  }
  const x = word(bytes[5], bytes[6]);
  if (n === 7) return { data: NONE, ne: x || EXTENDED_NE_MAX }; // case 2E
  if (x === 0) return undefined; // an extended Lc of zero is not allowed
  const data = bytes.slice(7, 7 + x);
  if (n === 7 + x) return { data }; // case 3E
  if (n === 9 + x) return { data, ne: word(bytes[7 + x], bytes[8 + x]) || EXTENDED_NE_MAX }; // 4E
  return undefined;
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
