import { createHmac, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';
import { isLuhnValid } from '../codec/luhn';

/** ISO/IEC 7812-1: a PAN has up to 19 digits; payment cards use 12 and up. */
export const PAN_MIN_DIGITS = 12;
export const PAN_MAX_DIGITS = 19;

/** One shape for every PAN, so the mask reveals neither the length nor the issuer. */
export const PAN_MASK_PREFIX = '**** **** **** ';

export type PanProblem = 'not-digits' | 'bad-length' | 'luhn-mismatch';

/**
 * A bank-card number that cannot leak by accident. The digits live in a #private field, which
 * no serialiser can see; every way of turning the object into text (JSON.stringify, String(),
 * template strings, util.inspect, console.log, pino) gives the masked form
 * `**** **** **** 0011`. Past the reader only `hmac(key)` (to look the card up) and `last4`
 * (to show a person which card) ever leave it.
 */
export class PanCredential {
  readonly #digits: string;
  readonly last4: string;
  readonly masked: string;

  private constructor(digits: string) {
    this.#digits = digits;
    this.last4 = digits.slice(-4);
    this.masked = `${PAN_MASK_PREFIX}${this.last4}`;
    Object.freeze(this);
  }

  /** A PAN of 12-19 digits with a correct Luhn check digit, or the problem. Never throws. */
  static fromDigits(
    digits: string,
  ): { ok: true; pan: PanCredential } | { ok: false; problem: PanProblem } {
    if (!/^\d+$/.test(digits)) return { ok: false, problem: 'not-digits' };
    if (digits.length < PAN_MIN_DIGITS || digits.length > PAN_MAX_DIGITS) {
      return { ok: false, problem: 'bad-length' };
    }
    if (!isLuhnValid(digits)) return { ok: false, problem: 'luhn-mismatch' };
    return { ok: true, pan: new PanCredential(digits) };
  }

  /**
   * HMAC-SHA-256 of the ASCII digit string under `key`, lower-case hex: the form the allowlist
   * stores and looks a card up by. Throws RangeError on a key shorter than 16 bytes (a
   * configuration mistake that must not pass silently).
   */
  hmac(key: Uint8Array): string {
    if (key.length < 16) throw new RangeError('the PAN HMAC key must be at least 16 bytes');
    return createHmac('sha256', key).update(this.#digits, 'ascii').digest('hex');
  }

  /** Whether this is the PAN `digits` (constant time); for enrolment checks and tests. */
  matches(digits: string): boolean {
    // Only ASCII digits can match: Node's 'ascii' encoding keeps the low byte of each UTF-16
    // unit, so a look-alike such as U+0131 would otherwise compare equal to '1'.
    if (!/^\d{12,19}$/.test(digits)) return false;
    const a = Buffer.from(this.#digits, 'ascii');
    const b = Buffer.from(digits, 'ascii');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  toJSON(): string {
    return this.masked;
  }

  toString(): string {
    return this.masked;
  }

  [Symbol.toPrimitive](): string {
    return this.masked;
  }

  [inspect.custom](): string {
    return this.masked;
  }
}
