import fc from 'fast-check';
import { isLuhnValid, luhnCheckDigit } from './luhn';

describe('Luhn (ISO/IEC 7812-1 Annex B)', () => {
  it.each([
    ['4111111111111111', true],
    ['5413330089600010', true],
    ['4761739001010010', true],
    ['378282246310005', true],
    ['79927398713', true],
    ['79927398710', false],
    ['4111111111111112', false],
    ['', false],
    ['0', false],
    ['4111 1111 1111 1111', false],
    ['41111111111111a1', false],
  ])('%s → %s', (digits, valid) => {
    expect(isLuhnValid(digits)).toBe(valid);
  });

  it.each([
    ['7992739871', 3],
    ['411111111111111', 1],
    ['541333008960001', 0],
  ])('check digit of %s is %d', (payload, digit) => {
    expect(luhnCheckDigit(payload)).toBe(digit);
  });

  it('refuses a payload that is not digits', () => {
    expect(luhnCheckDigit('12a')).toBeUndefined();
    expect(luhnCheckDigit('')).toBeUndefined();
  });

  it('appending the check digit always gives a valid number; one changed digit never does', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,30}$/), fc.nat(), (payload, pick) => {
        const full = `${payload}${luhnCheckDigit(payload)}`;
        expect(isLuhnValid(full)).toBe(true);
        const i = pick % full.length;
        const changed = `${full.slice(0, i)}${(Number(full[i]) + 1) % 10}${full.slice(i + 1)}`;
        expect(isLuhnValid(changed)).toBe(false);
      }),
    );
  });

  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string(), (s) => void isLuhnValid(s)));
  });

  it('refuses digits with anything before or after them (found by mutation testing)', () => {
    expect(isLuhnValid('18')).toBe(true);
    expect(isLuhnValid('b18')).toBe(false);
    expect(isLuhnValid('18F')).toBe(false);
    expect(luhnCheckDigit('1')).toBe(8);
    expect(luhnCheckDigit('a1')).toBeUndefined();
    expect(luhnCheckDigit('1a')).toBeUndefined();
  });
});
