import { randomBytes } from 'node:crypto';
import { generateKeyPairSync } from 'node:crypto';
import { isLuhnValid, keySpellings, pansIn, scanText, type Secret } from './secret-scan';

const PAN = '5413330089600010';
const pan: Secret = { kind: 'pan', value: PAN };

describe('the scan of test output for secrets', () => {
  it('knows the test PANs by Luhn and leaves UIDs, zeros and short numbers alone', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
    const source = `pan: '${PAN}', uid: '04A224E2C35E80', zero: '000000000000', n: 12345, t: 1733212345678`;
    expect(pansIn(source)).toEqual([PAN]);
    expect(pansIn(`x${PAN}1`)).toEqual([]); // part of a longer run of digits is another number
    // An AID holds a Luhn-valid run of digits after its A: not a card number.
    expect(isLuhnValid('0000001211010')).toBe(true);
    expect(pansIn('aids: [A0000001211010, A0000000031010]')).toEqual([]);
  });

  it('finds a PAN as digits and as BCD in a hex dump, with its line, masked', () => {
    const text = [
      '{"msg":"tap","uid":"04A224E2C35E80"}',
      `{"msg":"apdu","data":"5A 08 54 13 33 00 89 60 00 10 90 00"}`,
      `{"msg":"read","pan":"${PAN}"}`,
      `{"msg":"read","pan":"54:13:33:00:89:60:00:10"}`,
    ].join('\n');
    const findings = scanText('kiosk.log', text, [pan]);
    expect(findings).toEqual([{ source: 'kiosk.log', line: 3, kind: 'pan', shown: '5413…10' }]);
    expect(scanText('a', text.split('\n')[1]!, [pan])).toHaveLength(1);
    expect(scanText('b', text.split('\n')[3]!, [pan])).toHaveLength(1);
    expect(JSON.stringify(findings)).not.toContain(PAN);
  });

  it('finds anything shaped like an API token, and a token secret on its own', () => {
    const secret = randomBytes(32).toString('base64url');
    const token = `kiosk.6f1c2d3e-0000-4000-8000-00000000abcd.${secret}`;
    expect(scanText('x', `auth ${token}`, [])).toMatchObject([{ kind: 'token', line: 1 }]);
    expect(scanText('x', `ok\nsecret=${secret}`, [{ kind: 'token', value: secret }])).toEqual([
      { source: 'x', line: 2, kind: 'token', shown: `${secret.slice(0, 4)}…${secret.slice(-2)}` },
    ]);
    expect(scanText('x', 'token kiosk.6f1c2d3e (id only) created', [])).toEqual([]);
  });

  it('spells a raw key as hex, base64 and base64url, and a PEM key by its body lines', () => {
    const raw = randomBytes(32);
    const spellings = keySpellings(raw);
    expect(spellings).toEqual(
      expect.arrayContaining([raw.toString('hex'), raw.toString('base64')]),
    );
    const pem = generateKeyPairSync('ed25519').privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const body = keySpellings(Buffer.from(pem));
    expect(body.length).toBeGreaterThan(0);
    expect(body.every((line) => pem.includes(line) && !line.includes('-----'))).toBe(true);
    const keys = body.map((value): Secret => ({ kind: 'key', value }));
    expect(scanText('x', `"key":"${body[0]}"`, keys)).toHaveLength(1);
    expect(scanText('x', 'nothing here', keys)).toEqual([]);
  });
});
