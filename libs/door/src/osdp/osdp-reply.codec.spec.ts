import fc from 'fast-check';
import type { OsdpNakReason } from './osdp-codes';
import { decodeOsdpReply, encodeOsdpReply, type OsdpReply } from './osdp-reply.codec';

const hex = (s: string): Uint8Array =>
  s ? Uint8Array.from(s.split(' ').map((b) => parseInt(b, 16))) : new Uint8Array(0);
const byte = fc.integer({ min: 0, max: 255 });
const bytes = (maxLength: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });
const latin1 = (maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength }).map((cs) => String.fromCharCode(...cs));

const nakReasons: OsdpNakReason[] = [
  'no-error',
  'check-character',
  'command-length',
  'unknown-command',
  'sequence-number',
  'security-unsupported',
  'encryption-required',
  'bio-type-unsupported',
  'bio-format-unsupported',
  'cannot-process-record',
];

const arbReply: fc.Arbitrary<OsdpReply> = fc.oneof(
  fc.constantFrom<OsdpReply>({ kind: 'ack' }, { kind: 'busy' }),
  fc
    .record({ reason: fc.constantFrom(...nakReasons), detail: bytes(4) })
    .map(({ reason, detail }): OsdpReply => ({
      kind: 'nak',
      reason,
      code: nakReasons.indexOf(reason),
      detail,
    })),
  fc.record({
    kind: fc.constant('pdid' as const),
    id: fc.record({
      vendorCode: fc.integer({ min: 0, max: 0xffffff }),
      model: byte,
      version: byte,
      serialNumber: fc.integer({ min: 0, max: 0xffffffff }),
      firmware: fc.record({ major: byte, minor: byte, build: byte }),
    }),
  }),
  fc.record({
    kind: fc.constant('pdcap' as const),
    capabilities: fc.array(fc.record({ function: byte, compliance: byte, count: byte }), {
      maxLength: 8,
    }),
  }),
  fc.record({
    kind: fc.constant('lstatr' as const),
    tamper: fc.boolean(),
    powerFailure: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('istatr' as const),
    inputs: fc.array(fc.boolean(), { maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant('ostatr' as const),
    outputs: fc.array(fc.boolean(), { maxLength: 8 }),
  }),
  fc
    .record({ reader: byte, format: byte, data: bytes(16) })
    .map(({ reader, format, data }): OsdpReply => ({
      kind: 'raw',
      reader,
      format,
      bitCount: data.length * 8,
      data,
    })),
  fc.record({ kind: fc.constant('fmt' as const), reader: byte, direction: byte, text: latin1(30) }),
  fc.record({
    kind: fc.constant('keypad' as const),
    reader: byte,
    digits: fc.stringMatching(/^[0-9*#]{0,12}$/),
  }),
  fc.record({
    kind: fc.constant('com' as const),
    address: byte,
    baudRate: fc.integer({ min: 0, max: 0xffffffff }),
  }),
);

describe('OSDP v2.2 reply codec', () => {
  it.each<[string, number, string, OsdpReply]>([
    ['osdp_ACK', 0x40, '', { kind: 'ack' }],
    ['osdp_BUSY', 0x79, '', { kind: 'busy' }],
    [
      'osdp_NAK 0x03 as a word',
      0x41,
      '03',
      { kind: 'nak', reason: 'unknown-command', code: 3, detail: new Uint8Array(0) },
    ],
    [
      'osdp_NAK with an unlisted code',
      0x41,
      '7f',
      { kind: 'nak', reason: 'unknown', code: 0x7f, detail: new Uint8Array(0) },
    ],
    [
      'osdp_PDID: serial number and firmware',
      0x45,
      '5c 26 23 01 02 78 56 34 12 03 04 05',
      {
        kind: 'pdid',
        id: {
          vendorCode: 0x23265c,
          model: 1,
          version: 2,
          serialNumber: 0x12345678,
          firmware: { major: 3, minor: 4, build: 5 },
        },
      },
    ],
    [
      // What libosdp's PD sends for vendor_code 31337, model 153, serial 0x01020304, firmware
      // 0x0A0B0C (osdp_pd.c: bwrite_u24_le, then bwrite_u32_le, then bwrite_u24_be).
      'osdp_PDID from libosdp: the vendor code is the number, LSB first',
      0x45,
      '69 7a 00 99 01 04 03 02 01 0a 0b 0c',
      {
        kind: 'pdid',
        id: {
          vendorCode: 31337,
          model: 153,
          version: 1,
          serialNumber: 0x01020304,
          firmware: { major: 10, minor: 11, build: 12 },
        },
      },
    ],
    [
      'osdp_PDCAP: two records',
      0x46,
      '01 01 02 02 01 01',
      {
        kind: 'pdcap',
        capabilities: [
          { function: 1, compliance: 1, count: 2 },
          { function: 2, compliance: 1, count: 1 },
        ],
      },
    ],
    ['osdp_LSTATR: tamper', 0x48, '01 00', { kind: 'lstatr', tamper: true, powerFailure: false }],
    ['osdp_ISTATR: door contact open', 0x49, '01 00', { kind: 'istatr', inputs: [true, false] }],
    ['osdp_OSTATR', 0x4a, '00 01', { kind: 'ostatr', outputs: [false, true] }],
    [
      'osdp_RAW: 26 bits',
      0x50,
      '00 00 1a 00 01 02 03 c0',
      { kind: 'raw', reader: 0, format: 0, bitCount: 26, data: hex('01 02 03 c0') },
    ],
    ['osdp_FMT', 0x51, '00 00 02 31 32', { kind: 'fmt', reader: 0, direction: 0, text: '12' }],
    [
      'osdp_KEYPAD: "1*#" with * as 0x7F and # as 0x0D',
      0x53,
      '00 03 31 7f 0d',
      { kind: 'keypad', reader: 0, digits: '1*#' },
    ],
    ['osdp_COM', 0x54, '05 80 25 00 00', { kind: 'com', address: 5, baudRate: 9600 }],
  ])('%s', (_name, code, data, reply) => {
    expect(decodeOsdpReply(code, hex(data))).toEqual({
      ok: true,
      value: reply,
      used: hex(data).length,
    });
    expect(encodeOsdpReply(reply)).toEqual({ code, data: hex(data) });
  });

  it('names the problem for an unknown code or a wrong length', () => {
    expect(decodeOsdpReply(0x99, new Uint8Array(0))).toMatchObject({
      ok: false,
      problem: 'unknown-reply',
    });
    expect(decodeOsdpReply(0x45, hex('01 02'))).toMatchObject({ ok: false, problem: 'bad-length' });
    expect(decodeOsdpReply(0x50, hex('00 00 1a 00 01'))).toMatchObject({
      ok: false,
      problem: 'bad-length',
    });
    expect(decodeOsdpReply(0x41, new Uint8Array(0))).toMatchObject({
      ok: false,
      problem: 'bad-length',
    });
  });

  it('decode(encode(reply)) is the reply', () => {
    fc.assert(
      fc.property(arbReply, (reply) => {
        const { code, data } = encodeOsdpReply(reply);
        expect(decodeOsdpReply(code, data)).toEqual({ ok: true, value: reply, used: data.length });
      }),
    );
  });

  it('never throws on any code and random or truncated data', () => {
    fc.assert(
      fc.property(byte, bytes(80), (code, data) => {
        expect(() => decodeOsdpReply(code, data)).not.toThrow();
      }),
    );
    fc.assert(
      fc.property(arbReply, fc.nat(), (reply, n) => {
        const { code, data } = encodeOsdpReply(reply);
        expect(() => decodeOsdpReply(code, data.subarray(0, n % (data.length + 1)))).not.toThrow();
      }),
    );
  });
});
