import fc from 'fast-check';
import type { ApiTokenRecord } from './api-token';
import { hashTokenSecret, parseBearerToken, principalOfToken } from './api-token-check';

const ID = '0b0e9c1e-3f7a-4c55-9d7e-1a2b3c4d5e6f';
const SECRET = 'A'.repeat(21) + '_-' + 'z9'.repeat(10); // 43 characters of base64url
const NOW = new Date('2026-12-02T12:00:00Z');

const token = (over: Partial<ApiTokenRecord> = {}): ApiTokenRecord => ({
  id: ID,
  name: 'desk',
  role: 'operator',
  doors: ['front'],
  createdAt: new Date('2026-01-01T00:00:00Z'),
  expiresAt: null,
  revokedAt: null,
  ...over,
});
const stored = (over: Partial<ApiTokenRecord> = {}) => ({
  token: token(over),
  secretHash: hashTokenSecret(SECRET).toString('hex'),
});

describe('parseBearerToken', () => {
  it('reads kiosk.<uuid>.<43 base64url characters>', () => {
    expect(parseBearerToken(`kiosk.${ID}.${SECRET}`)).toEqual({ id: ID, secret: SECRET });
  });

  it.each([
    ['another prefix', `kiosq.${ID}.${SECRET}`],
    ['text before', ` kiosk.${ID}.${SECRET}`],
    ['text after', `kiosk.${ID}.${SECRET}x`],
    ['a short secret', `kiosk.${ID}.${SECRET.slice(1)}`],
    ['a character outside base64url', `kiosk.${ID}.${SECRET.slice(1)}+`],
    ['an id of another length', `kiosk.${ID}0.${SECRET}`],
    ['upper-case hex in the id', `kiosk.${ID.toUpperCase()}.${SECRET}`],
    ['nothing', ''],
  ])('refuses %s', (_what, bearer) => {
    expect(parseBearerToken(bearer)).toBeNull();
  });
});

describe('principalOfToken', () => {
  it('gives the principal of a live token whose secret matches', () => {
    expect(principalOfToken(SECRET, stored(), NOW)).toEqual({
      tokenId: ID,
      name: 'desk',
      role: 'operator',
      doors: ['front'],
    });
  });

  it('refuses an unknown id, a wrong secret, and a stored hash of the wrong size', () => {
    expect(principalOfToken(SECRET, null, NOW)).toBeNull();
    expect(principalOfToken(SECRET.replace('A', 'B'), stored(), NOW)).toBeNull();
    expect(principalOfToken(SECRET, { ...stored(), secretHash: 'abcd' }, NOW)).toBeNull();
  });

  it('refuses a revoked token, and an expired one from its expiry moment on', () => {
    expect(principalOfToken(SECRET, stored({ revokedAt: new Date(0) }), NOW)).toBeNull();
    const at = (expiresAt: Date) => principalOfToken(SECRET, stored({ expiresAt }), NOW);
    expect(at(new Date(NOW.getTime() + 1))).not.toBeNull();
    expect(at(NOW)).toBeNull();
    expect(at(new Date(NOW.getTime() - 1))).toBeNull();
  });

  it('matches no other secret', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), (other) => {
        fc.pre(other !== SECRET);
        expect(principalOfToken(other, stored(), NOW)).toBeNull();
      }),
    );
  });

  it('stores the SHA-256 of the secret (a known answer)', () => {
    expect(hashTokenSecret('abc').toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
