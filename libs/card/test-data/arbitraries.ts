// Shared fast-check arbitraries of libs/card, for specs: PANs of every length ISO/IEC 7812-1
// allows, and ATRs that are valid by construction, with and without TCK. Random digits or bytes
// rarely give either: a random ATR almost never parses, and a PAN needs its check digit.
import fc from 'fast-check';
import type { InterfaceBytes } from '../src/codec/atr.parser';

/** ISO/IEC 7812-1: a PAN has 12 to 19 digits (as PanCredential accepts them). */
export const PAN_LENGTHS = { min: 12, max: 19 } as const;

/**
 * The Luhn check digit of `payload` (ISO/IEC 7812-1 Annex B), computed here on its own so that a
 * PAN built with it does not depend on the code under test.
 */
export function luhnDigit(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i += 1) {
    const d = Number(payload[payload.length - 1 - i]);
    const x = i % 2 === 0 ? d * 2 : d; // the digit left of the check digit is doubled
    sum += x > 9 ? x - 9 : x;
  }
  return String((10 - (sum % 10)) % 10);
}

/** PANs of 12 to 19 digits (each length as likely) with a correct Luhn check digit. */
export function panDigits(
  lengths: { min: number; max: number } = PAN_LENGTHS,
): fc.Arbitrary<string> {
  return fc
    .integer(lengths)
    .chain((n) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n - 1, maxLength: n - 1 }))
    .map((digits) => digits.join(''))
    .map((payload) => payload + luhnDigit(payload));
}

/** An ATR built from its parts, and the parts, for a spec to compare what parseAtr reads. */
export interface AtrCase {
  bytes: Uint8Array;
  ts: number;
  t0: number;
  /** TA1..TDn in groups, as parseAtr gives them. */
  interfaceBytes: InterfaceBytes[];
  /** T of each TDi, in order. */
  announced: number[];
  historical: Uint8Array;
  /** Present when a protocol other than T=0 is announced (ISO/IEC 7816-3:2006 §8.2.5). */
  tck?: number;
}

const byte = fc.integer({ min: 0, max: 255 });
const someByte = fc.option(byte, { nil: undefined });
const groupOf = (all: boolean) =>
  all
    ? fc.record({ ta: byte, tb: byte, tc: byte })
    : fc.record({ ta: someByte, tb: someByte, tc: someByte });
// T=0 and T=1 are the protocols cards offer; T=15 announces global bytes; the rest are reserved.
const protocolT = fc.oneof(fc.constantFrom(0, 1, 15), fc.integer({ min: 0, max: 15 }));

/**
 * Valid ATRs (ISO/IEC 7816-3:2006 §8.2): TS 3B or 3F, up to four groups of interface bytes,
 * up to 15 historical bytes. `withTck`: some TDi announces a protocol other than T=0, so TCK
 * follows; otherwise only T=0 is announced and there is no TCK. One in five is the longest such
 * ATR: 33 bytes with TCK, the ISO/IEC 7816-3 maximum, and 32 without.
 */
export function validAtr({ withTck }: { withTck: boolean }): fc.Arbitrary<AtrCase> {
  const protocol = withTck ? protocolT : fc.constant(0);
  const shape = (longest: boolean) =>
    fc.record({
      ts: fc.constantFrom(0x3b, 0x3f),
      groups: fc.array(groupOf(longest), {
        minLength: longest ? 4 : withTck ? 2 : 1,
        maxLength: 4,
      }),
      protocols: fc.array(protocol, { minLength: 3, maxLength: 3 }),
      historical: fc.uint8Array({ minLength: longest ? 15 : 0, maxLength: 15 }),
    });
  return fc
    .oneof({ arbitrary: shape(false), weight: 4 }, { arbitrary: shape(true), weight: 1 })
    .map(({ ts, groups, protocols, historical }) => {
      const announced = protocols.slice(0, groups.length - 1);
      if (withTck && !announced.some((t) => t !== 0)) announced[announced.length - 1] = 1;
      return buildAtr(ts, groups, announced, historical, withTck);
    });
}

const presence = (g: InterfaceBytes): number =>
  (g.ta !== undefined ? 1 : 0) |
  (g.tb !== undefined ? 2 : 0) |
  (g.tc !== undefined ? 4 : 0) |
  (g.td !== undefined ? 8 : 0);

function buildAtr(
  ts: number,
  groups: InterfaceBytes[],
  announced: number[],
  historical: Uint8Array,
  withTck: boolean,
): AtrCase {
  // Each TDi: the presence of the next group's bytes (high nibble) and a protocol T (low nibble).
  const full: InterfaceBytes[] = groups.map((g) => ({ ...g }));
  for (let i = full.length - 2; i >= 0; i -= 1) {
    const next = full[i + 1] ?? {};
    const group = full[i] ?? {};
    group.td = (presence(next) << 4) | (announced[i] ?? 0);
  }
  const interfaceBytes = full.map((g) =>
    Object.fromEntries(Object.entries(g).filter(([, v]) => v !== undefined)),
  );
  const t0 = (presence(full[0] ?? {}) << 4) | historical.length;
  const body = [t0, ...full.flatMap((g) => [g.ta, g.tb, g.tc, g.td]), ...historical].filter(
    (b): b is number => b !== undefined,
  );
  const atr: AtrCase = {
    bytes: Uint8Array.of(ts, ...body),
    ts,
    t0,
    interfaceBytes,
    announced,
    historical,
  };
  if (!withTck) return atr;
  // ISO/IEC 7816-3:2006 §8.2.5: the XOR of T0 to TCK included is zero.
  const tck = body.reduce((x, b) => x ^ b, 0);
  return { ...atr, bytes: Uint8Array.of(ts, ...body, tck), tck };
}
