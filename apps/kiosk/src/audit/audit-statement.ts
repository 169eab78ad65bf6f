import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { AuditSigningKey } from './audit-signing-key';

/**
 * Statements the terminal signs about its audit log, verifiable anywhere with its public key
 * (Ed25519, RFC 8032, through node:crypto): the head of the log at a moment, and the checkpoint
 * that ends an export. The signature covers the statement's fields as one JSON array in a fixed
 * order (like a record's hash), so no key order or spacing can change what was signed.
 */
export interface AuditHead {
  kind: 'kiosk-audit-head';
  version: 1;
  /** When the head was read (UTC). */
  at: string;
  /** The last record of the log then (seq 0 and the genesis hash: an empty log). */
  seq: number;
  hash: string;
}

export interface AuditCheckpoint {
  kind: 'kiosk-audit-checkpoint';
  version: 1;
  at: string;
  /** What the export was asked for; a filtered export holds only the matching records. */
  filter: { from: string | null; to: string | null; types: string[] | null };
  rows: number;
  /** The first row's link and the last row's hash (null: no rows). */
  first: { seq: number; prevHash: string; hash: string } | null;
  last: { seq: number; hash: string } | null;
  /** Whether each row links to the row before it (prev_hash): then the rows are a whole stretch. */
  contiguous: boolean;
  /** SHA-256 over every exported row's hash in order (each hex, then a newline). */
  rowsDigest: string;
  /** The head of the whole log when the export began. */
  head: { seq: number; hash: string };
}

export type Signed<T> = T & {
  /** The signer's public key, SPKI PEM; trust it only if it is the terminal's you know. */
  publicKey: string;
  /** SHA-256 of that key (SPKI DER), hex. */
  publicKeyFingerprint: string;
  /** Ed25519 over the statement's canonical form, base64. */
  signature: string;
};

export type AuditStatement = AuditHead | AuditCheckpoint;

function canonical(s: AuditStatement): Buffer {
  const fields =
    s.kind === 'kiosk-audit-head'
      ? [s.kind, s.version, s.at, s.seq, s.hash]
      : [
          s.kind,
          s.version,
          s.at,
          s.filter.from,
          s.filter.to,
          s.filter.types,
          s.rows,
          s.contiguous,
          s.first && [s.first.seq, s.first.prevHash, s.first.hash],
          s.last && [s.last.seq, s.last.hash],
          s.rowsDigest,
          s.head.seq,
          s.head.hash,
        ];
  return Buffer.from(JSON.stringify(fields), 'utf8');
}

export function signAuditStatement<T extends AuditStatement>(
  statement: T,
  key: AuditSigningKey,
): Signed<T> {
  return {
    ...statement,
    publicKey: key.publicKeyPem,
    publicKeyFingerprint: key.fingerprint,
    signature: sign(null, canonical(statement), key.privateKey).toString('base64'),
  };
}

export type StatementCheck =
  { ok: true; fingerprint: string; trustedKey: boolean } | { ok: false; problem: string };

/**
 * Checks a signed statement: with `trusted` (the terminal's public key, known by other means),
 * against that key; without it, against the key the statement carries, which only shows the
 * statement was not changed after signing (`trustedKey: false`: compare the fingerprint).
 */
export function checkAuditStatement(
  statement: Signed<AuditStatement>,
  trusted?: KeyObject,
): StatementCheck {
  let key: KeyObject;
  try {
    key = trusted ?? createPublicKey(statement.publicKey);
  } catch {
    return { ok: false, problem: 'the statement carries no readable public key' };
  }
  const fingerprint = createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  if (trusted && fingerprint !== statement.publicKeyFingerprint)
    return {
      ok: false,
      problem: `signed by another key (${String(statement.publicKeyFingerprint).slice(0, 16)}…), not the one given`,
    };
  let valid = false;
  try {
    const { publicKey: _k, publicKeyFingerprint: _f, signature, ...fields } = statement;
    valid = verify(null, canonical(fields), key, Buffer.from(signature, 'base64'));
  } catch {
    valid = false;
  }
  return valid
    ? { ok: true, fingerprint, trustedKey: trusted !== undefined }
    : { ok: false, problem: 'the signature does not match the statement' };
}

/** The digest a checkpoint signs over the exported rows' hashes, in order, fed one by one. */
export function rowsDigester(): { add(hash: string): void; hex(): string } {
  const digest = createHash('sha256');
  return {
    add: (hash) => digest.update(`${hash}\n`, 'utf8'),
    hex: () => digest.digest('hex'),
  };
}
