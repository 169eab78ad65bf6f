import fc from 'fast-check';
import { OSDP_FRAME_LIMIT, osdpFrame, osdpNoise } from './osdp-arbitraries';
import { osdpCrc16 } from './osdp-crc';
import { decodeOsdpFrame, encodeOsdpFrame, type OsdpFrame } from './osdp-frame.codec';

const hex = (s: string): Uint8Array => Uint8Array.from(s.split(' ').map((b) => parseInt(b, 16)));
const toHex = (b: Uint8Array): string =>
  Buffer.from(b)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');

/** A CRC message from its bytes before the CRC: LEN (bytes 2-3) is filled in, the CRC appended. */
function crcFrame(body: string): Uint8Array {
  const bytes = hex(body);
  const length = bytes.length + 2;
  bytes[2] = length & 0xff;
  bytes[3] = length >> 8;
  const crc = osdpCrc16(bytes);
  return Uint8Array.of(...bytes, crc & 0xff, crc >> 8);
}

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
    // Nothing yet is not a bad start: the scanner waits (found by mutation testing).
    expect(decodeOsdpFrame(new Uint8Array(0))).toEqual({ ok: false, problem: 'need-more', at: 0 });
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

describe('OSDP v2.2 frame length (LEN, LSB first)', () => {
  const ofLength = (n: number): Uint8Array =>
    encodeOsdpFrame({
      address: 1,
      sequence: 1,
      code: 0x6b,
      data: new Uint8Array(n - 8).fill(0x53),
    });

  it.each([255, 256, 257, 300, 1023, OSDP_FRAME_LIMIT])('reads a message of %d bytes', (n) => {
    const wire = ofLength(n);
    expect([wire.length, wire[2], wire[3]]).toEqual([n, n & 0xff, n >> 8]);
    const decoded = decodeOsdpFrame(wire);
    expect(decoded).toMatchObject({ ok: true, used: n, value: { code: 0x6b } });
    expect(decoded.ok && decoded.value.data).toEqual(new Uint8Array(n - 8).fill(0x53));
  });

  it('refuses a LEN past the 1024 limit, even with the bytes and a good CRC there', () => {
    const wire = ofLength(OSDP_FRAME_LIMIT + 1);
    expect([wire[2], wire[3]]).toEqual([0x01, 0x04]);
    expect(decodeOsdpFrame(wire)).toEqual({ ok: false, problem: 'bad-length', at: 2 });
  });

  it('refuses a LEN below the shortest message of its check', () => {
    // CRC: SOM ADDR LEN LEN CTRL code CRC CRC is 8; checksum: 7.
    expect(decodeOsdpFrame(hex('53 00 07 00 04 60 00'))).toEqual({
      ok: false,
      problem: 'bad-length',
      at: 2,
    });
    expect(decodeOsdpFrame(hex('53 00 06 00 00 60 46'))).toEqual({
      ok: false,
      problem: 'bad-length',
      at: 2,
    });
  });
});

