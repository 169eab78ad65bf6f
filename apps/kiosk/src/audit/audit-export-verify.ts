import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  checkExportRows,
  parseAuditExport,
  type AuditExportFormat,
  type ExportProblem,
} from './audit-export-format';
import { checkAuditStatement, rowsDigester, type StatementCheck } from './audit-statement';

export interface ExportVerification {
  ok: boolean;
  format: AuditExportFormat | null;
  rows: number;
  /** The checkpoint's signature: under the key given, or only under the one it carries. */
  signature: StatementCheck;
  /** Every row problem found, by sequence number where there is one. */
  problems: ExportProblem[];
}

/**
 * Verifies an export on any machine, without the terminal or its database: the rows chain (an
 * unfiltered export) and match their hashes, they are exactly the rows the checkpoint counted and
 * digested, and the checkpoint is signed by the terminal's key (`publicKeyPem`; without it, only
 * by the key the file carries, which proves nothing about who made it).
 */
export function verifyAuditExport(text: string, publicKeyPem?: string): ExportVerification {
  let trusted: KeyObject | undefined;
  if (publicKeyPem !== undefined) trusted = createPublicKey(publicKeyPem);
  let parsed: ReturnType<typeof parseAuditExport>;
  try {
    parsed = parseAuditExport(text);
  } catch (err) {
    return {
      ok: false,
      format: null,
      rows: 0,
      signature: { ok: false, problem: 'not read' },
      problems: [
        {
          seq: null,
          problem: 'checkpoint',
          detail: `not an audit export: ${(err as Error).message}`,
        },
      ],
    };
  }
  const signature = parsed.checkpoint
    ? checkAuditStatement(parsed.checkpoint, trusted)
    : ({ ok: false, problem: 'the export has no checkpoint' } as const);
  const problems = checkExportRows(parsed, (hashes) => {
    const digest = rowsDigester();
    hashes.forEach((h) => digest.add(h));
    return digest.hex();
  });
  return {
    ok: signature.ok && problems.length === 0,
    format: parsed.format,
    rows: parsed.records.length,
    signature,
    problems,
  };
}
