import { randomBytes } from 'node:crypto';
import type { PlainCardProfile } from '../card-profile';
import { contactlessProcessorAtr, decodeOr6700, ok, sw } from './profile-kit';

/**
 * A phone held to the reader with no payment or access application (TEST AND DEMO ONLY): an
 * ISO/IEC 14443-4 card whose 4-byte UID starts 08 (a random ID, drawn anew on each power-up) and
 * which knows no application (SELECT: 6A 82).
 */
export function phoneProfile(): PlainCardProfile {
  let uid = newUid();
  return {
    name: 'phone (random UID)',
    atr: contactlessProcessorAtr(),
    respond: (bytes) => {
      const c = decodeOr6700(bytes);
      if (c instanceof Uint8Array) return c;
      if (c.cla === 0xff && c.ins === 0xca && c.p1 === 0 && c.p2 === 0) return ok(uid);
      if (c.cla === 0xff) return sw(0x6a81);
      if (c.cla !== 0x00 && c.cla !== 0x80) return sw(0x6e00);
      if (c.ins === 0xa4) return sw(0x6a82);
      return sw(0x6d00);
    },
    power: (event) => {
      if (event === 'on') uid = newUid();
    },
  };
}

const newUid = (): Uint8Array => Uint8Array.of(0x08, ...randomBytes(3));
