import { randomBytes } from 'node:crypto';
import type { DolEntry } from '../codec/emv-dol.codec';
import { hexBytes } from '../codec/hex';

/**
 * The terminal's side of GET PROCESSING OPTIONS: values for the tags a card's PDOL asks for. A
 * door is no payment terminal; these defaults only make the card willing to show its records.
 */
export interface EmvTerminalOptions {
  /** ISO 3166-1 numeric country code, 4 digits (9F1A). Default 0056, Belgium, like the seed. */
  countryCode?: string;
  /** ISO 4217 numeric currency code, 4 digits (5F2A). Default 0978, euro. */
  currencyCode?: string;
  /**
   * Terminal Transaction Qualifiers (9F66), 8 hex digits. Default 36 00 40 00: qVSDC and EMV
   * contact chip supported, online PIN and signature supported, consumer device CVM supported.
   */
  ttq?: string;
  /** Clock and randomness; for tests. */
  now?: () => Date;
  random?: (n: number) => Uint8Array;
}

const bcd2 = (n: number): number => ((Math.floor(n / 10) % 10) << 4) | (n % 10);

/** A default value for each tag a door can sensibly answer; every other tag gets zeros. */
function defaults(o: EmvTerminalOptions): ReadonlyMap<number, Uint8Array> {
  const now = (o.now ?? (() => new Date()))();
  const random = o.random ?? ((n: number) => new Uint8Array(randomBytes(n)));
  const date = Uint8Array.of(
    bcd2(now.getFullYear() % 100),
    bcd2(now.getMonth() + 1),
    bcd2(now.getDate()),
  );
  const time = Uint8Array.of(bcd2(now.getHours()), bcd2(now.getMinutes()), bcd2(now.getSeconds()));
  return new Map([
    [0x9f66, hexBytes(o.ttq ?? '36004000')], // Terminal Transaction Qualifiers
    [0x9f02, new Uint8Array(6)], // Amount, Authorised: 0
    [0x9f03, new Uint8Array(6)], // Amount, Other: 0
    [0x9f1a, hexBytes(o.countryCode ?? '0056')], // Terminal Country Code
    [0x5f2a, hexBytes(o.currencyCode ?? '0978')], // Transaction Currency Code
    [0x9a, date], // Transaction Date YYMMDD
    [0x9f21, time], // Transaction Time HHMMSS
    [0x9c, Uint8Array.of(0x00)], // Transaction Type: goods and services
    [0x9f35, Uint8Array.of(0x22)], // Terminal Type: attended, offline with online capability
    [0x9f37, random(4)], // Unpredictable Number
  ]);
}

/** Numeric (n) values are right-aligned when the card asks for another length. */
const NUMERIC: ReadonlySet<number> = new Set([0x9f02, 0x9f03, 0x9f1a, 0x5f2a, 0x9a, 0x9f21, 0x9c]);

/**
 * The PDOL related data: each asked value at exactly the asked length, concatenated (EMV 4.3
 * Book 3 §5.4: a value too long is truncated, too short is padded; numeric on the left).
 */
export function pdolData(
  entries: readonly DolEntry[],
  options: EmvTerminalOptions = {},
): Uint8Array {
  const values = defaults(options);
  const out = new Uint8Array(entries.reduce((n, e) => n + e.length, 0));
  let at = 0;
  for (const entry of entries) {
    const value = values.get(entry.tag) ?? new Uint8Array(0);
    out.set(fit(value, entry.length, NUMERIC.has(entry.tag)), at);
    at += entry.length;
  }
  return out;
}

function fit(value: Uint8Array, length: number, numeric: boolean): Uint8Array {
  const out = new Uint8Array(length);
  if (numeric) {
    const take = value.subarray(Math.max(0, value.length - length));
    out.set(take, length - take.length);
  } else {
    out.set(value.subarray(0, length));
  }
  return out;
}
