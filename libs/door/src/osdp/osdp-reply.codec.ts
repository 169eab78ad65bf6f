import { type Decoded, decodedOk, decodedProblem } from '../decoded';
import {
  OSDP_ACK,
  OSDP_BUSY,
  OSDP_COM,
  OSDP_FMT,
  OSDP_ISTATR,
  OSDP_KEYPAD,
  OSDP_LSTATR,
  OSDP_NAK,
  OSDP_OSTATR,
  OSDP_PDCAP,
  OSDP_PDID,
  OSDP_RAW,
  nakCodeOf,
  nakReasonOf,
  type OsdpNakReason,
} from './osdp-codes';
import {
  copyBytes,
  latin1,
  latin1Bytes,
  readU16,
  readU24,
  readU32,
  u16,
  u24,
  u32,
} from './osdp-bytes';
import type { OsdpPayload } from './osdp-command.codec';

/** OSDP v2.2 osdp_PDID (12 bytes): vendor OUI, model, version, serial number, firmware. */
export interface OsdpPdId {
  /**
   * OSDP v2.2 osdp_PDID (0x45): the vendor code (IEEE OUI) is the 3-byte number it encodes, least
   * significant byte first: wire bytes 69 7A 00 are 31337 (0x007A69), not "697a00". libosdp reads
   * and writes it the same way (osdp_cp.c bread_u24_le, osdp_pd.c bwrite_u24_le).
   */
  vendorCode: number;
  model: number;
  version: number;
  serialNumber: number;
  firmware: { major: number; minor: number; build: number };
}

/** OSDP v2.2 osdp_PDCAP record: function code, compliance level, number of objects. */
export interface OsdpCapability {
  function: number;
  compliance: number;
  count: number;
}

export type OsdpReply =
  | { kind: 'ack' }
  | { kind: 'nak'; reason: OsdpNakReason; code: number; detail: Uint8Array }
  | { kind: 'pdid'; id: OsdpPdId }
  | { kind: 'pdcap'; capabilities: OsdpCapability[] }
  | { kind: 'lstatr'; tamper: boolean; powerFailure: boolean }
  | { kind: 'istatr'; inputs: boolean[] }
  | { kind: 'ostatr'; outputs: boolean[] }
  | { kind: 'raw'; reader: number; format: number; bitCount: number; data: Uint8Array }
  | { kind: 'fmt'; reader: number; direction: number; text: string }
  | { kind: 'keypad'; reader: number; digits: string }
  | { kind: 'com'; address: number; baudRate: number }
  | { kind: 'busy' };

export type OsdpReplyProblem = 'unknown-reply' | 'bad-length';

const PDID_LENGTH = 12;
const CAP_RECORD = 3;

// OSDP v2.2 osdp_KEYPAD: '*' is sent as DEL (0x7F) and '#' as CR (0x0D).
const KEY_STAR = 0x7f;
const KEY_HASH = 0x0d;

export function encodeOsdpReply(reply: OsdpReply): OsdpPayload {
  switch (reply.kind) {
    case 'ack':
      return bytes(OSDP_ACK, []);
    case 'busy':
      return bytes(OSDP_BUSY, []);
    case 'nak':
      return bytes(OSDP_NAK, [
        reply.reason === 'unknown' ? reply.code : nakCodeOf(reply.reason),
        ...reply.detail,
      ]);
    case 'pdid':
      return bytes(OSDP_PDID, encodePdId(reply.id));
    case 'pdcap':
      return bytes(
        OSDP_PDCAP,
        reply.capabilities.flatMap((c) => [c.function, c.compliance, c.count]),
      );
    case 'lstatr':
      return bytes(OSDP_LSTATR, [reply.tamper ? 1 : 0, reply.powerFailure ? 1 : 0]);
    case 'istatr':
      return bytes(
        OSDP_ISTATR,
        reply.inputs.map((on) => (on ? 1 : 0)),
      );
    case 'ostatr':
      return bytes(
        OSDP_OSTATR,
        reply.outputs.map((on) => (on ? 1 : 0)),
      );
    case 'raw':
      return bytes(OSDP_RAW, [reply.reader, reply.format, ...u16(reply.bitCount), ...reply.data]);
    case 'fmt':
      return bytes(OSDP_FMT, [
        reply.reader,
        reply.direction,
        reply.text.length,
        ...latin1Bytes(reply.text),
      ]);
    case 'keypad':
      return bytes(OSDP_KEYPAD, [reply.reader, reply.digits.length, ...encodeKeys(reply.digits)]);
    case 'com':
      return bytes(OSDP_COM, [reply.address, ...u32(reply.baudRate)]);
  }
}

function bytes(code: number, data: Iterable<number>): OsdpPayload {
  return { code, data: Uint8Array.from(data, (b) => b & 0xff) };
}

