import fc from 'fast-check';
import {
  commandApduCase,
  decodeCommandApdu,
  encodeCommandApdu,
  encodeResponseApdu,
  parseResponseApdu,
  type CommandApdu,
} from './apdu.codec';
import { hexBytes, toHex } from './hex';

const none = new Uint8Array(0);
const cmd = (c: Partial<CommandApdu>): CommandApdu => ({
  cla: 0,
  ins: 0xa4,
  p1: 0,
  p2: 0,
  data: none,
  ...c,
});
const encodedHex = (c: CommandApdu): string => {
  const e = encodeCommandApdu(c);
  return e.ok ? toHex(e.bytes, ' ') : `problem ${e.problem}`;
};

describe('encodeCommandApdu (ISO/IEC 7816-4 short cases)', () => {
  it.each([
    [
      'PC/SC GET DATA UID, case 2, Ne 256 → Le 00',
      cmd({ cla: 0xff, ins: 0xca, ne: 256 }),
      'FF CA 00 00 00',
    ],
    ['case 1, header only', cmd({ ins: 0x70 }), '00 70 00 00'],
    ['case 2, Ne 7', cmd({ ins: 0xc0, ne: 7 }), '00 C0 00 00 07'],
    [
      'case 3, SELECT MF 3F00 (purse-file seed, class BC)',
      cmd({ cla: 0xbc, data: hexBytes('3F00') }),
      'BC A4 00 00 02 3F 00',
    ],
    [
      'case 4, SELECT PPSE by name, Le 00',
      cmd({ p1: 0x04, data: new TextEncoder().encode('2PAY.SYS.DDF01'), ne: 256 }),
      '00 A4 04 00 0E 32 50 41 59 2E 53 59 53 2E 44 44 46 30 31 00',
    ],
    [
      'case 3 with 255 data bytes',
      cmd({ data: new Uint8Array(255) }),
      `00 A4 00 00 FF${' 00'.repeat(255)}`,
    ],
  ])('%s', (_name, command, hex) => {
    expect(encodedHex(command)).toBe(hex);
  });

  it.each([
    ['header-out-of-range', cmd({ cla: 256 })],
    ['header-out-of-range', cmd({ p1: -1 })],
    ['header-out-of-range', cmd({ p2: 1.5 })],
    ['invalid-ins', cmd({ ins: 0x61 })],
    ['invalid-ins', cmd({ ins: 0x9f })],
    ['data-too-long', cmd({ data: new Uint8Array(65536) })],
    ['ne-out-of-range', cmd({ ne: 0 })],
    ['ne-out-of-range', cmd({ ne: 65537 })],
  ])('refuses with %s', (problem, command) => {
    expect(encodeCommandApdu(command)).toMatchObject({ ok: false, problem });
  });

  it('names the case', () => {
    expect(commandApduCase(cmd({}))).toBe(1);
    expect(commandApduCase(cmd({ ne: 1 }))).toBe(2);
    expect(commandApduCase(cmd({ data: hexBytes('01') }))).toBe(3);
    expect(commandApduCase(cmd({ data: hexBytes('01'), ne: 1 }))).toBe(4);
  });
});

describe('encodeCommandApdu (ISO/IEC 7816-4 extended cases)', () => {
  it.each([
    ['case 2E, Ne 1000', cmd({ ins: 0xb0, ne: 1000 }), '00 B0 00 00 00 03 E8'],
    ['case 2E, Ne 65536 → 00 00 00', cmd({ ins: 0xb0, ne: 65536 }), '00 B0 00 00 00 00 00'],
    [
      'case 3E, Nc 256',
      cmd({ ins: 0xd6, data: new Uint8Array(256) }),
      `00 D6 00 00 00 01 00${' 00'.repeat(256)}`,
    ],
    [
      'case 4E, Nc 300, Ne 257',
      cmd({ data: new Uint8Array(300).fill(0xaa), ne: 257 }),
      `00 A4 00 00 00 01 2C${' AA'.repeat(300)} 01 01`,
    ],
  ])('%s', (_name, command, hex) => {
    expect(encodedHex(command)).toBe(hex);
  });

  it('extends both fields of case 4 when only one needs it, and on request', () => {
    expect(encodedHex(cmd({ data: hexBytes('3F00'), ne: 300 }))).toBe(
      '00 A4 00 00 00 00 02 3F 00 01 2C',
    );
    const forced = encodeCommandApdu(cmd({ ins: 0xc0, ne: 7 }), 'extended');
    expect(forced.ok && toHex(forced.bytes, ' ')).toBe('00 C0 00 00 00 00 07');
  });
});

