import { hexBytes, toHex } from '../../codec/hex';
import { classifyAtr } from '../../codec/atr.parser';
import { contactlessStorageAtr, contactlessUidProfile } from './contactless-uid.profile';

const answer = (uid: string, command: string, kind?: 'ntag216' | 'mifare-classic-1k'): string =>
  toHex(contactlessUidProfile(uid, { kind }).respond(hexBytes(command)), ' ');

describe('contactlessUidProfile (PC/SC Part 3 storage card)', () => {
  it('builds the PC/SC Part 3 ATRs', () => {
    expect(toHex(contactlessUidProfile('04A224E2C35E80').atr)).toBe(
      '3B8F8001804F0CA0000003060300030000000068',
    );
    expect(toHex(contactlessUidProfile('DEADBEEF').atr)).toBe(
      '3B8F8001804F0CA000000306030001000000006A',
    );
    expect(toHex(contactlessUidProfile('DEADBEEF', { kind: 'ntag216' }).atr)).toMatch(
      /0300030000000068$/,
    );
    expect(classifyAtr(contactlessStorageAtr(0x03, 0x0002))).toBe('contactless-storage');
  });

  it.each([
    ['FF CA 00 00 00', '04 A2 24 E2 C3 5E 80 90 00'],
    ['FF CA 00 00 07', '04 A2 24 E2 C3 5E 80 90 00'],
    ['FF CA 00 00 04', '6C 07'],
    ['FF CA 00 00 09', '04 A2 24 E2 C3 5E 80 62 82'],
    ['FF CA 01 00 00', '6A 81'],
    ['FF CA 00 01 00', '6A 86'],
    ['FF CA 00 00', '67 00'],
    ['FF CA 00 00 01 00', '67 00'],
    ['FF B0 00 04 10', '6A 81'],
    ['00 A4 04 00 07 A0 00 00 00 04 10 10 00', '6D 00'],
    ['80 A8 00 00 02 83 00 00', '6E 00'],
    ['BC A4 00 00 02 3F 00', '6E 00'],
    ['FF CA', '67 00'],
  ])('%s → %s', (command, response) => {
    expect(answer('04A224E2C35E80', command)).toBe(response);
  });

  it.each(['', '04A2', 'ZZZZZZZZ', '04A224E2C35E8000'])('refuses the UID %j', (uid) => {
    expect(() => contactlessUidProfile(uid)).toThrow(RangeError);
  });
});
