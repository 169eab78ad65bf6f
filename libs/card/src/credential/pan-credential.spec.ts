import { createHmac } from 'node:crypto';
import { inspect, format } from 'node:util';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import pino from 'pino';
import { luhnDigit, panDigits } from '../../test-data/arbitraries';
import { PanCredential } from './pan-credential';
import type { Credential } from './credential';

const DIGITS = '5413330089600010';
const KEY = new Uint8Array(32).fill(7);

function pan(digits = DIGITS): PanCredential {
  const made = PanCredential.fromDigits(digits);
  if (!made.ok) throw new Error(made.problem);
  return made.pan;
}

describe('PanCredential', () => {
  it('keeps last4 and a fixed-shape mask', () => {
    expect(pan()).toMatchObject({ last4: '0010', masked: '**** **** **** 0010' });
    expect(pan('378282246310005').masked).toBe('**** **** **** 0005');
  });

  it('hmac() is HMAC-SHA-256 of the digit string, in hex', () => {
    const expected = createHmac('sha256', KEY).update(DIGITS).digest('hex');
    expect(pan().hmac(KEY)).toBe(expected);
    expect(pan().hmac(KEY)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an HMAC key shorter than 16 bytes, and takes one of 16', () => {
    const refused = new RangeError('the PAN HMAC key must be at least 16 bytes');
    expect(() => pan().hmac(new Uint8Array(8))).toThrow(refused);
    expect(() => pan().hmac(new Uint8Array(15).fill(7))).toThrow(refused);
    const key16 = new Uint8Array(16).fill(7);
    expect(pan().hmac(key16)).toBe(createHmac('sha256', key16).update(DIGITS).digest('hex'));
  });

  // ISO/IEC 7812-1: 12 to 19 digits; both ends and the lengths past 16 are kept whole.
  it.each([
    '676123456789',
    '6761234567890',
    '378282246310005',
    '67612345678901230',
    '676123456789012344',
    '6761234567890123455',
  ])('keeps a PAN of %s whole', (digits) => {
    const credential = pan(digits);
    expect(credential.matches(digits)).toBe(true);
    const otherLast = digits.slice(0, -1) + String((Number(digits.at(-1)) + 1) % 10);
    expect(credential.matches(otherLast)).toBe(false);
    expect(credential.hmac(KEY)).toBe(createHmac('sha256', KEY).update(digits).digest('hex'));
    expect(credential.last4).toBe(digits.slice(-4));
  });

  it('keeps every PAN of 12 to 19 digits whole, behind a mask of one shape', () => {
    fc.assert(
      fc.property(panDigits(), (digits) => {
        const credential = pan(digits);
        expect(credential.matches(digits)).toBe(true);
        expect(credential.hmac(KEY)).toBe(createHmac('sha256', KEY).update(digits).digest('hex'));
        expect(credential.masked).toBe(`**** **** **** ${digits.slice(-4)}`);
      }),
    );
  });

  it('matches() compares with digits without revealing them', () => {
    expect(pan().matches(DIGITS)).toBe(true);
    expect(pan().matches('4111111111111111')).toBe(false);
    expect(pan().matches('541333')).toBe(false);
  });

  it('matches() takes no look-alike for a digit (found by mutation testing)', () => {
    // U+0131 and U+0661 have a low byte of '1' and 'a': in 'ascii' they would pass for digits.
    const lookAlike = `${DIGITS.slice(0, -1)}${String.fromCharCode(0x100 + DIGITS.charCodeAt(DIGITS.length - 1))}`;
    expect(pan().matches(lookAlike)).toBe(false);
    expect(pan().matches(`${DIGITS.slice(0, -1)}\u0131`)).toBe(false);
    expect(pan().matches(`\u0135${DIGITS.slice(1)}`)).toBe(false); // U+0135's low byte is '5'
  });

  it('matches() says false, never throws, for a number of another length', () => {
    expect(pan().matches(DIGITS.slice(0, 13))).toBe(false);
    expect(pan().matches(`${DIGITS}123`)).toBe(false);
  });

  it('is frozen: its mask and last four cannot be changed after it is made', () => {
    expect(Object.isFrozen(pan())).toBe(true);
  });

  it.each([
    ['4111 1111 1111 1111', 'not-digits'],
    ['41111111111', 'bad-length'],
    ['41111111111111111111', 'bad-length'],
    ['4111111111111112', 'luhn-mismatch'],
    ['', 'not-digits'],
    ['x411111111111111', 'not-digits'],
    ['411111111111111x', 'not-digits'],
    ['-411111111111111', 'not-digits'],
    // Luhn-valid, so only the length can refuse them.
    [`4111111111${luhnDigit('4111111111')}`, 'bad-length'],
    [`4111111111111111111${luhnDigit('4111111111111111111')}`, 'bad-length'],
  ])('refuses "%s": %s', (digits, problem) => {
    expect(PanCredential.fromDigits(digits)).toEqual({ ok: false, problem });
  });

  it('gives exactly its mask wherever it becomes text', () => {
    const masked = '**** **** **** 0010';
    const credential = pan();
    expect(credential.toJSON()).toBe(masked);
    expect(JSON.stringify({ pan: credential })).toBe(`{"pan":"${masked}"}`);
    expect(credential.toString()).toBe(masked);
    expect(credential[Symbol.toPrimitive]()).toBe(masked);
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- the point of the test
    expect(`${credential}`).toBe(masked);
    expect(String(credential)).toBe(masked);
    expect('' + (credential as unknown as string)).toBe(masked);
    expect(inspect(credential)).toBe(masked);
    expect(inspect({ pan: credential })).toBe(`{ pan: ${masked} }`);
    expect(format('%s %o', credential, credential)).toBe(`${masked} ${masked}`);
  });

  describe('never shows its digits', () => {
    const credential: Credential = { kind: 'pan', pan: pan() };
    const leaks = (text: string): boolean => text.includes(DIGITS) || text.includes('54133300896');

    it.each([
      ['JSON.stringify', () => JSON.stringify({ read: { credential } })],
      ['JSON.stringify, pretty', () => JSON.stringify(credential, null, 2)],
      ['util.inspect', () => inspect(credential, { depth: 10, showHidden: true })],
      [
        'util.format %o',
        () => format('%o %O %s %j', credential, credential, credential.pan, credential),
      ],
      // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- the point of the test
      ['template string', () => `${credential.pan} / ${String(credential.pan)}`],
      ['string concatenation', () => 'pan: ' + (credential.pan as unknown as string)],
      ['Object.entries', () => JSON.stringify(Object.entries(credential.pan))],
      ['spread', () => JSON.stringify({ ...credential.pan })],
      ['structuredClone', () => JSON.stringify(structuredClone({ ...credential.pan }))],
    ])('%s', (_name, render) => {
      const text = render();
      expect(leaks(text)).toBe(false);
    });

    it('through pino, as a logged object and as an error detail', () => {
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      const logger = pino({ level: 'debug' }, sink);
      logger.info({ credential, pan: credential.pan }, 'card read');
      // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- the point of the test
      logger.info(`read ${credential.pan}`);
      // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- the point of the test
      logger.error({ err: new Error(`bad card ${credential.pan}`) }, 'failed');
      const text = lines.join('');
      expect(text).toContain('**** **** **** 0010');
      expect(leaks(text)).toBe(false);
    });
  });
});
