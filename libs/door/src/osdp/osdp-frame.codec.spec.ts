import fc from 'fast-check';
import {
  decodeOsdpFrame,
  encodeOsdpFrame,
  type OsdpFrame,
  type OsdpSequence,
  scanOsdpFrames,
} from './osdp-frame.codec';

const hex = (s: string): Uint8Array => Uint8Array.from(s.split(' ').map((b) => parseInt(b, 16)));
const toHex = (b: Uint8Array): string =>
  Buffer.from(b)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');

const byte = fc.integer({ min: 0, max: 255 });
const bytes = (maxLength: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });
const arbSequence: fc.Arbitrary<OsdpSequence> = fc.constantFrom(0, 1, 2, 3);
const arbFrame: fc.Arbitrary<OsdpFrame> = fc
  .record({
    address: fc.integer({ min: 0, max: 0x7f }),
    reply: fc.boolean(),
    sequence: arbSequence,
    check: fc.constantFrom('crc' as const, 'checksum' as const),
    code: byte,
    data: bytes(64),
    scb: fc.option(fc.record({ type: byte, data: bytes(8) }), { nil: undefined }),
    mac: fc.uint8Array({ minLength: 4, maxLength: 4 }),
  })
  .map(({ scb, mac, ...f }) => {
    const frame: OsdpFrame = { ...f };
    if (scb) frame.securityBlock = scb;
    if (scb && scb.type >= 0x15 && scb.type <= 0x18) frame.mac = mac;
    return frame;
  });

// Expected bytes: CRC-16/AUG-CCITT computed bit by bit, independently of osdpCrc16; the first
// vector is libosdp's published osdp_POLL test packet.
describe('OSDP v2.2 frame known answers', () => {
  it.each([
    [
      'osdp_POLL to PD 0x65, SQN 0 (libosdp)',
      { address: 0x65, sequence: 0, code: 0x60 },
      '53 65 08 00 04 60 60 90',
    ],
    [
      'osdp_POLL to PD 0, SQN 0',
      { address: 0, sequence: 0, code: 0x60 },
      '53 00 08 00 04 60 eb aa',
    ],
    [
      'osdp_OUT output 0 temporary on 3 s, SQN 1',
      { address: 0, sequence: 1, code: 0x68, data: hex('00 05 1e 00') },
      '53 00 0c 00 05 68 00 05 1e 00 71 51',
    ],
    [
      'osdp_TEXT "Welcome" row 1 col 1, SQN 2',
      {
        address: 0,
        sequence: 2,
        code: 0x6b,
        data: Uint8Array.of(0, 1, 0, 1, 1, 7, ...new TextEncoder().encode('Welcome')),
      },
      '53 00 15 00 06 6b 00 01 00 01 01 07 57 65 6c 63 6f 6d 65 5f f6',
    ],
    [
      'osdp_ACK from PD 0, SQN 1',
      { address: 0, reply: true, sequence: 1, code: 0x40 },
      '53 80 08 00 05 40 68 9f',
    ],
    [
      'osdp_POLL with the 8-bit checksum',
      { address: 0, sequence: 0, check: 'checksum', code: 0x60 },
      '53 00 07 00 00 60 46',
    ],
  ] as const)('%s', (_name, input, wire) => {
    expect(toHex(encodeOsdpFrame(input))).toBe(wire);
    const decoded = decodeOsdpFrame(hex(wire));
    expect(decoded).toMatchObject({
      ok: true,
      used: hex(wire).length,
      value: { address: input.address, sequence: input.sequence, code: input.code },
    });
  });

  it('reads the reply bit 0x80 of ADDR and the CRC flag of CTRL', () => {
    const decoded = decodeOsdpFrame(hex('53 80 08 00 05 40 68 9f'));
    expect(decoded.ok && decoded.value).toMatchObject({
      address: 0,
      reply: true,
      check: 'crc',
      sequence: 1,
    });
  });

  it('names each problem with its offset', () => {
    expect(decodeOsdpFrame(hex('53 00 08 00 04 60 eb ab'))).toEqual({
      ok: false,
      problem: 'crc-mismatch',
      at: 6,
    });
    expect(decodeOsdpFrame(hex('53 00 07 00 00 60 47'))).toEqual({
      ok: false,
      problem: 'checksum-mismatch',
      at: 6,
    });
    expect(decodeOsdpFrame(hex('54 00'))).toEqual({ ok: false, problem: 'bad-som', at: 0 });
    expect(decodeOsdpFrame(hex('53 00 03 00 04 60'))).toEqual({
      ok: false,
      problem: 'bad-length',
      at: 2,
    });
    expect(decodeOsdpFrame(hex('53 00 08 00'))).toEqual({ ok: false, problem: 'need-more', at: 4 });
    expect(decodeOsdpFrame(hex('53 00 08 00 04 60'))).toEqual({
      ok: false,
      problem: 'need-more',
      at: 6,
    });
  });

  it('copies DATA out of a Buffer into a plain Uint8Array (never a view sharing its memory)', () => {
    const decoded = decodeOsdpFrame(Buffer.from(hex('53 00 0c 00 05 68 00 05 1e 00 71 51')));
    expect(decoded.ok && Buffer.isBuffer(decoded.value.data)).toBe(false);
    expect(decoded.ok && [...decoded.value.data]).toEqual([0, 5, 0x1e, 0]);
  });

  it('carries a security control block and the MAC of SCS_15..18', () => {
    const frame: OsdpFrame = {
      address: 1,
      reply: false,
      sequence: 2,
      check: 'crc',
      code: 0x60,
      data: new Uint8Array(0),
      securityBlock: { type: 0x15, data: new Uint8Array(0) },
      mac: hex('01 02 03 04'),
    };
    expect(decodeOsdpFrame(encodeOsdpFrame(frame))).toEqual({ ok: true, value: frame, used: 14 });
  });
});

