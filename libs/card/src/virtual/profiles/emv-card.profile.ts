import type { CommandApdu } from '../../codec/apdu.codec';
import { encodeBcd } from '../../codec/bcd.codec';
import { toHex, hexBytes } from '../../codec/hex';
import type { PlainCardProfile } from '../card-profile';
import {
  ascii,
  CONTACT_T0_ATR,
  contactlessProcessorAtr,
  decodeOr6700,
  ok,
  sw,
  T0Outbox,
  tlv,
} from './profile-kit';

export interface EmvCardProfileOptions {
  /** A public test PAN only (4111111111111111, 5413330089600010, 4761739001010010). */
  pan: string;
  /** Contactless: PPSE, PDOL, GPO format 2 (77), PAN only in 57. Contact: PSE, 61xx, GPO format 1, 5A. */
  contactless: boolean;
}

const VISA = 'A0000000031010';
const MASTERCARD = 'A0000000041010';
const PDOL = hexBytes('9F 66 04 9F 02 06 9F 37 04 5F 2A 02 9A 03');
const PDOL_LENGTH = 19;

/**
 * An EMV bank card (TEST AND DEMO ONLY; test PANs only). It answers as real cards do: SELECT of
 * the directory (PSE on contact, PPSE contactless), SELECT of the AID, GET PROCESSING OPTIONS and
 * READ RECORD along its AFL. The contact card is a T=0 card: answers with data wait behind 61xx.
 */
export function emvCardProfile(options: EmvCardProfileOptions): PlainCardProfile {
  const pan = encodeBcd(options.pan);
  if (!pan.ok || options.pan.length < 12)
    throw new RangeError(`PAN "${options.pan}" is not 12-19 digits`);
  const card = options.contactless ? contactlessFiles(options.pan) : contactFiles(pan.bytes);
  const outbox = new T0Outbox(0x00);
  const answer = (data: Uint8Array): Uint8Array =>
    options.contactless ? ok(data) : outbox.hold(data);
  return {
    name: `emv-${options.contactless ? 'contactless' : 'contact'} ${options.pan.slice(-4)}`,
    atr: options.contactless ? contactlessProcessorAtr() : CONTACT_T0_ATR,
    respond: (bytes) => {
      const c = decodeOr6700(bytes);
      if (c instanceof Uint8Array) return c;
      const fetched = outbox.fetch(c);
      if (fetched) return fetched;
      outbox.clear();
      const data = route(card, c);
      return data instanceof Uint8Array ? answer(data) : sw(data.sw);
    },
    power: () => outbox.clear(),
  };
}

interface CardFiles {
  directoryName: string;
  directory: Uint8Array;
  /** PSE directory records (SFI 1). */
  directoryRecords: Uint8Array[];
  aid: string;
  fci: Uint8Array;
  pdolLength: number;
  gpo: Uint8Array;
  /** Records by `${sfi}:${record}`. */
  records: Map<string, Uint8Array>;
}

function route(card: CardFiles, c: CommandApdu): Uint8Array | { sw: number } {
  if (c.cla === 0x80 && c.ins === 0xa8) {
    // GPO: the command template 83 must carry exactly the PDOL's length.
    if (
      toHex(c.data.subarray(0, 2)) !==
      `83${card.pdolLength.toString(16).padStart(2, '0').toUpperCase()}`
    ) {
      return { sw: 0x6700 };
    }
    return c.data.length === card.pdolLength + 2 ? card.gpo : { sw: 0x6700 };
  }
  if (c.cla !== 0x00) return { sw: 0x6e00 };
  if (c.ins === 0xa4 && c.p1 === 0x04) {
    const name = toHex(c.data);
    if (name === toHex(ascii(card.directoryName))) return card.directory;
    if (name === card.aid) return card.fci;
    return { sw: 0x6a82 };
  }
  if (c.ins === 0xb2 && (c.p2 & 0x07) === 0x04) {
    const sfi = c.p2 >> 3;
    const record = sfi === 1 ? card.directoryRecords[c.p1 - 1] : card.records.get(`${sfi}:${c.p1}`);
    return record ?? { sw: 0x6a83 };
  }
  return { sw: 0x6d00 };
}

function contactFiles(pan: Uint8Array): CardFiles {
  const app = tlv({
    tag: 0x61,
    children: [
      { tag: 0x4f, value: hexBytes(VISA) },
      { tag: 0x50, value: ascii('VISA') },
      { tag: 0x87, value: Uint8Array.of(1) },
    ],
  });
  return {
    directoryName: '1PAY.SYS.DDF01',
    directory: tlv({
      tag: 0x6f,
      children: [
        { tag: 0x84, value: ascii('1PAY.SYS.DDF01') },
        { tag: 0xa5, children: [{ tag: 0x88, value: Uint8Array.of(1) }] },
      ],
    }),
    directoryRecords: [tlv({ tag: 0x70, value: app })],
    aid: VISA,
    fci: tlv({
      tag: 0x6f,
      children: [
        { tag: 0x84, value: hexBytes(VISA) },
        { tag: 0xa5, children: [{ tag: 0x50, value: ascii('VISA') }] },
      ],
    }),
    pdolLength: 0,
    gpo: tlv({ tag: 0x80, value: hexBytes('1C00 10010100') }),
    records: new Map([
      [
        '2:1',
        tlv({
          tag: 0x70,
          children: [
            { tag: 0x5a, value: pan },
            { tag: 0x5f24, value: hexBytes('251231') },
          ],
        }),
      ],
    ]),
  };
}

function contactlessFiles(pan: string): CardFiles {
  const track2 = `${pan}D2512201000000000000`;
  const t2 = hexBytes(track2.length % 2 === 0 ? track2 : `${track2}F`);
  const app = {
    tag: 0x61,
    children: [
      { tag: 0x4f, value: hexBytes(MASTERCARD) },
      { tag: 0x50, value: ascii('MASTERCARD') },
      { tag: 0x87, value: Uint8Array.of(1) },
    ],
  };
  return {
    directoryName: '2PAY.SYS.DDF01',
    directory: tlv({
      tag: 0x6f,
      children: [
        { tag: 0x84, value: ascii('2PAY.SYS.DDF01') },
        { tag: 0xa5, children: [{ tag: 0xbf0c, children: [app] }] },
      ],
    }),
    directoryRecords: [],
    aid: MASTERCARD,
    fci: tlv({
      tag: 0x6f,
      children: [
        { tag: 0x84, value: hexBytes(MASTERCARD) },
        {
          tag: 0xa5,
          children: [
            { tag: 0x50, value: ascii('MASTERCARD') },
            { tag: 0x9f38, value: PDOL },
          ],
        },
      ],
    }),
    pdolLength: PDOL_LENGTH,
    gpo: tlv({
      tag: 0x77,
      children: [
        { tag: 0x82, value: hexBytes('0000') },
        { tag: 0x94, value: hexBytes('10010100') },
      ],
    }),
    records: new Map([
      [
        '2:1',
        tlv({
          tag: 0x70,
          children: [
            { tag: 0x57, value: t2 },
            { tag: 0x5f20, value: ascii('TEST/CARD') },
          ],
        }),
      ],
    ]),
  };
}
