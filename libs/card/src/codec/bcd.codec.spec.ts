import fc from 'fast-check';
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
