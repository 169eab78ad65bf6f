// fast-check arbitraries of OSDP messages, shared by the specs (never exported by the lib). Uniform
// random bytes hold a SOM (0x53) once in 256 and a LEN the decoder takes seriously far less often,
// so a property over them seldom meets the cases that matter; these make SOMs, plausible lengths
// and the LEN limits common.
import fc from 'fast-check';
import { OSDP_SOM } from './osdp-codes';
import type { OsdpFrame, OsdpSequence } from './osdp-frame.codec';

/** The longest message decodeOsdpFrame accepts (its LEN limit); osdpFrame() reaches it. */
export const OSDP_FRAME_LIMIT = 1024;

const HEADER_LENGTH = 5; // SOM, ADDR, LEN_LSB, LEN_MSB, CTRL
const MAC_LENGTH = 4;

/** Any byte, one in eight of them a SOM. */
export const osdpByte: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constant(OSDP_SOM), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 255 }), weight: 7 },
);

/** Bytes of osdpByte(): one in eight a SOM. */
export function osdpBytes(constraints: { minLength?: number; maxLength: number }) {
  return fc.array(osdpByte, constraints).map((b) => Uint8Array.from(b));
}

// OSDP v2.2 security block types SCS_11..SCS_18, and the bytes around SCS_15..SCS_18 (with a MAC).
const scbType = fc.oneof(fc.integer({ min: 0x10, max: 0x19 }), fc.integer({ min: 0, max: 255 }));
const hasMac = (type: number): boolean => type >= 0x15 && type <= 0x18;

/**
 * DATA lengths for a frame of `overhead` bytes besides its DATA: none, short ones, any up to the
 * LEN limit, the limit itself (one frame in four), and the lengths around 256, where LEN's MSB
 * first counts.
 */
function dataLength(overhead: number): fc.Arbitrary<number> {
  const longest = OSDP_FRAME_LIMIT - overhead;
  return fc.oneof(
    { arbitrary: fc.constant(0), weight: 1 },
    { arbitrary: fc.integer({ min: 0, max: 64 }), weight: 2 },
    { arbitrary: fc.integer({ min: 0, max: longest }), weight: 2 },
    { arbitrary: fc.constant(longest), weight: 2 },
    { arbitrary: fc.integer({ min: 254 - overhead, max: 257 - overhead }), weight: 1 },
  );
}

/**
 * An OSDP v2.2 message of any shape decodeOsdpFrame accepts: either check, with or without a
 * security block (and the MAC of SCS_15..18), DATA seeded with SOMs, and a whole length from the
 * minimum to OSDP_FRAME_LIMIT; one frame in four has exactly that length.
 */
export function osdpFrame(): fc.Arbitrary<OsdpFrame> {
  const sequence: fc.Arbitrary<OsdpSequence> = fc.constantFrom(0, 1, 2, 3);
  const head = fc.record({
    address: fc.integer({ min: 0, max: 0x7f }),
    reply: fc.boolean(),
    sequence,
    check: fc.constantFrom('crc' as const, 'checksum' as const),
    code: osdpByte,
    scb: fc.option(fc.record({ type: scbType, data: osdpBytes({ maxLength: 16 }) }), {
      nil: undefined,
    }),
    mac: osdpBytes({ minLength: MAC_LENGTH, maxLength: MAC_LENGTH }),
  });
  return head.chain(({ scb, mac, ...fields }) => {
    const withMac = scb !== undefined && hasMac(scb.type);
    const overhead =
      HEADER_LENGTH +
      (scb ? scb.data.length + 2 : 0) +
      1 +
      (withMac ? MAC_LENGTH : 0) +
      (fields.check === 'crc' ? 2 : 1);
    return dataLength(overhead)
      .chain((n) => osdpBytes({ minLength: n, maxLength: n }))
      .map((data) => {
        const frame: OsdpFrame = { ...fields, data };
        if (scb) frame.securityBlock = scb;
        if (withMac) frame.mac = mac;
        return frame;
      });
  });
}

/** LEN values a false SOM may announce: below the minimum, short, around 256, around the limit. */
const announcedLength = fc.oneof(
  fc.integer({ min: 0, max: 9 }),
  fc.integer({ min: 10, max: 64 }),
  fc.integer({ min: 250, max: 260 }),
  fc.integer({ min: OSDP_FRAME_LIMIT - 4, max: OSDP_FRAME_LIMIT + 4 }),
  fc.integer({ min: 0, max: 0xffff }),
);

/**
 * Line noise: random bytes, stray SOMs and false headers (SOM, ADDR, a LEN from announcedLength,
 * CTRL), so that a scanner meets false starts of every length, including ones that announce more
 * bytes than ever come.
 */
export function osdpNoise(maxPieces = 6): fc.Arbitrary<Uint8Array> {
  const falseHeader = fc
    .tuple(fc.integer({ min: 0, max: 255 }), announcedLength, fc.integer({ min: 0, max: 255 }))
    .map(([address, length, ctrl]) =>
      Uint8Array.of(OSDP_SOM, address, length & 0xff, length >> 8, ctrl),
    );
  const piece = fc.oneof(
    osdpBytes({ maxLength: 24 }),
    fc.constant(Uint8Array.of(OSDP_SOM)),
    falseHeader,
  );
  return fc.array(piece, { maxLength: maxPieces }).map((pieces) => concatBytes(pieces));
}

/** One Uint8Array of the parts, in order. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
