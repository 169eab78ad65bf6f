import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_GENESIS_HASH } from './audit-chain';
import { loadOrCreateAuditSigningKey, publicHalf, type AuditSigningKey } from './audit-signing-key';
import {
  checkAuditStatement,
  rowsDigester,
  signAuditStatement,
  type AuditCheckpoint,
  type AuditHead,
  type Signed,
} from './audit-statement';

/** A key made in memory, as the terminal's would be (an Ed25519 pair with its public half). */
function memoryKey(): AuditSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { ...publicHalf(publicKey), privateKey };
}

const HEAD: AuditHead = {
  kind: 'kiosk-audit-head',
  version: 1,
  at: '2026-12-02T10:00:00.000Z',
  seq: 42,
  hash: 'a'.repeat(64),
};

const CHECKPOINT: AuditCheckpoint = {
  kind: 'kiosk-audit-checkpoint',
  version: 1,
  at: '2026-12-02T10:00:01.000Z',
  filter: { from: '2026-12-01T00:00:00.000Z', to: null, types: ['access-decision'] },
  rows: 3,
  contiguous: false,
  first: { seq: 7, prevHash: 'b'.repeat(64), hash: 'c'.repeat(64) },
  last: { seq: 40, hash: 'd'.repeat(64) },
  rowsDigest: 'e'.repeat(64),
  head: { seq: 42, hash: 'a'.repeat(64) },
};

const SIGNATURE_MISMATCH = { ok: false, problem: 'the signature does not match the statement' };

