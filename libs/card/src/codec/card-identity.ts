import { toHex } from './hex';
import { cardKindOf, contactlessStorageInfo, type Atr, type CardKind } from './atr.parser';

/** What the ATR (and, for NTAG/Ultralight, GET VERSION) says the card is. */
export interface CardIdentity {
  kind: CardKind;
  /** A person's name for it: "MIFARE Classic 1K", "NTAG216", "contact card (T=0)". */
  name: string;
  /** PC/SC Part 3 standard byte SS, for storage cards. */
  standard?: string;
}

/** PC/SC Part 3 supplement, standard byte SS (contactless storage cards). */
const STANDARDS: ReadonlyMap<number, string> = new Map([
  [0x01, 'ISO/IEC 14443 A, part 1'],
  [0x02, 'ISO/IEC 14443 A, part 2'],
  [0x03, 'ISO/IEC 14443 A, part 3'],
  [0x05, 'ISO/IEC 14443 B, part 1'],
  [0x06, 'ISO/IEC 14443 B, part 2'],
  [0x07, 'ISO/IEC 14443 B, part 3'],
  [0x09, 'ISO/IEC 15693, part 1'],
  [0x0a, 'ISO/IEC 15693, part 2'],
  [0x0b, 'ISO/IEC 15693, part 3'],
  [0x0c, 'ISO/IEC 15693, part 4'],
  [0x11, 'FeliCa'],
]);

/** PC/SC Part 3 supplement, card names NN NN (the ones a door is likely to meet). */
const CARD_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0001, 'MIFARE Classic 1K'],
  [0x0002, 'MIFARE Classic 4K'],
  [0x0003, 'MIFARE Ultralight family'],
  [0x0026, 'MIFARE Mini'],
  [0x002f, 'Jewel'],
  [0x0030, 'Topaz'],
  [0x0036, 'MIFARE Plus SL1 2K'],
  [0x0037, 'MIFARE Plus SL1 4K'],
  [0x0038, 'MIFARE Plus SL2 2K'],
  [0x0039, 'MIFARE Plus SL2 4K'],
  [0x003a, 'MIFARE Ultralight C'],
  [0x003b, 'FeliCa'],
  [0x003d, 'MIFARE Ultralight EV1'],
]);

/** PC/SC Part 3 card names of the MIFARE Ultralight family, which GET VERSION can refine. */
export const ULTRALIGHT_FAMILY: ReadonlySet<number> = new Set([0x0003, 0x003a, 0x003d]);

/** Names the card an ATR describes. Never throws. */
export function identifyCard(atr: Atr): CardIdentity {
  const kind = cardKindOf(atr);
  switch (kind) {
    case 'contactless-storage': {
      const info = contactlessStorageInfo(atr);
      const nn = info?.cardName ?? 0;
      const name =
        CARD_NAMES.get(nn) ??
        `contactless storage card ${toHex(Uint8Array.of(nn >> 8, nn & 0xff))}`;
      const ss = info?.standard ?? 0;
      const standard = STANDARDS.get(ss) ?? `standard ${toHex(Uint8Array.of(ss))}`;
      return { kind, name, standard };
    }
    case 'contactless-processor':
      // The DESFire family answers its ATS with the single historical byte 80.
      if (atr.historical.length === 1 && atr.historical[0] === 0x80)
        return { kind, name: 'MIFARE DESFire' };
      return { kind, name: 'ISO/IEC 14443-4 contactless processor card' };
    case 'contact':
      return { kind, name: `contact card (${atr.protocols.map((t) => `T=${t}`).join(', ')})` };
    case 'unknown':
      return { kind, name: 'unknown card' };
  }
}

/**
 * NXP GET VERSION (60) answer, 8 bytes: fixed header 00, vendor (04 = NXP), product type,
 * subtype, major and minor version, storage size, protocol type. The seeds' table.
 */
export interface NtagVersion {
  vendor: number;
  type: number;
  subtype: number;
  major: number;
  minor: number;
  storageSize: number;
  protocol: number;
  /** The chip, when the table knows it. */
  chip?: string;
}

// type subtype major minor storage → chip (NXP data sheets, as tabled in the seeds).
const CHIPS: ReadonlyMap<string, string> = new Map([
  ['04 01 01 00 0B', 'NTAG210'],
  ['04 01 01 00 0E', 'NTAG212'],
  ['04 02 01 00 0F', 'NTAG213'],
  ['04 04 01 00 0F', 'NTAG213F'],
  ['04 02 01 00 11', 'NTAG215'],
  ['04 02 01 00 13', 'NTAG216'],
  ['04 04 01 00 13', 'NTAG216F'],
  ['04 02 01 01 13', 'NT3H1101'],
  ['04 05 02 01 13', 'NT3H1101W0'],
  ['04 05 02 02 13', 'NT3H2111W0'],
  ['04 02 01 01 15', 'NT3H2101'],
  ['04 05 02 01 15', 'NT3H1201W0'],
  ['04 05 02 02 15', 'NT3H2211W0'],
  ['03 01 01 00 0B', 'MF0UL1101'],
  ['03 02 01 00 0B', 'MF0ULH1101'],
  ['03 01 01 00 0E', 'MF0UL2101'],
  ['03 02 01 00 0E', 'MF0ULH2101'],
]);

/** Reads a GET VERSION answer (without SW1 SW2); undefined unless it is 8 bytes with header 00. */
export function parseNtagVersion(bytes: Uint8Array): NtagVersion | undefined {
  if (bytes.length !== 8 || bytes[0] !== 0x00) return undefined;
  const [, vendor = 0, type = 0, subtype = 0, major = 0, minor = 0, storageSize = 0, protocol = 0] =
    bytes;
  const chip = vendor === 0x04 ? CHIPS.get(toHex(bytes.subarray(2, 7), ' ')) : undefined;
  return { vendor, type, subtype, major, minor, storageSize, protocol, ...(chip ? { chip } : {}) };
}
