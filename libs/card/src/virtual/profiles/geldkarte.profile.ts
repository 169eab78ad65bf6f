import { toHex, hexBytes } from '../../codec/hex';
import type { PlainCardProfile } from '../card-profile';
import { ascii, CONTACT_T0_ATR, decodeOr6700, sw, T0Outbox, tlv } from './profile-kit';

/** The GeldKarte application (ZKA, Germany): stored value, no PAN. */
const GELDKARTE = 'D27600002545500100';
const PSE = '1PAY.SYS.DDF01';

/**
 * A GeldKarte with no payment application (TEST AND DEMO ONLY), a T=0 contact card: its PSE lists
 * the GeldKarte application, which answers SELECT with its FCI and knows no GET PROCESSING
 * OPTIONS (6D 00). The kiosk refuses it as a card with no card number (`no-pan-card`).
 */
export function geldKarteProfile(): PlainCardProfile {
  const outbox = new T0Outbox(0x00);
  const entry = {
    tag: 0x61,
    children: [
      { tag: 0x4f, value: hexBytes(GELDKARTE) },
      { tag: 0x50, value: ascii('GeldKarte') },
      { tag: 0x87, value: Uint8Array.of(1) },
    ],
  };
  const pse = tlv({
    tag: 0x6f,
    children: [
      { tag: 0x84, value: ascii(PSE) },
      { tag: 0xa5, children: [{ tag: 0x88, value: Uint8Array.of(1) }] },
    ],
  });
  const fci = tlv({
    tag: 0x6f,
    children: [
      { tag: 0x84, value: hexBytes(GELDKARTE) },
      { tag: 0xa5, children: [{ tag: 0x50, value: ascii('GeldKarte') }] },
    ],
  });
  return {
    name: 'geldkarte',
    atr: CONTACT_T0_ATR,
    respond: (bytes) => {
      const c = decodeOr6700(bytes);
      if (c instanceof Uint8Array) return c;
      const fetched = outbox.fetch(c);
      if (fetched) return fetched;
      outbox.clear();
      if (c.cla !== 0x00) return sw(c.cla === 0x80 ? 0x6d00 : 0x6e00);
      if (c.ins === 0xa4 && c.p1 === 0x04) {
        const name = toHex(c.data);
        if (name === toHex(ascii(PSE))) return outbox.hold(pse);
        if (name === GELDKARTE) return outbox.hold(fci);
        return sw(0x6a82);
      }
      if (c.ins === 0xb2 && c.p2 === ((1 << 3) | 4))
        return c.p1 === 1 ? outbox.hold(tlv({ tag: 0x70, children: [entry] })) : sw(0x6a83);
      return sw(0x6d00);
    },
    power: () => outbox.clear(),
  };
}