describe('signed audit statements', () => {
  const key = memoryKey();
  const other = memoryKey();

  it.each([
    ['a head', HEAD],
    ['a checkpoint', CHECKPOINT],
  ] as const)('%s verifies under the signing key and under the key it carries', (_, statement) => {
    const signed = signAuditStatement<AuditHead | AuditCheckpoint>(statement, key);
    expect(signed).toMatchObject({
      ...statement,
      publicKey: key.publicKeyPem,
      publicKeyFingerprint: key.fingerprint,
    });
    expect(Buffer.from(signed.signature, 'base64')).toHaveLength(64); // Ed25519
    expect(checkAuditStatement(signed, key.publicKey)).toEqual({
      ok: true,
      fingerprint: key.fingerprint,
      trustedKey: true,
    });
    expect(checkAuditStatement(signed)).toEqual({
      ok: true,
      fingerprint: key.fingerprint,
      trustedKey: false,
    });
  });

  it('survives a JSON round trip (what a file or an HTTP body does to it)', () => {
    const signed = JSON.parse(
      JSON.stringify(signAuditStatement(CHECKPOINT, key)),
    ) as Signed<AuditCheckpoint>;
    expect(checkAuditStatement(signed, key.publicKey)).toMatchObject({ ok: true });
  });

  type Change = (c: Signed<AuditCheckpoint>) => void;
  const checkpointChanges: [string, Change][] = [
    ['at', (c) => (c.at = '2026-12-02T10:00:02.000Z')],
    ['kind', (c) => ((c as { kind: string }).kind = 'kiosk-audit-checkpoinT')],
    ['version', (c) => ((c as { version: number }).version = 2)],
    ['filter.from', (c) => (c.filter.from = '2026-11-30T00:00:00.000Z')],
    ['filter.from to null', (c) => (c.filter.from = null)],
    ['filter.to', (c) => (c.filter.to = '2026-12-03T00:00:00.000Z')],
    ['filter.types', (c) => (c.filter.types = ['access-decision', 'admin-action'])],
    ['filter.types to null', (c) => (c.filter.types = null)],
    ['rows', (c) => (c.rows = 4)],
    ['contiguous', (c) => (c.contiguous = true)],
    ['first.seq', (c) => (c.first!.seq = 8)],
    ['first.prevHash', (c) => (c.first!.prevHash = 'f'.repeat(64))],
    ['first.hash', (c) => (c.first!.hash = 'f'.repeat(64))],
    ['first to null', (c) => (c.first = null)],
    ['last.seq', (c) => (c.last!.seq = 41)],
    ['last.hash', (c) => (c.last!.hash = `${'d'.repeat(63)}e`)],
    ['rowsDigest', (c) => (c.rowsDigest = `f${'e'.repeat(63)}`)],
    ['head.seq', (c) => (c.head.seq = 43)],
    ['head.hash', (c) => (c.head.hash = AUDIT_GENESIS_HASH)],
  ];

  it.each(checkpointChanges)('finds a checkpoint whose %s was changed', (_, change) => {
    const signed = structuredClone(signAuditStatement(CHECKPOINT, key));
    change(signed);
    expect(checkAuditStatement(signed, key.publicKey)).toEqual(SIGNATURE_MISMATCH);
    expect(checkAuditStatement(signed)).toEqual(SIGNATURE_MISMATCH);
  });

  it.each<[string, (h: Signed<AuditHead>) => void]>([
    ['at', (h) => (h.at = '2026-12-02T10:00:00.001Z')],
    ['seq', (h) => (h.seq = 41)],
    ['hash', (h) => (h.hash = AUDIT_GENESIS_HASH)],
  ])('finds a head whose %s was changed', (_, change) => {
    const signed = signAuditStatement(HEAD, key);
    change(signed);
    expect(checkAuditStatement(signed, key.publicKey)).toEqual(SIGNATURE_MISMATCH);
    expect(checkAuditStatement(signed)).toEqual(SIGNATURE_MISMATCH);
  });

  it('finds any one byte of the signature changed', () => {
    const signed = signAuditStatement(CHECKPOINT, key);
    const bytes = Buffer.from(signed.signature, 'base64');
    for (let i = 0; i < bytes.length; i++) {
      const changed = Buffer.from(bytes);
      changed[i]! ^= 0x01;
      const tampered = { ...signed, signature: changed.toString('base64') };
      expect([i, checkAuditStatement(tampered, key.publicKey)]).toEqual([i, SIGNATURE_MISMATCH]);
      expect([i, checkAuditStatement(tampered)]).toEqual([i, SIGNATURE_MISMATCH]);
    }
    const truncated = { ...signed, signature: bytes.subarray(0, 63).toString('base64') };
    expect(checkAuditStatement(truncated)).toEqual(SIGNATURE_MISMATCH);
    expect(checkAuditStatement({ ...signed, signature: '' })).toEqual(SIGNATURE_MISMATCH);
  });

  it('refuses a statement signed by another key when the terminal key is given', () => {
    const byOther = signAuditStatement(CHECKPOINT, other);
    const check = checkAuditStatement(byOther, key.publicKey);
    expect(check).toEqual({
      ok: false,
      problem: `signed by another key (${other.fingerprint.slice(0, 16)}…), not the one given`,
    });
    // Under the key it carries it holds, but says it is not the trusted one.
    expect(checkAuditStatement(byOther)).toEqual({
      ok: true,
      fingerprint: other.fingerprint,
      trustedKey: false,
    });
  });

  it('refuses another key passed off under the terminal key fingerprint', () => {
    const forged = {
      ...signAuditStatement(CHECKPOINT, other),
      publicKeyFingerprint: key.fingerprint,
    };
    expect(checkAuditStatement(forged, key.publicKey)).toEqual(SIGNATURE_MISMATCH);
    // A carried key swapped for the terminal one, signature left: does not match either.
    const swapped = { ...signAuditStatement(CHECKPOINT, other), publicKey: key.publicKeyPem };
    expect(checkAuditStatement(swapped)).toEqual(SIGNATURE_MISMATCH);
  });

  it.each([
    ['garbage', 'not a key at all'],
    ['empty', ''],
    ['a truncated PEM', '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n'],
  ])('reports a statement whose carried public key is %s, without throwing', (_, publicKey) => {
    const signed = { ...signAuditStatement(HEAD, key), publicKey };
    let check: ReturnType<typeof checkAuditStatement> | undefined;
    expect(() => (check = checkAuditStatement(signed))).not.toThrow();
    expect(check).toEqual({ ok: false, problem: 'the statement carries no readable public key' });
  });

  it('reports a statement carrying an RSA key, without throwing', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const signed = {
      ...signAuditStatement(HEAD, key),
      publicKey: rsa.export({ type: 'spki', format: 'pem' }).toString(),
    };
    let check: ReturnType<typeof checkAuditStatement> | undefined;
    expect(() => (check = checkAuditStatement(signed))).not.toThrow();
    expect(check).toMatchObject({ ok: false });
  });

  it('reports a statement without its signature, without throwing', () => {
    const { signature: _s, ...unsigned } = signAuditStatement(HEAD, key);
    const statement = unsigned as Signed<AuditHead>;
    expect(checkAuditStatement(statement)).toEqual(SIGNATURE_MISMATCH);
    expect(checkAuditStatement(statement, key.publicKey)).toEqual(SIGNATURE_MISMATCH);
  });

  it('reports a statement without its fingerprint under the trusted key, without throwing', () => {
    // A file edited by hand, or JSON that is not a statement, is what a verifier is handed.
    const { publicKeyFingerprint: _f, ...rest } = signAuditStatement(HEAD, other);
    const statement = rest as Signed<AuditHead>;
    let check: ReturnType<typeof checkAuditStatement> | undefined;
    expect(() => (check = checkAuditStatement(statement, key.publicKey))).not.toThrow();
    expect(check).toMatchObject({ ok: false });
  });
});

