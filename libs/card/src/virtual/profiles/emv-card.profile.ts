import { encodeResponseApdu, type CommandApdu } from '../../codec/apdu.codec';
import type { TlvInput } from '../../codec/ber-tlv.codec';
import { encodeBcd } from '../../codec/bcd.codec';
import { toHex, hexBytes } from '../../codec/hex';
import type { PlainCardProfile } from '../card-profile';
import {
  ascii,
  CONTACT_T0_ATR,
  contactlessProcessorAtr,
  decodeOr6700,
  sw,
  T0Outbox,
  tlv,
} from './profile-kit';

/**
 * Ways real cards leave the textbook (issue 20), one per profile:
 * - `gpo-retry`: refuses GPO with its PDOL data (67 00), answers it with an empty PDOL (83 00);
 * - `select-warning`: answers SELECT of its application with the FCI and 62 85;
 * - `gpo-template-70`: an Interac card: GPO answered in the template 70;
 * - `track2-9f6b`, `track1-56`: a Mastercard whose record holds only 9F6B, or only 56;
 * - `pan-inconsistent`: its record holds the PAN in 5A and another, valid, in 57;
 * - `stale-pse` (contact): a Cartes Bancaires card whose PSE lists a Visa application it lacks.
 */
export type EmvQuirk =
  | 'gpo-retry'
  | 'select-warning'
  | 'gpo-template-70'
  | 'track2-9f6b'
  | 'track1-56'
  | 'pan-inconsistent'
  | 'stale-pse';

export interface EmvCardProfileOptions {
  /** A public test PAN only (4111111111111111, 5413330089600010, 4761739001010010). */
  pan: string;
  /** Contactless: PPSE, PDOL, GPO format 2 (77), PAN only in 57. Contact: PSE, 61xx, GPO format 1, 5A. */
  contactless: boolean;
  quirk?: EmvQuirk;
}

const VISA = 'A0000000031010';
const MASTERCARD = 'A0000000041010';
const INTERAC = 'A0000002771010';
const CARTES_BANCAIRES = 'A0000000421010';
/** A second public test PAN, the one `pan-inconsistent` puts in 57. */
const OTHER_TEST_PAN = '5555555555554444';
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
  const { quirk } = options;
  const card = options.contactless
    ? contactlessFiles(options.pan, quirk)
    : contactFiles(pan.bytes, quirk);
  const outbox = new T0Outbox(0x00);
  const answer = (data: Uint8Array, word: number): Uint8Array =>
    options.contactless ? encodeResponseApdu(data, word) : outbox.hold(data);
  return {
    name: `emv-${options.contactless ? 'contactless' : 'contact'}${quirk ? `-${quirk}` : ''} ${options.pan.slice(-4)}`,
    atr: options.contactless ? contactlessProcessorAtr() : CONTACT_T0_ATR,
    respond: (bytes) => {
      const c = decodeOr6700(bytes);
      if (c instanceof Uint8Array) return c;
      const fetched = outbox.fetch(c);
      if (fetched) return fetched;
      outbox.clear();
      const data = route(card, c);
      if (data instanceof Uint8Array) return answer(data, 0x9000);
      return 'data' in data ? answer(data.data, data.sw) : sw(data.sw);
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
  /** The status word SELECT of the application is answered with (default 90 00). */
  selectSw?: number;
  pdolLength: number;
  /** GPO with the PDOL data is refused (67 00); with an empty PDOL (83 00) it is answered. */
  gpoOnlyEmptyPdol?: boolean;
  gpo: Uint8Array;
  /** Records by `${sfi}:${record}`. */
  records: Map<string, Uint8Array>;
}

function route(
  card: CardFiles,
  c: CommandApdu,
): Uint8Array | { sw: number } | { data: Uint8Array; sw: number } {
  if (c.cla === 0x80 && c.ins === 0xa8 && card.gpoOnlyEmptyPdol)
    return toHex(c.data) === '8300' ? card.gpo : { sw: 0x6700 };
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
    if (name === card.aid) return { data: card.fci, sw: card.selectSw ?? 0x9000 };
    return { sw: 0x6a82 };
  }
  if (c.ins === 0xb2 && (c.p2 & 0x07) === 0x04) {
    const sfi = c.p2 >> 3;
    const record = sfi === 1 ? card.directoryRecords[c.p1 - 1] : card.records.get(`${sfi}:${c.p1}`);
    return record ?? { sw: 0x6a83 };
  }
  return { sw: 0x6d00 };
}

