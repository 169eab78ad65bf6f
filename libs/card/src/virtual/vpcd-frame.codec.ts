import type { Decoded } from '../codec/decoded';

/**
 * vpcd socket protocol (vsmartcard's virtual smart card reader driver; the card is the TCP
 * client): every message, both ways, is a 2-byte big-endian length, then that many bytes. From
 * the reader, a 1-byte payload is a control code; anything longer is a command APDU.
 */
export const VPCD_CTRL_OFF = 0x00;
export const VPCD_CTRL_ON = 0x01;
export const VPCD_CTRL_RESET = 0x02;
export const VPCD_CTRL_ATR = 0x04;
export const VPCD_DEFAULT_PORT = 0x8c7b;
export const VPCD_MAX_PAYLOAD = 0xffff;

export type VpcdFrameProblem = 'need-more';

/** Reads one frame from the front of `bytes`; `used` says how many bytes it took. */
export function decodeVpcdFrame(bytes: Uint8Array): Decoded<Uint8Array, VpcdFrameProblem> {
  const hi = bytes[0];
  const lo = bytes[1];
  if (hi === undefined || lo === undefined)
    return { ok: false, problem: 'need-more', at: bytes.length };
  const length = (hi << 8) | lo;
  if (bytes.length < 2 + length) return { ok: false, problem: 'need-more', at: bytes.length };
  return { ok: true, value: bytes.slice(2, 2 + length), used: 2 + length };
}

/** Frames a payload; a payload over 65535 bytes cannot be framed and gives the problem. */
export function encodeVpcdFrame(payload: Uint8Array): Decoded<Uint8Array, 'too-long'> {
  if (payload.length > VPCD_MAX_PAYLOAD)
    return { ok: false, problem: 'too-long', at: VPCD_MAX_PAYLOAD };
  const frame = new Uint8Array(payload.length + 2);
  frame[0] = payload.length >> 8;
  frame[1] = payload.length & 0xff;
  frame.set(payload, 2);
  return { ok: true, value: frame, used: payload.length };
}

/**
 * Collects TCP chunks and hands out whole frames: a frame may arrive split over several chunks,
 * and one chunk may carry several frames.
 */
export class VpcdFrameReader {
  private pending = new Uint8Array(0);

  push(chunk: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.pending.length + chunk.length);
    joined.set(this.pending);
    joined.set(chunk, this.pending.length);
    const frames: Uint8Array[] = [];
    let at = 0;
    for (;;) {
      const frame = decodeVpcdFrame(joined.subarray(at));
      if (!frame.ok) break;
      frames.push(frame.value);
      at += frame.used;
    }
    this.pending = joined.slice(at);
    return frames;
  }

  get buffered(): number {
    return this.pending.length;
  }
}