describe('the rows digest', () => {
  it('is SHA-256 over each hash followed by a newline (known answer)', () => {
    const digest = rowsDigester();
    digest.add('a');
    digest.add('b');
    expect(digest.hex()).toBe(createHash('sha256').update('a\nb\n').digest('hex'));
  });

  it('of no rows is SHA-256 of nothing', () => {
    expect(rowsDigester().hex()).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('depends on the order and the boundaries of the hashes', () => {
    const of = (hashes: string[]) => {
      const d = rowsDigester();
      hashes.forEach((h) => d.add(h));
      return d.hex();
    };
    expect(of(['a', 'b'])).not.toBe(of(['b', 'a']));
    expect(of(['ab'])).not.toBe(of(['a', 'b']));
  });
});

describe('loadOrCreateAuditSigningKey', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-audit-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a mode-0600 PKCS#8 Ed25519 key file, and reads the same key back', () => {
    const path = join(dir, 'nested', 'audit-ed25519.pem');
    const created = loadOrCreateAuditSigningKey(path);
    expect(created.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const pem = readFileSync(path, 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    expect(created.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(created.publicKey.asymmetricKeyType).toBe('ed25519');
    expect(created.fingerprint).toBe(
      createHash('sha256')
        .update(created.publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex'),
    );
    expect(created.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);

    const again = loadOrCreateAuditSigningKey(path);
    expect(again.created).toBe(false);
    expect(again.fingerprint).toBe(created.fingerprint);
    expect(again.publicKeyPem).toBe(created.publicKeyPem);
    expect(readFileSync(path, 'utf8')).toBe(pem);
    // What one signed, the other verifies as the trusted key.
    const signed = signAuditStatement(HEAD, created);
    expect(checkAuditStatement(signed, again.publicKey)).toMatchObject({
      ok: true,
      trustedKey: true,
    });
  });

  it('makes a different key in another place', () => {
    const a = loadOrCreateAuditSigningKey(join(dir, 'a.pem'));
    const b = loadOrCreateAuditSigningKey(join(dir, 'b.pem'));
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  it.each([
    ['0640', 0o640],
    ['0604', 0o604],
    ['0644', 0o644],
  ])('refuses a key file with mode %s', (_, mode) => {
    const path = join(dir, 'audit-ed25519.pem');
    loadOrCreateAuditSigningKey(path);
    chmodSync(path, mode);
    const load = () => loadOrCreateAuditSigningKey(path);
    expect(load).toThrow(
      expect.objectContaining({
        code: 'audit-key-unusable',
        name: 'AuditKeyError',
        message: expect.stringMatching(/readable by others .*chmod 600/) as unknown,
      }),
    );
  });

  it('refuses a file holding an RSA key, naming its type', () => {
    const path = join(dir, 'audit-ed25519.pem');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    writeFileSync(path, rsa.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    expect(() => loadOrCreateAuditSigningKey(path)).toThrow(
      expect.objectContaining({
        code: 'audit-key-unusable',
        message: `The audit signing key file ${path} holds a rsa key, not Ed25519`,
      }),
    );
  });

  it.each([
    ['garbage', 'not a key\n'],
    ['an empty file', ''],
    ['a public key', memoryKey().publicKeyPem],
  ])('refuses a file holding %s', (_, content) => {
    const path = join(dir, 'audit-ed25519.pem');
    writeFileSync(path, content, { mode: 0o600 });
    expect(() => loadOrCreateAuditSigningKey(path)).toThrow(
      expect.objectContaining({
        code: 'audit-key-unusable',
        message: expect.stringContaining(
          `The audit signing key file ${path} holds no private key`,
        ) as unknown,
      }),
    );
  });
});
