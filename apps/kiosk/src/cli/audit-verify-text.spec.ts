import { auditVerifyText } from './audit-verify-text';

describe('the text of kiosk audit verify', () => {
  it('intact, with and without a head', () => {
    expect(auditVerifyText({ records: 9, break: null })).toBe('Audit chain intact: 9 records');
    expect(auditVerifyText({ records: 9, break: null }, 6)).toBe(
      'Audit chain intact: 9 records, appended to only since seq 6',
    );
  });

  it('a deleted tail: broken after the last record left, the records gone named', () => {
    expect(
      auditVerifyText({ records: 7, break: { problem: 'tail-missing', seq: 7, expected: 9 } }),
    ).toBe(
      'Audit chain BROKEN after seq 7: tail-missing, seq 8 to 9 gone (SQLite gave numbers up to 9)',
    );
    expect(
      auditVerifyText({ records: 8, break: { problem: 'tail-missing', seq: 8, expected: 9 } }),
    ).toBe(
      'Audit chain BROKEN after seq 8: tail-missing, seq 9 gone (SQLite gave numbers up to 9)',
    );
    // Every record deleted.
    expect(
      auditVerifyText({ records: 0, break: { problem: 'tail-missing', seq: 0, expected: 3 } }),
    ).toBe(
      'Audit chain BROKEN after seq 0: tail-missing, seq 1 to 3 gone (SQLite gave numbers up to 3)',
    );
  });

  it('a gap: broken at the record after it, the records missing named', () => {
    expect(
      auditVerifyText({ records: 0, break: { problem: 'sequence-gap', seq: 5, expected: 4 } }),
    ).toBe('Audit chain BROKEN at seq 5: sequence-gap, seq 4 missing');
    expect(
      auditVerifyText({ records: 0, break: { problem: 'sequence-gap', seq: 8, expected: 4 } }),
    ).toBe('Audit chain BROKEN at seq 8: sequence-gap, seq 4 to 7 missing');
    expect(
      auditVerifyText({ records: 0, break: { problem: 'sequence-gap', seq: 3, expected: 4 } }),
    ).toBe('Audit chain BROKEN at seq 3: sequence-gap, seq 4 expected');
  });

  it.each(['hash-mismatch', 'prev-hash-mismatch'] as const)('%s: the record named', (problem) => {
    expect(auditVerifyText({ records: 0, break: { problem, seq: 5 } })).toBe(
      `Audit chain BROKEN at seq 5: ${problem}`,
    );
  });

  it.each(['head-missing', 'head-changed', 'head-pruned'] as const)(
    '%s: the head named',
    (problem) => {
      expect(auditVerifyText({ records: 9, break: { problem, seq: 6 } }, 6)).toBe(
        `Audit chain BROKEN at seq 6: ${problem}`,
      );
    },
  );
});
