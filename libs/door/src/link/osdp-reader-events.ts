import type { OsdpReply } from '../osdp/osdp-reply.codec';

/**
 * OSDP v2.2 osdp_RAW (0x50) card-data format codes: 0x00 not specified (a raw bit array), 0x01
 * Wiegand (P/data/P, parity bits included). osdp_FMT (0x51, deprecated in v2.2) carries the card
 * number as characters: 'ascii'.
 */
export type OsdpCardFormat = 'raw' | 'wiegand' | 'ascii' | 'unknown';

/** A card presented to a reader on a PD: the same credential path as a PC/SC read. */
export interface OsdpCardRead {
  /** The PD's address. */
  address: number;
  /** The reader number on that PD. */
  reader: number;
  format: OsdpCardFormat;
  /** Meaningful bits in `data`, left-aligned from the first byte's most significant bit. */
  bitCount: number;
  data: Uint8Array;
  /** `data` as lowercase hex, no separators. */
  hex: string;
}

/** Keys pressed on a PD's keypad (osdp_KEYPAD 0x53); '*' and '#' as themselves. */
export interface OsdpKeypadEntry {
  address: number;
  reader: number;
  digits: string;
}

// OSDP v2.2 osdp_RAW: format code 0x00 is "not specified, raw bit array", 0x01 "P/data/P (Wiegand)".
function rawFormat(code: number): OsdpCardFormat {
  return code === 0 ? 'raw' : code === 1 ? 'wiegand' : 'unknown';
}

/** The card read carried by osdp_RAW or osdp_FMT, if the reply is one. */
export function cardReadOf(address: number, reply: OsdpReply): OsdpCardRead | undefined {
  if (reply.kind === 'raw') {
    const data = Uint8Array.from(reply.data);
    const format = rawFormat(reply.format);
    return {
      address,
      reader: reply.reader,
      format,
      bitCount: reply.bitCount,
      data,
      hex: hex(data),
    };
  }
  if (reply.kind === 'fmt') {
    const data = Uint8Array.from(reply.text, (c) => c.charCodeAt(0) & 0xff);
    return {
      address,
      reader: reply.reader,
      format: 'ascii',
      bitCount: data.length * 8,
      data,
      hex: hex(data),
    };
  }
  return undefined;
}

/** The keys carried by osdp_KEYPAD, if the reply is one. */
export function keypadEntryOf(address: number, reply: OsdpReply): OsdpKeypadEntry | undefined {
  return reply.kind === 'keypad'
    ? { address, reader: reply.reader, digits: reply.digits }
    : undefined;
}

function hex(data: Uint8Array): string {
  return Buffer.from(data).toString('hex');
}
