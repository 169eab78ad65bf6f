import fc from 'fast-check';
import { parseHex } from '@kiosk/card';
import { CredentialErrorCode } from './credentials.errors';
import {
  compactCredentialText,
  mayHoldCardNumber,
  normaliseCredential,
  panSpelledBy,
} from './credential-text';
import { parseUidText } from './uid-text';

// Public test numbers, never real cards: Diners 36259600000004 (7 bytes as hex) and Visa 4111...
const DINERS = '36259600000004';
const VISA = '4111111111111111';

const refusal = (text: string): { code?: string; message: string } => {
  try {
    parseUidText(text);
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error(`${text} was accepted`);
};

describe('one normalisation of credential text', () => {
  it.each([
    DINERS,
    `0x${DINERS}`,
    `0X${DINERS}`,
    '3625 9600 0000 04',
    '36:25:96:00:00:00:04',
    '36-2596-0000-0004',
    `  ${DINERS}\t`,
    VISA,
    '4111:1111:1111:1111',
  ])('refuses %s as a UID, as a bank-card number, without repeating it', (text) => {
    const error = refusal(text);
    expect(error.code).toBe(CredentialErrorCode.PanAsUid);
    expect(error.message).not.toMatch(/\d{4}/);
  });

  it('never repeats typed text that may hold a card number, even a mistyped one', () => {
    const error = refusal('4111 1111 1111 1112 22'); // Luhn fails, too long for a UID
    expect(error.code).toBe(CredentialErrorCode.InvalidUid);
    expect(error.message).toBe('That is not a card UID: expected 4, 7 or 10 bytes of hex');
  });

  it('still names short text that cannot be a card number', () => {
    expect(refusal('12345').message).toBe(
      '"12345" is not a card UID: expected 4, 7 or 10 bytes of hex',
    );
  });

  it('accepts the UID forms a person types', () => {
    expect(parseUidText('0x04A224E2C35E80')).toBe('04A224E2C35E80');
    expect(parseUidText('04:a2:24:e2:c3:5e:80')).toBe('04A224E2C35E80');
  });

  it('compacts exactly as the hex parser does, so the guard sees the parser digits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('0', '7', 'a', 'F', ' ', ':', '-', '\t'), { maxLength: 40 }),
        fc.boolean(),
        (chars, prefix) => {
          const text = `${prefix ? '0x' : ''}${chars.join('')}`;
          const parsed = parseHex(text);
          const compact = compactCredentialText(text);
          if (parsed.ok)
            expect(Buffer.from(parsed.value).toString('hex')).toBe(compact.toLowerCase());
        },
      ),
    );
  });

  it('turns a read UID that spells a PAN into that PAN, masked', () => {
    const credential = normaliseCredential({ kind: 'uid', uid: DINERS });
    expect(credential.kind).toBe('pan');
    expect(credential.kind === 'pan' && credential.pan.masked).toMatch(/0004$/);
    expect(normaliseCredential({ kind: 'uid', uid: '04A224E2C35E80' })).toEqual({
      kind: 'uid',
      uid: '04A224E2C35E80',
    });
    expect(panSpelledBy('04A224E2C35E80')).toBeNull();
    expect(mayHoldCardNumber('04A224E2C35E80')).toBe(false);
  });
});