describe('OSDP v2.2 frame properties', () => {
  it('decode(encode(frame)) is the frame', () => {
    fc.assert(
      fc.property(arbFrame, (frame) => {
        const wire = encodeOsdpFrame(frame);
        expect(decodeOsdpFrame(wire)).toEqual({ ok: true, value: frame, used: wire.length });
      }),
    );
  });

  it('never throws on random bytes, and any result it gives is in range', () => {
    fc.assert(
      fc.property(bytes(300), (input) => {
        const r = decodeOsdpFrame(input);
        if (r.ok) expect(r.used).toBeLessThanOrEqual(input.length);
        else expect(r.at).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('asks for more bytes on every truncation of a valid frame', () => {
    fc.assert(
      fc.property(arbFrame, fc.nat(), (frame, n) => {
        const wire = encodeOsdpFrame(frame);
        const cut = wire.subarray(0, n % wire.length);
        expect(decodeOsdpFrame(cut)).toMatchObject({ ok: false, problem: 'need-more' });
      }),
    );
  });

  it('the stream scanner finds every frame after garbage, however the bytes are split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(bytes(20), arbFrame), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }),
        (parts, cuts) => {
          // Garbage without a SOM, so no byte of it can start a frame.
          const clean = parts.map(
            ([junk, f]) => [junk.map((b) => (b === 0x53 ? 0 : b)), encodeOsdpFrame(f)] as const,
          );
          const stream = Buffer.concat(clean.flatMap(([junk, wire]) => [junk, wire]));
          const found = scanInChunks(stream, cuts);
          expect(found).toEqual(parts.map(([, f]) => f));
        },
      ),
    );
  });

  it('the stream scanner resynchronises after any garbage, including false SOMs', () => {
    fc.assert(
      fc.property(bytes(200), arbFrame, (junk, frame) => {
        // A false SOM may announce a longer message; the scanner still finds a whole frame after it.
        const found = scanInChunks(Buffer.concat([junk, encodeOsdpFrame(frame)]), [7]);
        expect(found).toContainEqual(frame);
      }),
    );
  });

  it('the stream scanner never throws and always makes progress on random bytes', () => {
    fc.assert(
      fc.property(bytes(400), (input) => {
        const scan = scanOsdpFrames(input);
        expect(scan.rest.length).toBeLessThanOrEqual(input.length);
      }),
    );
  });
});

function scanInChunks(stream: Uint8Array, cuts: readonly number[]): OsdpFrame[] {
  const found: OsdpFrame[] = [];
  let rest: Uint8Array = new Uint8Array(0);
  for (let at = 0, i = 0; at < stream.length; i++) {
    const size = cuts[i % cuts.length] ?? 1;
    const scan = scanOsdpFrames(Buffer.concat([rest, stream.subarray(at, at + size)]));
    found.push(...scan.frames);
    rest = scan.rest;
    at += size;
  }
  return found;
}
