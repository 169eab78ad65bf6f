import { encodeBcd } from '../../codec/bcd.codec';
import { toHex, hexBytes } from '../../codec/hex';
import type { PlainCardProfile } from '../card-profile';
import { CONTACT_T0_ATR, decodeOr6700, ok, sw, T0Outbox } from './profile-kit';

const CLA = 0xbc;
const FILE_LENGTH = 128;
/** The seed: the card number in bytes 105-112 counted from 1. */
const NUMBER_OFFSET = 104;
const FCP = hexBytes('62 08 82 01 01 83 02 29 01 00');

/**
 * The seeds' Belgian bank card (TEST AND DEMO ONLY; test PANs only): a T=0 card of class BC with
 * a master file 3F00 holding the purse file 2901 (128 bytes, the number as BCD at bytes 105-112).
 * SELECT answers 61 0A (GET RESPONSE in class BC fetches the FCP); READ BINARY with the wrong Le
 * answers 6C 80. Every other class gets 6E 00.
 */
export function purseCardProfile(pan: string): PlainCardProfile {
  const number = encodeBcd(pan);
  if (!number.ok || number.bytes.length > 8)
    throw new RangeError(`PAN "${pan}" is not up to 16 digits`);
  const file = new Uint8Array(FILE_LENGTH);
  file.set(hexBytes('0102030405'), 0);
  file.fill(0xff, NUMBER_OFFSET, NUMBER_OFFSET + 8);
  file.set(number.bytes, NUMBER_OFFSET);
  const outbox = new T0Outbox(CLA);
  let selected: string | undefined;
  return {
    name: `purse-card ${pan.slice(-4)}`,
    atr: CONTACT_T0_ATR,
    respond: (bytes) => {
      const c = decodeOr6700(bytes);
      if (c instanceof Uint8Array) return c;
      if (c.cla !== CLA) return sw(0x6e00);
      const fetched = outbox.fetch(c);
      if (fetched) return fetched;
      if (c.ins === 0xa4 && c.p1 === 0 && c.p2 === 0) {
        const id = toHex(c.data);
        if (id !== '3F00' && !(id === '2901' && selected !== undefined)) return sw(0x6a82);
        selected = id;
        return outbox.hold(FCP);
      }
      if (c.ins === 0xb0) {
        if (selected !== '2901') return sw(0x6986); // no current EF
        const from = (c.p1 << 8) | c.p2;
        const available = Math.max(0, FILE_LENGTH - from);
        if (c.ne !== undefined && c.ne !== available && c.ne > available)
          return sw(0x6c00 | available);
        return ok(file.subarray(from, from + (c.ne ?? available)));
      }
      return sw(0x6d00);
    },
    power: () => {
      selected = undefined;
      outbox.clear();
    },
  };
}