describe('decodeCommandApdu', () => {
  it.each([
    ['FF CA 00 00 00', { cla: 0xff, ins: 0xca, ne: 256, data: '' }],
    ['00 B0 00 00', { cla: 0, ins: 0xb0, ne: undefined, data: '' }],
    ['00 A4 04 00 02 3F 00', { cla: 0, ins: 0xa4, ne: undefined, data: '3F00' }],
    ['00 A4 04 00 02 3F 00 10', { cla: 0, ins: 0xa4, ne: 16, data: '3F00' }],
    ['00 B0 00 00 00 00 10', { cla: 0, ins: 0xb0, ne: 16, data: '' }],
    ['00 B0 00 00 00 00 00', { cla: 0, ins: 0xb0, ne: 65536, data: '' }],
    ['00 A4 04 00 00 00 02 3F 00', { cla: 0, ins: 0xa4, ne: undefined, data: '3F00' }],
    ['00 A4 04 00 00 00 02 3F 00 00 00', { cla: 0, ins: 0xa4, ne: 65536, data: '3F00' }],
  ])('reads %s', (hex, want) => {
    const d = decodeCommandApdu(hexBytes(hex));
    if (!d.ok) throw new Error(d.problem);
    expect({
      cla: d.value.cla,
      ins: d.value.ins,
      ne: d.value.ne,
      data: toHex(d.value.data),
    }).toEqual(want);
  });

  it.each([
    ['FF CA 00', 'too-short'],
    ['00 B0 00 00 00 00', 'length-mismatch'],
    ['00 A4 04 00 00 00 00 3F 00', 'length-mismatch'],
    ['00 A4 04 00 00 00 02 3F', 'length-mismatch'],
    ['00 A4 04 00 03 3F 00', 'length-mismatch'],
    ['00 A4 04 00 01 3F 00 00 00', 'length-mismatch'],
  ])('refuses %s with %s', (hex, problem) => {
    expect(decodeCommandApdu(hexBytes(hex))).toMatchObject({ ok: false, problem });
  });

  const shortCommand = fc.record({
    cla: fc.integer({ min: 0, max: 255 }),
    ins: fc.integer({ min: 0, max: 255 }).filter((i) => (i & 0xf0) !== 0x60 && (i & 0xf0) !== 0x90),
    p1: fc.integer({ min: 0, max: 255 }),
    p2: fc.integer({ min: 0, max: 255 }),
    data: fc.uint8Array({ maxLength: 255 }),
    ne: fc.option(fc.integer({ min: 1, max: 256 }), { nil: undefined }),
  });

  it('round-trips every short command: decode(encode(x)) = x', () => {
    fc.assert(
      fc.property(shortCommand, (command) => {
        const encoded = encodeCommandApdu(command);
        if (!encoded.ok) return false;
        const decoded = decodeCommandApdu(encoded.bytes);
        expect(decoded).toEqual({ ok: true, value: command, used: encoded.bytes.length });
        return true;
      }),
    );
  });

  it('round-trips every extended command', () => {
    const extended = fc.record({
      cla: fc.integer({ min: 0, max: 255 }),
      ins: fc.constant(0xd6),
      p1: fc.integer({ min: 0, max: 255 }),
      p2: fc.integer({ min: 0, max: 255 }),
      data: fc.uint8Array({ maxLength: 600 }),
      ne: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(extended, (command) => {
        const encoded = encodeCommandApdu(command, 'extended');
        if (!encoded.ok) return false;
        expect(decodeCommandApdu(encoded.bytes)).toEqual({
          ok: true,
          value: command,
          used: encoded.bytes.length,
        });
        return true;
      }),
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => void decodeCommandApdu(b)));
  });
});

describe('parseResponseApdu', () => {
  it('splits data and status word', () => {
    expect(parseResponseApdu(hexBytes('04 A2 24 E2 C3 5E 80 90 00'))).toEqual({
      ok: true,
      value: { data: hexBytes('04A224E2C35E80'), sw1: 0x90, sw2: 0x00, sw: 0x9000 },
      used: 9,
    });
    expect(parseResponseApdu(hexBytes('6A 82'))).toMatchObject({
      ok: true,
      value: { sw: 0x6a82, data: none },
    });
  });

  it.each([[''], ['90']])('refuses "%s" as too short', (hex) => {
    expect(parseResponseApdu(hexBytes(hex))).toEqual({
      ok: false,
      problem: 'too-short',
      at: hex.length / 2,
    });
  });

  it('never throws, and keeps every byte of random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const r = parseResponseApdu(bytes);
        if (bytes.length < 2) return !r.ok;
        return r.ok && r.value.data.length === bytes.length - 2 && r.used === bytes.length;
      }),
    );
  });

  it('round-trips with encodeResponseApdu', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 0, max: 0xffff }),
        (data, sw) => {
          const r = parseResponseApdu(encodeResponseApdu(data, sw));
          return r.ok && r.value.sw === sw && toHex(r.value.data) === toHex(data);
        },
      ),
    );
  });
});