function contactFiles(pan: Uint8Array, quirk: EmvQuirk | undefined): CardFiles {
  // A stale PSE lists Visa; the card's one application is Cartes Bancaires.
  const aid = quirk === 'stale-pse' ? CARTES_BANCAIRES : VISA;
  const label = quirk === 'stale-pse' ? 'CB' : 'VISA';
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
    aid,
    fci: tlv({
      tag: 0x6f,
      children: [
        { tag: 0x84, value: hexBytes(aid) },
        { tag: 0xa5, children: [{ tag: 0x50, value: ascii(label) }] },
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

function contactlessFiles(pan: string, quirk: EmvQuirk | undefined): CardFiles {
  const aid =
    quirk === 'select-warning' ? VISA : quirk === 'gpo-template-70' ? INTERAC : MASTERCARD;
  const label = aid === VISA ? 'VISA' : aid === INTERAC ? 'Interac' : 'MASTERCARD';
  const app = {
    tag: 0x61,
    children: [
      { tag: 0x4f, value: hexBytes(aid) },
      { tag: 0x50, value: ascii(label) },
      { tag: 0x87, value: Uint8Array.of(1) },
    ],
  };
  const afl = [
    { tag: 0x82, value: hexBytes('0000') },
    { tag: 0x94, value: hexBytes('10010100') },
  ];
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
    aid,
    fci: tlv({
      tag: 0x6f,
      children: [
        { tag: 0x84, value: hexBytes(aid) },
        {
          tag: 0xa5,
          children: [
            { tag: 0x50, value: ascii(label) },
            { tag: 0x9f38, value: PDOL },
          ],
        },
      ],
    }),
    ...(quirk === 'select-warning' ? { selectSw: 0x6285 } : {}),
    pdolLength: PDOL_LENGTH,
    ...(quirk === 'gpo-retry' ? { gpoOnlyEmptyPdol: true } : {}),
    gpo: tlv({ tag: quirk === 'gpo-template-70' ? 0x70 : 0x77, children: afl }),
    records: new Map([['2:1', tlv({ tag: 0x70, children: panObjects(pan, quirk) })]]),
  };
}

/** Where the record puts the PAN: 57 (as most cards), or as the quirk says. */
function panObjects(pan: string, quirk: EmvQuirk | undefined): TlvInput[] {
  const name = { tag: 0x5f20, value: ascii('TEST/CARD') };
  switch (quirk) {
    case 'track2-9f6b':
      return [{ tag: 0x9f6b, value: track2(pan) }, name];
    case 'track1-56':
      return [{ tag: 0x56, value: ascii(`B${pan}^TEST/CARD^2512201000000000000`) }];
    case 'pan-inconsistent':
      return [
        { tag: 0x5a, value: bcdOf(pan) },
        { tag: 0x57, value: track2(OTHER_TEST_PAN) },
      ];
    case 'gpo-retry':
    case 'select-warning':
    case 'gpo-template-70':
    case 'stale-pse':
    case undefined:
      return [{ tag: 0x57, value: track2(pan) }, name];
  }
}

/** Track 2 equivalent data: PAN, D, expiry 2512, service code 201, discretionary data; F-padded. */
function track2(pan: string): Uint8Array {
  const digits = `${pan}D2512201000000000000`;
  return hexBytes(digits.length % 2 === 0 ? digits : `${digits}F`);
}

function bcdOf(digits: string): Uint8Array {
  const encoded = encodeBcd(digits);
  return encoded.ok ? encoded.bytes : new Uint8Array(0);
}
