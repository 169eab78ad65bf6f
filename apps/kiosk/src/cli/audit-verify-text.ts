import type { AuditService } from '../audit/audit.service';

export type AuditVerifyResult = Awaited<ReturnType<AuditService['verifySinceHead']>>;

const numbers = (from: number, to: number) =>
  from === to ? `seq ${from}` : `seq ${from} to ${to}`;

/**
 * What `kiosk audit verify` prints: intact, or the first broken sequence number and the kind of
 * break. Where records are missing it names them, since the break's `seq` is the record after a
 * gap, or the last record left when the tail is gone (not itself broken).
 */
export function auditVerifyText(result: AuditVerifyResult, headSeq?: number): string {
  const broken = result.break;
  if (!broken)
    return `Audit chain intact: ${result.records} records${headSeq === undefined ? '' : `, appended to only since seq ${headSeq}`}`;
  if (broken.problem === 'tail-missing')
    return `Audit chain BROKEN after seq ${broken.seq}: tail-missing, ${numbers(broken.seq + 1, broken.expected)} gone (SQLite gave numbers up to ${broken.expected})`;
  if (broken.problem === 'sequence-gap')
    return `Audit chain BROKEN at seq ${broken.seq}: sequence-gap, ${
      broken.seq > broken.expected
        ? `${numbers(broken.expected, broken.seq - 1)} missing`
        : `seq ${broken.expected} expected`
    }`;
  return `Audit chain BROKEN at seq ${broken.seq}: ${broken.problem}`;
}
