import { type Decoded, decodedOk, decodedProblem } from '../decoded';
import { OSDP_REPLY_BIT, OSDP_SOM } from './osdp-codes';
import { copyBytes, NO_BYTES } from './osdp-bytes';
import { OSDP_CRC_SEED, osdpChecksum, osdpCrc16 } from './osdp-crc';

/** OSDP v2.2 CTRL bits 0-1: the sequence number. 0 resets the PD; then 1, 2, 3, 1, 2, 3... */
export type OsdpSequence = 0 | 1 | 2 | 3;
/** OSDP v2.2 CTRL bit 2: set for a 16-bit CRC, clear for an 8-bit checksum. */
export type OsdpCheck = 'crc' | 'checksum';

/** OSDP v2.2 security control block (present when CTRL bit 3 is set). Carried, not interpreted. */
export interface OsdpSecurityBlock {
  type: number;
  data: Uint8Array;
}

/**
 * OSDP v2.2 message: SOM 0x53, ADDR (bit 7 set on replies), LEN (whole message, LSB first), CTRL,
 * optional security control block, command or reply code, DATA, optional 4-byte MAC, and the check
 * characters: a CRC-16 (LSB first) or an 8-bit checksum.
 */
export interface OsdpFrame {
  address: number;
  reply: boolean;
  sequence: OsdpSequence;
  check: OsdpCheck;
  code: number;
  data: Uint8Array;
  securityBlock?: OsdpSecurityBlock;
  mac?: Uint8Array;
}

/** What encodeOsdpFrame needs; `reply` defaults to false, `check` to 'crc', `data` to empty. */
export type OsdpFrameInput = Omit<OsdpFrame, 'reply' | 'check' | 'data'> & {
  reply?: boolean;
  check?: OsdpCheck;
  data?: Uint8Array;
};

export type OsdpFrameProblem =
  | 'need-more'
  | 'bad-som'
  | 'bad-length'
  | 'crc-mismatch'
  | 'checksum-mismatch'
  | 'bad-security-block';

const HEADER_LENGTH = 5; // SOM, ADDR, LEN_LSB, LEN_MSB, CTRL
const CTRL_SQN = 0x03;
const CTRL_CRC = 0x04;
const CTRL_SCB = 0x08;
const MAC_LENGTH = 4;
/** Larger than any message this library sends or expects; a longer LEN is taken as line noise. */
const OSDP_MAX_FRAME_LENGTH = 1024;

// OSDP v2.2: security block types SCS_15..SCS_18 carry a 4-byte MAC before the check characters.
function hasMac(securityBlockType: number): boolean {
  return securityBlockType >= 0x15 && securityBlockType <= 0x18;
}

export function encodeOsdpFrame(frame: OsdpFrameInput): Uint8Array {
  const check = frame.check ?? 'crc';
  // Absent parts are the one shared empty array, not a new one each: a poll loop encodes a frame
  // per PD many times a second, and what it throws away is V8's young generation's work.
  const data = frame.data ?? NO_BYTES;
  const scb = frame.securityBlock;
  const scbBytes = scb
    ? Uint8Array.of((scb.data.length + 2) & 0xff, scb.type & 0xff, ...scb.data)
    : NO_BYTES;
  const mac = frame.mac ?? NO_BYTES;
  const checkLength = check === 'crc' ? 2 : 1;
  const length = HEADER_LENGTH + scbBytes.length + 1 + data.length + mac.length + checkLength;
  const out = new Uint8Array(length);
  const ctrl =
    (frame.sequence & CTRL_SQN) | (check === 'crc' ? CTRL_CRC : 0) | (scb ? CTRL_SCB : 0);
  out[0] = OSDP_SOM;
  out[1] = (frame.address & 0x7f) | (frame.reply ? OSDP_REPLY_BIT : 0);
  out[2] = length & 0xff;
  out[3] = (length >> 8) & 0xff;
  out[4] = ctrl;
  let p = HEADER_LENGTH;
  out.set(scbBytes, p);
  p += scbBytes.length;
  out[p++] = frame.code & 0xff;
  out.set(data, p);
  p += data.length;
  out.set(mac, p);
  p += mac.length;
  if (check === 'crc') {
    const crc = osdpCrc16(out, OSDP_CRC_SEED, p);
    out[p] = crc & 0xff;
    out[p + 1] = crc >> 8;
  } else {
    out[p] = osdpChecksum(out, p);
  }
  return out;
}