function encodePdId(id: OsdpPdId): number[] {
  return [
    ...u24(id.vendorCode),
    id.model,
    id.version,
    ...u32(id.serialNumber),
    id.firmware.major,
    id.firmware.minor,
    id.firmware.build,
  ];
}

function encodeKeys(digits: string): number[] {
  return [...latin1Bytes(digits)].map((c) => (c === 0x2a ? KEY_STAR : c === 0x23 ? KEY_HASH : c));
}

type ReplyResult = Decoded<OsdpReply, OsdpReplyProblem>;

/** Decodes the code and DATA of a reply message. Never throws. */
export function decodeOsdpReply(code: number, data: Uint8Array): ReplyResult {
  switch (code) {
    case OSDP_ACK:
      return sized(data, data.length === 0, () => ({ kind: 'ack' }));
    case OSDP_BUSY:
      return sized(data, data.length === 0, () => ({ kind: 'busy' }));
    case OSDP_NAK:
      return sized(data, data.length >= 1, () => decodeNak(data));
    case OSDP_PDID:
      return sized(data, data.length === PDID_LENGTH, () => ({
        kind: 'pdid',
        id: decodePdId(data),
      }));
    case OSDP_PDCAP:
      return sized(data, data.length % CAP_RECORD === 0, () => ({
        kind: 'pdcap',
        capabilities: decodeCaps(data),
      }));
    case OSDP_LSTATR:
      return sized(data, data.length === 2, () => ({
        kind: 'lstatr',
        tamper: data[0] !== 0,
        powerFailure: data[1] !== 0,
      }));
    case OSDP_ISTATR:
      return sized(data, true, () => ({ kind: 'istatr', inputs: [...data].map((b) => b !== 0) }));
    case OSDP_OSTATR:
      return sized(data, true, () => ({ kind: 'ostatr', outputs: [...data].map((b) => b !== 0) }));
    case OSDP_RAW:
      return decodeRaw(data);
    case OSDP_FMT:
      return sized(data, data.length >= 3 && data.length === 3 + (data[2] ?? 0), () =>
        decodeFmt(data),
      );
    case OSDP_KEYPAD:
      return sized(data, data.length >= 2 && data.length === 2 + (data[1] ?? 0), () =>
        decodeKeypad(data),
      );
    case OSDP_COM:
      return sized(data, data.length === 5, () => ({
        kind: 'com',
        address: data[0] ?? 0,
        baudRate: readU32(data, 1),
      }));
    default:
      return decodedProblem('unknown-reply', 0);
  }
}

function sized(data: Uint8Array, lengthOk: boolean, build: () => OsdpReply): ReplyResult {
  return lengthOk ? decodedOk(build(), data.length) : decodedProblem('bad-length', 0);
}

function decodeNak(data: Uint8Array): OsdpReply {
  const code = data[0] ?? 0;
  return { kind: 'nak', reason: nakReasonOf(code), code, detail: copyBytes(data, 1) };
}

function decodePdId(d: Uint8Array): OsdpPdId {
  return {
    vendorCode: readU24(d, 0),
    model: d[3] ?? 0,
    version: d[4] ?? 0,
    serialNumber: readU32(d, 5),
    firmware: { major: d[9] ?? 0, minor: d[10] ?? 0, build: d[11] ?? 0 },
  };
}

function decodeCaps(data: Uint8Array): OsdpCapability[] {
  const caps: OsdpCapability[] = [];
  for (let at = 0; at + CAP_RECORD <= data.length; at += CAP_RECORD) {
    caps.push({ function: data[at] ?? 0, compliance: data[at + 1] ?? 0, count: data[at + 2] ?? 0 });
  }
  return caps;
}

// OSDP v2.2 osdp_RAW: reader, format code, bit count (LSB first), then ceil(bits / 8) data bytes.
function decodeRaw(data: Uint8Array): ReplyResult {
  if (data.length < 4) return decodedProblem('bad-length', 0);
  const bitCount = readU16(data, 2);
  if (data.length !== 4 + Math.ceil(bitCount / 8)) return decodedProblem('bad-length', 2);
  return decodedOk(
    { kind: 'raw', reader: data[0] ?? 0, format: data[1] ?? 0, bitCount, data: copyBytes(data, 4) },
    data.length,
  );
}

function decodeFmt(data: Uint8Array): OsdpReply {
  return {
    kind: 'fmt',
    reader: data[0] ?? 0,
    direction: data[1] ?? 0,
    text: latin1(data.subarray(3)),
  };
}

function decodeKeypad(data: Uint8Array): OsdpReply {
  const keys = [...data.subarray(2)].map((c) =>
    c === KEY_STAR ? 0x2a : c === KEY_HASH ? 0x23 : c,
  );
  return { kind: 'keypad', reader: data[0] ?? 0, digits: latin1(Uint8Array.from(keys)) };
}