describe('OSDP v2.2 security control block (CTRL bit 3)', () => {
  // CTRL 0C: CRC and a security block; the block is SEC_BLK_LEN, SEC_BLK_TYPE, SEC_BLK_DATA.
  it.each([
    ['length 0', '53 00 00 00 0c 00 60', 5],
    ['length 1', '53 00 00 00 0c 01 60', 5],
    ['length 255, past the message', '53 00 00 00 0c ff 11 60', 5],
    ['no room for the code', '53 00 00 00 0c 02 11', 5],
    ['data up to the check characters', '53 00 00 00 0c 03 11 22', 5],
    ['SCS_15 without room for its MAC', '53 00 00 00 0c 02 15 60', 7],
    ['SCS_18 with 3 of its 4 MAC bytes', '53 00 00 00 0c 02 18 60 01 02 03', 7],
  ])('refuses a block of %s', (_name, body, at) => {
    expect(decodeOsdpFrame(crcFrame(body))).toEqual({
      ok: false,
      problem: 'bad-security-block',
      at,
    });
  });

  const block = (type: number, data: number[] = []) => ({ type, data: Uint8Array.from(data) });
  it.each([
    ['length 2 (type only)', '53 00 00 00 0c 02 11 60', block(0x11), [], undefined],
    ['data up to the code', '53 00 00 00 0c 03 11 aa 60', block(0x11, [0xaa]), [], undefined],
    ['SCS_14: no MAC', '53 00 00 00 0c 02 14 60 01 02 03 04', block(0x14), [1, 2, 3, 4], undefined],
    ['SCS_18 and its MAC', '53 00 00 00 0c 02 18 60 01 02 03 04', block(0x18), [], [1, 2, 3, 4]],
    ['SCS_19: no MAC', '53 00 00 00 0c 02 19 60 01 02 03 04', block(0x19), [1, 2, 3, 4], undefined],
  ])('reads a block of %s', (_name, body, securityBlock, data, mac) => {
    const wire = crcFrame(body);
    const value: OsdpFrame = {
      address: 0,
      reply: false,
      sequence: 0,
      check: 'crc',
      code: 0x60,
      data: Uint8Array.from(data),
      securityBlock,
    };
    if (mac) value.mac = Uint8Array.from(mac);
    expect(decodeOsdpFrame(wire)).toEqual({ ok: true, value, used: wire.length });
  });
});

describe('OSDP v2.2 frame properties', () => {
  it('decode(encode(frame)) is the frame, up to the 1024-byte limit', () => {
    let longest = 0;
    fc.assert(
      fc.property(osdpFrame(), (frame) => {
        const wire = encodeOsdpFrame(frame);
        longest = Math.max(longest, wire.length);
        expect(decodeOsdpFrame(wire)).toEqual({ ok: true, value: frame, used: wire.length });
      }),
    );
    // The property met frames of the whole declared size, not only short ones.
    expect(longest).toBe(OSDP_FRAME_LIMIT);
  });

  it('never throws on noise and frames, and any result it gives is in range', () => {
    const input = fc
      .tuple(osdpNoise(), osdpFrame(), fc.nat(), fc.integer({ min: 0, max: 255 }))
      .map(([noise, frame, at, flip]) => {
        // Noise, then a frame with one byte changed (or none, when flip is 0).
        const bytes = Uint8Array.of(...noise, ...encodeOsdpFrame(frame));
        const i = at % bytes.length;
        bytes[i] = (bytes[i] ?? 0) ^ flip;
        return bytes;
      });
    fc.assert(
      fc.property(fc.oneof(input, fc.uint8Array({ maxLength: 300 }), osdpNoise()), (bytes) => {
        const r = decodeOsdpFrame(bytes);
        if (r.ok) expect(r.used).toBeLessThanOrEqual(bytes.length);
        else expect(r.at).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('asks for more bytes on every truncation of a valid frame', () => {
    fc.assert(
      fc.property(osdpFrame(), fc.nat(), (frame, n) => {
        const wire = encodeOsdpFrame(frame);
        const cut = wire.subarray(0, n % wire.length);
        expect(decodeOsdpFrame(cut)).toMatchObject({ ok: false, problem: 'need-more' });
      }),
    );
  });
});

describe('decodeOsdpFrame on a bare header (found by mutation testing)', () => {
  it('refuses a LEN over 1024 as soon as the 5 header bytes are in, without waiting for more', () => {
    // LEN = 0x0801 = 2049: no use waiting for it (a scanner would hold everything behind it).
    expect(decodeOsdpFrame(hex('53 00 01 08 04'))).toEqual({
      ok: false,
      problem: 'bad-length',
      at: 2,
    });
    expect(decodeOsdpFrame(hex('53 00 01 08'))).toEqual({ ok: false, problem: 'need-more', at: 4 });
  });
});
