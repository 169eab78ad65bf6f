import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { DomainError } from '../errors/domain-error';
import { loadOrCreateKeyFile } from '../secrets/key-file';

export class AuditKeyError extends DomainError {
  constructor(message: string) {
    super('audit-key-unusable', message);
    this.name = 'AuditKeyError';
  }
}

/** The terminal's audit signing key: an Ed25519 pair; the public half travels with exports. */
export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as SPKI PEM: what an auditor keeps and verifies with. */
  publicKeyPem: string;
  /** SHA-256 of the public key (SPKI DER), hex: a short way to compare keys by eye. */
  fingerprint: string;
}

/**
 * Reads the audit signing key (PKCS#8 PEM), or creates it on first start; written like the PAN
 * key (secrets/key-file.ts: mode 0600, never half-written, refused when others can read it).
 * Whoever holds it can sign a forged export: back it up apart from the database, like the PAN
 * key, and keep its public half (`kiosk audit public-key`) where the auditors are.
 */
export function loadOrCreateAuditSigningKey(path: string): AuditSigningKey & { created: boolean } {
  const { bytes, created } = loadOrCreateKeyFile(
    path,
    'audit signing key',
    () =>
      Buffer.from(
        generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
      ),
    (message) => new AuditKeyError(message),
  );
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(bytes);
  } catch (err) {
    throw new AuditKeyError(
      `The audit signing key file ${path} holds no private key: ${(err as Error).message}`,
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new AuditKeyError(
      `The audit signing key file ${path} holds a ${privateKey.asymmetricKeyType ?? 'unknown'} key, not Ed25519`,
    );
  return { ...publicHalf(createPublicKey(privateKey)), privateKey, created };
}

/** A public key's PEM and fingerprint. */
export function publicHalf(publicKey: KeyObject): Omit<AuditSigningKey, 'privateKey'> {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: createHash('sha256').update(der).digest('hex'),
  };
}
