import fc from 'fast-check';
import { panDigits } from '../../test-data/arbitraries';
import { decodeBcd, encodeBcd, nibbles } from './bcd.codec';
import { hexBytes, toHex } from './hex';

describe('packed BCD', () => {
  it.each([
    ['41 11 11 11 11 11 11 11', {}, '4111111111111111'],
    ['12 34 5F', { trailingF: true }, '12345'],
    ['37 82 82 24 63 10 00 5F', { trailingF: true }, '378282246310005'],
    ['', {}, ''],
    ['00', {}, '00'],
  ])('decodes %s', (hex, options, digits) => {
    expect(decodeBcd(hexBytes(hex), options)).toEqual({
      ok: true,
      value: digits,
      used: hexBytes(hex).length,
    });
  });

  it.each([
    ['12 3A', {}, 3],
    ['12 3F', {}, 3],
    ['1F 23', { trailingF: true }, 2],
    ['D1 23', {}, 0],
  ])('refuses %s (nibble %d)', (hex, options, at) => {
    expect(decodeBcd(hexBytes(hex), options)).toEqual({ ok: false, problem: 'not-a-digit', at });
  });

  it('encodes, padding an odd count with F', () => {
    const even = encodeBcd('4111111111111111');
    expect(even.ok && toHex(even.bytes)).toBe('4111111111111111');
    const odd = encodeBcd('378282246310005');
    expect(odd.ok && toHex(odd.bytes)).toBe('378282246310005F');
    expect(encodeBcd('12x4')).toMatchObject({ ok: false, problem: 'not-a-digit' });
  });

  // PANs of 12 to 19 digits (ISO/IEC 7812-1), as EMV tag 5A carries them (`cn`, F-padded).
  it.each([
    ['676123456789', '67 61 23 45 67 89'],
    ['6761234567890', '67 61 23 45 67 89 0F'],
    ['67612345678901230', '67 61 23 45 67 89 01 23 0F'],
    ['676123456789012344', '67 61 23 45 67 89 01 23 44'],
    ['6761234567890123455', '67 61 23 45 67 89 01 23 45 5F'],
  ])('round-trips the %s-digit PAN %s', (digits, hex) => {
    const encoded = encodeBcd(digits);
    expect(encoded.ok && toHex(encoded.bytes, ' ')).toBe(hex);
    expect(decodeBcd(hexBytes(hex), { trailingF: true })).toEqual({
      ok: true,
      value: digits,
      used: hexBytes(hex).length,
    });
  });

  it('refuses a non-digit anywhere, the first character included', () => {
    for (const [digits, at] of [
      ['x234', 0],
      [' 1234', 0],
      ['F234', 0],
      ['12x4', 2],
      ['1234x', 4],
    ] as const) {
      expect(encodeBcd(digits)).toEqual({
        ok: false,
        problem: 'not-a-digit',
        detail: `character ${at} is no digit`,
      });
    }
  });

  it('round-trips every PAN length, 12 to 19 digits', () => {
    fc.assert(
      fc.property(panDigits(), (digits) => {
        const encoded = encodeBcd(digits);
        if (!encoded.ok) throw new Error(encoded.detail);
        expect(encoded.bytes).toHaveLength(Math.ceil(digits.length / 2));
        expect(nibbles(encoded.bytes)).toBe(digits.length % 2 === 0 ? digits : `${digits}F`);
        expect(decodeBcd(encoded.bytes, { trailingF: true })).toEqual({
          ok: true,
          value: digits,
          used: encoded.bytes.length,
        });
      }),
    );
  });

  it('round-trips any digit string', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{0,40}$/), (digits) => {
        const encoded = encodeBcd(digits);
        if (!encoded.ok) return false;
        const decoded = decodeBcd(encoded.bytes, { trailingF: true });
        return decoded.ok && decoded.value === digits;
      }),
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (b, trailingF) => {
        void decodeBcd(b, { trailingF });
        return nibbles(b).length === b.length * 2;
      }),
    );
  });
});
