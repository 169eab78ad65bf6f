import { createHash } from 'node:crypto';
import {
  AUDIT_GENESIS_HASH,
  hashAuditRecord,
  verifyAuditChain,
  type ChainedAuditFields,
} from './audit-chain';

const FIRST: ChainedAuditFields = {
  seq: 1,
  at: '2026-12-02T10:00:00.000Z',
  type: 'access-decision',
  doorId: 'main',
  reader: 'Virtual PCD 00 00',
  credentialKind: 'uid',
  credentialDisplay: '04A224E2C35E80',
  holderId: 'h-1',
  outcome: 'granted',
  reason: null,
  detail: '{"method":"uid"}',
};
const SECOND: ChainedAuditFields = {
  ...FIRST,
  seq: 2,
  holderId: null,
  outcome: 'denied',
  reason: 'unknown',
};

// Known answers. Every log ever written was chained with exactly this genesis and this
// canonical form: a change to either would make every existing log fail verification, so these
// literals change only with a migration of the chain, never by accident.
const FIRST_HASH = '2e831686c82ad82a6a8dc59eb8e9552aff12d7d54eeb58aeed4f8752a17179e1';
const SECOND_HASH = '194b51882079651dffb0d2ee9c1e186756ca1c18a03290c4bf513af37d6c305a';

function chain(): Array<ChainedAuditFields & { prevHash: string; hash: string }> {
  return [
    { ...FIRST, prevHash: AUDIT_GENESIS_HASH, hash: FIRST_HASH },
    { ...SECOND, prevHash: FIRST_HASH, hash: SECOND_HASH },
  ];
}

describe('the audit hash chain', () => {
  it('starts from 64 zeros', () => {
    expect(AUDIT_GENESIS_HASH).toBe(
      '0000000000000000000000000000000000000000000000000000000000000000',
    );
  });

  it('hashes the canonical form: SHA-256 of a JSON array, previous hash first, fields in order', () => {
    const canonical =
      '["0000000000000000000000000000000000000000000000000000000000000000",1,' +
      '"2026-12-02T10:00:00.000Z","access-decision","main","Virtual PCD 00 00","uid",' +
      '"04A224E2C35E80","h-1","granted",null,"{\\"method\\":\\"uid\\"}"]';
    expect(createHash('sha256').update(canonical, 'utf8').digest('hex')).toBe(FIRST_HASH);
    expect(hashAuditRecord(AUDIT_GENESIS_HASH, FIRST)).toBe(FIRST_HASH);
    expect(hashAuditRecord(FIRST_HASH, SECOND)).toBe(SECOND_HASH);
  });

  it('covers every field: changing any one changes the hash', () => {
    for (const key of Object.keys(FIRST) as (keyof ChainedAuditFields)[]) {
      const changed: ChainedAuditFields = { ...FIRST, [key]: key === 'seq' ? 9 : 'x' };
      expect([key, hashAuditRecord(AUDIT_GENESIS_HASH, changed)]).not.toEqual([key, FIRST_HASH]);
    }
    expect(hashAuditRecord('f'.repeat(64), FIRST)).not.toBe(FIRST_HASH);
  });

  it('verifies an intact chain, from the genesis or from a known link', () => {
    expect(verifyAuditChain(chain())).toBeNull();
    expect(verifyAuditChain(chain().slice(1), { seq: 1, hash: FIRST_HASH })).toBeNull();
    expect(verifyAuditChain([])).toBeNull();
  });

  it('reports a stored prev_hash altered alone as prev-hash-mismatch', () => {
    const records = chain();
    records[1]!.prevHash = 'a'.repeat(64);
    expect(verifyAuditChain(records)).toEqual({ problem: 'prev-hash-mismatch', seq: 2 });
  });

  it('reports an altered field as hash-mismatch at that record', () => {
    const records = chain();
    records[1]!.outcome = 'granted';
    expect(verifyAuditChain(records)).toEqual({ problem: 'hash-mismatch', seq: 2 });
  });

  it('reports a stored hash altered alone at the record that holds it', () => {
    const records = chain();
    records[0]!.hash = 'b'.repeat(64);
    expect(verifyAuditChain(records)).toEqual({ problem: 'hash-mismatch', seq: 1 });
  });

  it('reports a missing, repeated or reordered record as a sequence gap', () => {
    const [first, second] = chain();
    expect(verifyAuditChain([second!])).toEqual({ problem: 'sequence-gap', seq: 2, expected: 1 });
    expect(verifyAuditChain([first!, first!])).toEqual({
      problem: 'sequence-gap',
      seq: 1,
      expected: 2,
    });
    expect(verifyAuditChain([second!, first!])).toEqual({
      problem: 'sequence-gap',
      seq: 2,
      expected: 1,
    });
    // Verified from a later start, the first record is one too few.
    expect(verifyAuditChain(chain(), { seq: 1, hash: FIRST_HASH })).toEqual({
      problem: 'sequence-gap',
      seq: 1,
      expected: 2,
    });
  });

  it('chains from the given start, not from the genesis', () => {
    expect(verifyAuditChain(chain().slice(1), { seq: 1, hash: 'c'.repeat(64) })).toEqual({
      problem: 'prev-hash-mismatch',
      seq: 2,
    });
  });
});
