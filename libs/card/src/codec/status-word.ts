/** SW1 SW2 as one 16-bit number, SW1 in the high byte (0x9000). */
export type StatusWord = number;

/**
 * ISO/IEC 7816-4 status bytes fall in four groups: normal processing (9000, 61XX), warning
 * processing (62XX, 63XX), execution error (64XX-66XX) and checking error (67XX-6FXX).
 */
export type StatusWordCategory =
  'normal' | 'warning' | 'execution-error' | 'checking-error' | 'unknown';

export interface StatusWordDescription {
  sw: StatusWord;
  /** Four upper-case hex digits, `6A82`. */
  hex: string;
  category: StatusWordCategory;
  meaning: string;
  /** 61XX: bytes still available; 6CXX: the exact Ne; 63CX: the retry counter. */
  count?: number;
}

export const SW_SUCCESS: StatusWord = 0x9000;
export const SW1_BYTES_AVAILABLE = 0x61;
export const SW1_WRONG_LE = 0x6c;

// ISO/IEC 7816-4 interindustry status words; PC/SC Part 3 reuses them for the reader's
// pseudo-APDUs (class FF). The table is a code table, so it may run long.
const EXACT: ReadonlyMap<StatusWord, string> = new Map([
  [0x9000, 'normal processing, no further qualification'],
  [0x6200, 'warning, state of non-volatile memory unchanged'],
  [0x6281, 'part of returned data may be corrupted'],
  [0x6282, 'end of file or record reached before reading Ne bytes'],
  [0x6283, 'selected file deactivated'],
  [0x6284, 'file control information not formatted'],
  [0x6300, 'warning, state of non-volatile memory changed (for example verification failed)'],
  [0x6400, 'execution error, state of non-volatile memory unchanged'],
  [0x6581, 'memory failure'],
  [0x6700, 'wrong length'],
  [0x6800, 'functions in CLA not supported'],
  [0x6881, 'logical channel not supported'],
  [0x6882, 'secure messaging not supported'],
  [0x6883, 'last command of the chain expected'],
  [0x6884, 'command chaining not supported'],
  [0x6982, 'security status not satisfied'],
  [0x6983, 'authentication method blocked'],
  [0x6984, 'reference data not usable'],
  [0x6985, 'conditions of use not satisfied'],
  [0x6986, 'command not allowed (no current EF)'],
  [0x6987, 'expected secure messaging data objects missing'],
  [0x6988, 'incorrect secure messaging data objects'],
  [0x6a80, 'incorrect parameters in the command data field'],
  [0x6a81, 'function not supported'],
  [0x6a82, 'file or application not found'],
  [0x6a83, 'record not found'],
  [0x6a84, 'not enough memory space in the file'],
  [0x6a85, 'Nc inconsistent with TLV structure'],
  [0x6a86, 'incorrect parameters P1-P2'],
  [0x6a87, 'Nc inconsistent with parameters P1-P2'],
  [0x6a88, 'referenced data or reference data not found'],
  [0x6b00, 'wrong parameters P1-P2'],
  [0x6d00, 'instruction code not supported or invalid'],
  [0x6e00, 'class not supported'],
  [0x6f00, 'no precise diagnosis'],
]);

export function statusWordCategory(sw: StatusWord): StatusWordCategory {
  const sw1 = (sw >> 8) & 0xff;
  if (sw === SW_SUCCESS || sw1 === SW1_BYTES_AVAILABLE) return 'normal';
  if (sw1 === 0x62 || sw1 === 0x63) return 'warning';
  if (sw1 >= 0x64 && sw1 <= 0x66) return 'execution-error';
  if (sw1 >= 0x67 && sw1 <= 0x6f) return 'checking-error';
  return 'unknown';
}

/** Names a status word in words. Never throws; unknown words say which group they fall in. */
export function describeStatusWord(sw: StatusWord): StatusWordDescription {
  const word = sw & 0xffff;
  const hex = word.toString(16).toUpperCase().padStart(4, '0');
  const category = statusWordCategory(word);
  const base = { sw: word, hex, category };
  const exact = EXACT.get(word);
  if (exact !== undefined) return { ...base, meaning: exact };
  const sw1 = word >> 8;
  const sw2 = word & 0xff;
  if (sw1 === SW1_BYTES_AVAILABLE) {
    const count = sw2 === 0 ? 256 : sw2;
    return { ...base, count, meaning: `${count} response bytes still available (GET RESPONSE)` };
  }
  if (sw1 === SW1_WRONG_LE) {
    const count = sw2 === 0 ? 256 : sw2;
    return { ...base, count, meaning: `wrong Le field; resend with Ne = ${count}` };
  }
  if (sw1 === 0x63 && (sw2 & 0xf0) === 0xc0) {
    const count = sw2 & 0x0f;
    return { ...base, count, meaning: `verification failed, ${count} tries left` };
  }
  return { ...base, meaning: SW1_MEANING.get(sw1) ?? GROUP_MEANING[category] };
}

/** ISO/IEC 7816-4 SW1 values whose SW2 is not in the table: the group still has a meaning. */
const SW1_MEANING: ReadonlyMap<number, string> = new Map([
  [0x62, 'warning, state of non-volatile memory unchanged'],
  [0x63, 'warning, state of non-volatile memory changed'],
  [0x64, 'execution error, state of non-volatile memory unchanged'],
  [0x65, 'execution error, state of non-volatile memory changed'],
  [0x66, 'execution error, security-related'],
  [0x67, 'wrong length'],
  [0x68, 'functions in CLA not supported'],
  [0x69, 'command not allowed'],
  [0x6a, 'wrong parameters P1-P2'],
]);

const GROUP_MEANING: Record<StatusWordCategory, string> = {
  normal: 'normal processing',
  warning: 'warning processing',
  'execution-error': 'execution error',
  'checking-error': 'checking error',
  unknown: 'not an ISO/IEC 7816-4 interindustry status word',
};