/** Decodes one message at the start of `bytes`; `used` is its length. Never throws. */
export function decodeOsdpFrame(bytes: Uint8Array): Decoded<OsdpFrame, OsdpFrameProblem> {
  if (bytes.length === 0) return decodedProblem('need-more', 0);
  if (bytes[0] !== OSDP_SOM) return decodedProblem('bad-som', 0);
  if (bytes.length < HEADER_LENGTH) return decodedProblem('need-more', bytes.length);
  const length = (bytes[2] ?? 0) | ((bytes[3] ?? 0) << 8);
  const ctrl = bytes[4] ?? 0;
  const check: OsdpCheck = ctrl & CTRL_CRC ? 'crc' : 'checksum';
  const checkLength = check === 'crc' ? 2 : 1;
  if (length < HEADER_LENGTH + 1 + checkLength || length > OSDP_MAX_FRAME_LENGTH) {
    return decodedProblem('bad-length', 2);
  }
  if (bytes.length < length) return decodedProblem('need-more', bytes.length);
  const frame = bytes.subarray(0, length);
  const checkProblem = verifyCheck(frame, check);
  if (checkProblem) return checkProblem;
  return decodeBody(frame, ctrl, check);
}

function verifyCheck(frame: Uint8Array, check: OsdpCheck): Decoded<never, OsdpFrameProblem> | null {
  const n = frame.length;
  if (check === 'crc') {
    const crc = osdpCrc16(frame, OSDP_CRC_SEED, n - 2);
    const sent = (frame[n - 2] ?? 0) | ((frame[n - 1] ?? 0) << 8);
    return crc === sent ? null : decodedProblem('crc-mismatch', n - 2);
  }
  return osdpChecksum(frame, n - 1) === frame[n - 1]
    ? null
    : decodedProblem('checksum-mismatch', n - 1);
}

function decodeBody(
  frame: Uint8Array,
  ctrl: number,
  check: OsdpCheck,
): Decoded<OsdpFrame, OsdpFrameProblem> {
  const end = frame.length - (check === 'crc' ? 2 : 1); // first check character
  let p = HEADER_LENGTH;
  let securityBlock: OsdpSecurityBlock | undefined;
  if (ctrl & CTRL_SCB) {
    const scbLength = frame[p] ?? 0;
    if (scbLength < 2 || p + scbLength >= end) return decodedProblem('bad-security-block', p);
    securityBlock = { type: frame[p + 1] ?? 0, data: copyBytes(frame, p + 2, p + scbLength) };
    p += scbLength;
  }
  const macLength = securityBlock && hasMac(securityBlock.type) ? MAC_LENGTH : 0;
  if (end - macLength < p + 1) return decodedProblem('bad-security-block', p);
  const address = frame[1] ?? 0;
  const value: OsdpFrame = {
    address: address & 0x7f,
    reply: (address & OSDP_REPLY_BIT) !== 0,
    sequence: (ctrl & CTRL_SQN) as OsdpSequence,
    check,
    code: frame[p] ?? 0,
    data: copyBytes(frame, p + 1, end - macLength),
  };
  if (securityBlock) value.securityBlock = securityBlock;
  if (macLength) value.mac = copyBytes(frame, end - macLength, end);
  return decodedOk(value, frame.length);
}

/** Result of scanning a receive buffer: whole messages, what was skipped, and bytes to keep. */
export interface OsdpScan {
  frames: OsdpFrame[];
  skipped: { problem: Exclude<OsdpFrameProblem, 'need-more'>; at: number }[];
  rest: Uint8Array;
}

/**
 * Finds every whole message in a receive buffer, resynchronising at the next SOM after garbage,
 * a bad length or a bad check. `rest` is an unfinished message to prepend to the next chunk.
 */
export function scanOsdpFrames(bytes: Uint8Array): OsdpScan {
  const scan: OsdpScan = { frames: [], skipped: [], rest: NO_BYTES };
  let pos = 0;
  while (pos < bytes.length) {
    const som = bytes.indexOf(OSDP_SOM, pos);
    if (som < 0) {
      scan.skipped.push({ problem: 'bad-som', at: pos });
      break;
    }
    if (som > pos) scan.skipped.push({ problem: 'bad-som', at: pos });
    const result = decodeOsdpFrame(bytes.subarray(som));
    if (result.ok) {
      scan.frames.push(result.value);
      pos = som + result.used;
    } else if (result.problem !== 'need-more') {
      scan.skipped.push({ problem: result.problem, at: som + result.at });
      pos = som + 1;
    } else {
      // Wait for the rest, even if a whole message seems to follow: it may be this message's own
      // DATA (card data a reader passed on), and taking it would let that data forge a reply.
      // A false SOM that announced more than ever comes is cleared by the exchange's timeout
      // (OsdpBus starts each exchange on an empty buffer), and the command is sent again.
      scan.rest = copyBytes(bytes, som);
      break;
    }
  }
  return scan;
}
