import fc from 'fast-check';
import { hexBytes, parseHex, toHex } from './hex';
import { isRandomUid, parseUid } from './uid';

describe('parseUid (ISO/IEC 14443-3 UID sizes)', () => {
  it.each([
    ['04A224E2C35E80', 'double'],
    ['DEADBEEF', 'single'],
    ['0411223344556677889A', 'triple'],
    ['88040506', 'single'],
  ])('%s is a %s-size UID', (hex, size) => {
    expect(parseUid(hexBytes(hex))).toMatchObject({ ok: true, value: { hex, size } });
  });

  it.each(['', '04', '04A224', '04A224E2C3', '04A224E2C35E8001', '0411223344556677889A01'])(
    '"%s" has a bad length',
    (hex) => {
      expect(parseUid(hexBytes(hex))).toMatchObject({ ok: false, problem: 'bad-length' });
    },
  );

  it('a 4-byte UID starting 08 is a random UID, no credential', () => {
    expect(parseUid(hexBytes('08A1B2C3'))).toEqual({ ok: false, problem: 'random-uid', at: 0 });
    expect(isRandomUid(hexBytes('08A1B2C3'))).toBe(true);
  });

  it('08 starts a random UID only in a 4-byte UID', () => {
    expect(parseUid(hexBytes('08A1B2C3D4E5F6'))).toMatchObject({
      ok: true,
      value: { size: 'double' },
    });
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 16 }), (b) => void parseUid(b)));
  });
});

describe('hex', () => {
  it('parses hex as people type it', () => {
    expect(parseHex('04:a2 24-e2')).toMatchObject({ ok: true, value: hexBytes('04A224E2') });
    expect(parseHex('0x9000')).toMatchObject({ ok: true, value: Uint8Array.of(0x90, 0) });
    expect(parseHex('04G')).toEqual({ ok: false, problem: 'not-hex', at: 2 });
    expect(parseHex('123')).toEqual({ ok: false, problem: 'odd-length', at: 3 });
  });

  it('round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array(), (b) => {
        const parsed = parseHex(toHex(b, ' '));
        return parsed.ok && toHex(parsed.value) === toHex(b);
      }),
    );
  });
});
