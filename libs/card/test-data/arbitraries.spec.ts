import fc from 'fast-check';
import { luhnDigit, PAN_LENGTHS, panDigits, validAtr } from './arbitraries';

describe('card arbitraries', () => {
  it('luhnDigit() gives the ISO/IEC 7812-1 check digit', () => {
    expect(luhnDigit('7992739871')).toBe('3');
    expect(luhnDigit('411111111111111')).toBe('1');
    expect(luhnDigit('541333008960001')).toBe('0');
    expect(luhnDigit('37828224631000')).toBe('5');
  });

  it('panDigits() gives every length from 12 to 19, digits only', () => {
    const pans = fc.sample(panDigits(), 400);
    const lengths = new Set(pans.map((p) => p.length));
    expect([...lengths].sort((a, b) => a - b)).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
    expect([PAN_LENGTHS.min, PAN_LENGTHS.max]).toEqual([12, 19]);
    expect(pans.every((p) => /^\d+$/.test(p))).toBe(true);
  });

  it('a digit string of up to 40 reaches 40 (the unit suite lets an arbitrary reach its size)', () => {
    const lengths = fc.sample(fc.stringMatching(/^\d{0,40}$/), 1000).map((s) => s.length);
    expect(Math.max(...lengths)).toBeGreaterThanOrEqual(38);
  });

  it('validAtr() reaches the 33-byte maximum with TCK, and 32 bytes without', () => {
    const withTck = fc.sample(validAtr({ withTck: true }), 200);
    const without = fc.sample(validAtr({ withTck: false }), 200);
    expect(Math.max(...withTck.map((a) => a.bytes.length))).toBe(33);
    expect(Math.max(...without.map((a) => a.bytes.length))).toBe(32);
    expect(withTck.every((a) => a.tck !== undefined && a.announced.some((t) => t !== 0))).toBe(
      true,
    );
    expect(without.every((a) => a.tck === undefined && a.announced.every((t) => t === 0))).toBe(
      true,
    );
    expect(withTck.some((a) => a.announced.includes(15))).toBe(true);
    expect(new Set(withTck.map((a) => a.ts))).toEqual(new Set([0x3b, 0x3f]));
  });
});
