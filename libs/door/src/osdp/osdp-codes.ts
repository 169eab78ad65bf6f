// OSDP v2.2 command and reply codes, and the values carried in their data. Names keep the spec's.

/** OSDP v2.2 start of message. */
export const OSDP_SOM = 0x53;
/** OSDP v2.2: bit 7 of ADDR is set on every reply from a PD. */
export const OSDP_REPLY_BIT = 0x80;
/** OSDP v2.2: 0x7F is the configuration (broadcast) address; every PD answers it. */
export const OSDP_BROADCAST_ADDRESS = 0x7f;

// OSDP v2.2 commands (ACU → PD).
export const OSDP_POLL = 0x60;
export const OSDP_ID = 0x61;
export const OSDP_CAP = 0x62;
export const OSDP_LSTAT = 0x64;
export const OSDP_ISTAT = 0x65;
export const OSDP_OSTAT = 0x66;
export const OSDP_OUT = 0x68;
export const OSDP_LED = 0x69;
export const OSDP_BUZ = 0x6a;
export const OSDP_TEXT = 0x6b;
export const OSDP_COMSET = 0x6e;

// OSDP v2.2 replies (PD → ACU).
export const OSDP_ACK = 0x40;
export const OSDP_NAK = 0x41;
export const OSDP_PDID = 0x45;
export const OSDP_PDCAP = 0x46;
export const OSDP_LSTATR = 0x48;
export const OSDP_ISTATR = 0x49;
export const OSDP_OSTATR = 0x4a;
export const OSDP_RAW = 0x50;
export const OSDP_FMT = 0x51;
export const OSDP_KEYPAD = 0x53;
export const OSDP_COM = 0x54;
export const OSDP_BUSY = 0x79;

/** OSDP v2.2 osdp_NAK error codes, as words. */
export type OsdpNakReason =
  | 'no-error'
  | 'check-character'
  | 'command-length'
  | 'unknown-command'
  | 'sequence-number'
  | 'security-unsupported'
  | 'encryption-required'
  | 'bio-type-unsupported'
  | 'bio-format-unsupported'
  | 'cannot-process-record'
  | 'unknown';

// OSDP v2.2 osdp_NAK (0x41): the error code is the first data byte.
const NAK_CODES: readonly (readonly [number, OsdpNakReason])[] = [
  [0x00, 'no-error'],
  [0x01, 'check-character'], // message check character(s) error (bad checksum or CRC)
  [0x02, 'command-length'],
  [0x03, 'unknown-command'],
  [0x04, 'sequence-number'], // unexpected sequence number detected in the header
  [0x05, 'security-unsupported'], // security block not supported or conditions not met
  [0x06, 'encryption-required'],
  [0x07, 'bio-type-unsupported'],
  [0x08, 'bio-format-unsupported'],
  [0x09, 'cannot-process-record'],
];

export function nakReasonOf(code: number): OsdpNakReason {
  return NAK_CODES.find(([c]) => c === code)?.[1] ?? 'unknown';
}

export function nakCodeOf(reason: OsdpNakReason): number {
  return NAK_CODES.find(([, r]) => r === reason)?.[0] ?? 0xff;
}

/** OSDP v2.2 osdp_OUT control codes; the index in OSDP_OUT_CONTROLS is the code. */
export type OsdpOutControl =
  | 'nop'
  | 'permanent-off-abort-timer'
  | 'permanent-on-abort-timer'
  | 'permanent-off-allow-timer'
  | 'permanent-on-allow-timer'
  | 'temporary-on' // on for the timer, then back to the permanent state
  | 'temporary-off';
export const OSDP_OUT_CONTROLS: readonly OsdpOutControl[] = [
  'nop',
  'permanent-off-abort-timer',
  'permanent-on-abort-timer',
  'permanent-off-allow-timer',
  'permanent-on-allow-timer',
  'temporary-on',
  'temporary-off',
];

/** OSDP v2.2 osdp_TEXT text command codes; the index in OSDP_TEXT_COMMANDS is the code - 1. */
export type OsdpTextCommand =
  'permanent-no-wrap' | 'permanent-wrap' | 'temporary-no-wrap' | 'temporary-wrap';
export const OSDP_TEXT_COMMANDS: readonly OsdpTextCommand[] = [
  'permanent-no-wrap',
  'permanent-wrap',
  'temporary-no-wrap',
  'temporary-wrap',
];

/** OSDP v2.2 osdp_BUZ tone codes; the index is the code (0 is deprecated "no tone"). */
export type OsdpTone = 'none' | 'off' | 'default';
export const OSDP_TONES: readonly OsdpTone[] = ['none', 'off', 'default'];

/** OSDP v2.2 osdp_LED colour codes. */
export type OsdpLedColor =
  'black' | 'red' | 'green' | 'amber' | 'blue' | 'magenta' | 'cyan' | 'white';
export const OSDP_LED_COLORS: readonly OsdpLedColor[] = [
  'black',
  'red',
  'green',
  'amber',
  'blue',
  'magenta',
  'cyan',
  'white',
];
