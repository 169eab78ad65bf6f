import { createHmac } from 'node:crypto';
import { inspect, format } from 'node:util';
import { Writable } from 'node:stream';
import pino from 'pino';
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

  it('refuses a short HMAC key', () => {
    expect(() => pan().hmac(new Uint8Array(8))).toThrow(RangeError);
  });

  it('matches() compares with digits without revealing them', () => {
    expect(pan().matches(DIGITS)).toBe(true);
    expect(pan().matches('4111111111111111')).toBe(false);
    expect(pan().matches('541333')).toBe(false);
  });

  it.each([
    ['4111 1111 1111 1111', 'not-digits'],
    ['41111111111', 'bad-length'],
    ['41111111111111111111', 'bad-length'],
    ['4111111111111112', 'luhn-mismatch'],
  ])('refuses %s: %s', (digits, problem) => {
    expect(PanCredential.fromDigits(digits)).toEqual({ ok: false, problem });
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
