import { decodeCommandApdu, encodeResponseApdu } from '../../codec/apdu.codec';
import { parseHex, toHex } from '../../codec/hex';
import { PCSC_RID } from '../../codec/atr.parser';
import type { PlainCardProfile } from '../card-profile';

export type ContactlessUidKind = 'ntag216' | 'mifare-classic-1k';

export interface ContactlessUidProfileOptions {
  /** Default: 'mifare-classic-1k' for a 4-byte UID, 'ntag216' otherwise. */
  kind?: ContactlessUidKind;
}

/** PC/SC Part 3 card names (NN NN) and standard (SS = 03, ISO/IEC 14443 A part 3). */
const CARD_NAME: Record<ContactlessUidKind, number> = {
  'mifare-classic-1k': 0x0001,
  ntag216: 0x0003, // "MIFARE Ultralight": NTAG readers report the Ultralight family name
};
const SS_ISO14443A_PART3 = 0x03;

/** NTAG216's GET VERSION answer (the seeds' table): 00, NXP, type 04, 02, 01 00, size 13, 03. */
export const NTAG216_VERSION = Uint8Array.of(0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x13, 0x03);
/** ACR122U direct transmit (FF 00 00 00) carrying PN532 InCommunicateThru (D4 42) of GET VERSION. */
const DIRECT_GET_VERSION = 'D44260';

/**
 * PC/SC Part 3 ATR of a contactless storage card: 3B 8F 80 01, then historical bytes 80 4F 0C
 * <RID A0 00 00 03 06> <SS> <NN NN> 00 00 00 00, then TCK (XOR of T0 … last historical byte).
 */
export function contactlessStorageAtr(standard: number, cardName: number): Uint8Array {
  const body = [
    0x8f,
    0x80,
    0x01,
    0x80,
    0x4f,
    0x0c,
    ...PCSC_RID,
    standard,
    cardName >> 8,
    cardName & 0xff,
  ];
  body.push(0, 0, 0, 0);
  const tck = body.reduce((x, b) => x ^ b, 0);
  return Uint8Array.of(0x3b, ...body, tck);
}

const sw = (word: number): Uint8Array => encodeResponseApdu(new Uint8Array(0), word);

/**
 * A contactless storage card (NTAG216, MIFARE Classic 1K) as a PC/SC Part 3 reader presents it:
 * it answers GET DATA (FF CA 00 00 Le) with its UID; an NTAG216 also answers GET VERSION sent
 * as the ACR122U direct transmit FF 00 00 00 03 D4 42 60 with D5 43 00 <version> 90 00. Throws
 * RangeError on a UID that is not 4, 7 or 10 bytes of hex (random UIDs, 08 xx xx xx, are allowed:
 * they are a test case).
 */
export function contactlessUidProfile(
  uidHex: string,
  options: ContactlessUidProfileOptions = {},
): PlainCardProfile {
  const parsed = parseHex(uidHex);
  if (!parsed.ok) throw new RangeError(`UID "${uidHex}" is not hex (${parsed.problem})`);
  const uid = parsed.value;
  if (![4, 7, 10].includes(uid.length)) {
    throw new RangeError(`a UID has 4, 7 or 10 bytes; "${uidHex}" has ${uid.length}`);
  }
  const kind = options.kind ?? (uid.length === 4 ? 'mifare-classic-1k' : 'ntag216');
  return {
    name: `${kind} ${uidHex}`,
    atr: contactlessStorageAtr(SS_ISO14443A_PART3, CARD_NAME[kind]),
    respond: (command) => respondAsStorageCard(uid, kind, command),
  };
}

function respondAsStorageCard(
  uid: Uint8Array,
  kind: ContactlessUidKind,
  bytes: Uint8Array,
): Uint8Array {
  const command = decodeCommandApdu(bytes);
  if (!command.ok) return sw(0x6700); // wrong length
  const { cla, ins, p1, p2, data, ne } = command.value;
  // A storage card understands no ISO/IEC 7816-4 command; only the reader's class FF is served.
  if (cla === 0x00) return sw(0x6d00); // instruction not supported
  if (cla !== 0xff) return sw(0x6e00); // class not supported
  if (ins === 0x00 && p1 === 0x00 && p2 === 0x00) {
    if (kind !== 'ntag216' || toHex(data) !== DIRECT_GET_VERSION) return sw(0x6a81);
    return encodeResponseApdu(Uint8Array.of(0xd5, 0x43, 0x00, ...NTAG216_VERSION), 0x9000);
  }
  if (ins !== 0xca) return sw(0x6a81); // function not supported
  // PC/SC Part 3 GET DATA: P1 = 00 UID, P1 = 01 ATS historical bytes (none on a storage card).
  if (p1 === 0x01 && p2 === 0x00) return sw(0x6a81);
  if (p1 !== 0x00 || p2 !== 0x00) return sw(0x6a86); // incorrect P1-P2
  if (ne === undefined || data.length > 0) return sw(0x6700);
  if (ne === 256 || ne === uid.length) return encodeResponseApdu(uid, 0x9000);
  // Le shorter than the UID: 6C with the exact length; longer: the UID and 62 82 (end of data
  // reached before Le bytes).
  if (ne < uid.length) return sw(0x6c00 | uid.length);
  return encodeResponseApdu(uid, 0x6282);
}
